import { z } from "zod";

export const EVENT_TITLE_MAX = 200;
export const EVENT_DESCRIPTION_MAX = 4000;
export const EVENT_LOCATION_MAX = 500;
export const REVIEW_MESSAGE_MAX = 2000;

/** "YYYY-MM-DDTHH:mm" from a datetime-local input, read as Asia/Tokyo time and stored in UTC. */
const tokyoDateTime = (label: string) =>
  z
    .string()
    .trim()
    .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/, `${label}を日時で入力してください。`)
    .transform((v) => new Date(`${v}:00+09:00`))
    .refine((d) => !Number.isNaN(d.getTime()), `${label}を日時で入力してください。`)
    .prefault("");

const uuid = (message: string) => z.uuid({ error: message }).prefault("");

const eventFields = {
  title: z
    .string()
    .trim()
    .min(1, "イベント名を入力してください。")
    .max(EVENT_TITLE_MAX, `イベント名は${EVENT_TITLE_MAX}文字以内で入力してください。`)
    .prefault(""),
  startsAt: tokyoDateTime("開催日時"),
  format: z.enum(["online", "venue"], { error: "開催形式を選んでください。" }),
  location: z
    .string()
    .trim()
    .max(EVENT_LOCATION_MAX, `会場・URLは${EVENT_LOCATION_MAX}文字以内で入力してください。`)
    .prefault(""),
  applicationStartsAt: tokyoDateTime("応募受付の開始日時"),
  applicationEndsAt: tokyoDateTime("応募受付の終了日時"),
  description: z
    .string()
    .trim()
    .max(EVENT_DESCRIPTION_MAX, `説明は${EVENT_DESCRIPTION_MAX.toLocaleString("ja-JP")}文字以内で入力してください。`)
    .prefault(""),
};

type EventFieldsShape = { applicationStartsAt: Date; applicationEndsAt: Date; startsAt: Date };
function withPeriodChecks<S extends z.ZodType<EventFieldsShape>>(schema: S) {
  return schema
    .refine((v) => v.applicationStartsAt < v.applicationEndsAt, {
      path: ["applicationEndsAt"],
      message: "応募受付の終了日時は、開始日時より後にしてください。",
    })
    .refine((v) => v.applicationEndsAt <= v.startsAt, {
      path: ["applicationEndsAt"],
      message: "応募受付の終了日時は、開催日時より前にしてください。",
    });
}

export const EventFieldsSchema = withPeriodChecks(z.strictObject(eventFields));
/** The edit form on the event page (which carries other intents too). */
export const UpdateEventSchema = withPeriodChecks(z.strictObject({ intent: z.literal("update"), ...eventFields }));

export type EventFieldsInput = z.output<typeof EventFieldsSchema>;

export const CreateEventSchema = EventFieldsSchema;

const intent = <T extends string>(value: T) => z.literal(value);

/** The bureau's operations on one event. */
export const BureauEventActionSchema = z.discriminatedUnion(
  "intent",
  [
    z.strictObject({ intent: intent("publish") }),
    z.strictObject({ intent: intent("cancel") }),
    z.strictObject({ intent: intent("invite"), organizationId: uuid("招待する自治体を選んでください。") }),
    z.strictObject({ intent: intent("approve"), entryId: uuid("審査するピッチを選び直してください。") }),
    z.strictObject({
      intent: intent("requestChanges"),
      entryId: uuid("審査するピッチを選び直してください。"),
      message: z
        .string()
        .trim()
        .min(1, "修正をお願いする内容を入力してください。")
        .max(
          REVIEW_MESSAGE_MAX,
          `メッセージは${REVIEW_MESSAGE_MAX.toLocaleString("ja-JP")}文字以内で入力してください。`,
        )
        .prefault(""),
    }),
  ],
  { error: "操作の内容が正しくありません。" },
);
export type BureauEventAction = z.output<typeof BureauEventActionSchema>;

/** The municipality's operations: attach a pitch to an event it is invited to, resubmit, withdraw. */
export const MunicipalityEventActionSchema = z.discriminatedUnion(
  "intent",
  [
    z.strictObject({
      intent: intent("enter"),
      eventId: uuid("イベントを選び直してください。"),
      pitchId: uuid("登録するピッチを選んでください。"),
    }),
    z.strictObject({ intent: intent("resubmit"), entryId: uuid("ピッチを選び直してください。") }),
    z.strictObject({ intent: intent("withdraw"), entryId: uuid("ピッチを選び直してください。") }),
  ],
  { error: "操作の内容が正しくありません。" },
);
export type MunicipalityEventAction = z.output<typeof MunicipalityEventActionSchema>;

export const InterestSchema = z.strictObject({
  intent: z.literal("interest", { error: "操作の内容が正しくありません。" }),
});
