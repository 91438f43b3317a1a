import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { requireMemberWith } from "~/auth/guards.server";
import { confirmWith } from "~/web/confirm";
import { FormAlert } from "~/components/form-field";
import { formatDateTime } from "~/lib/format";
import { enterPitch, moveOwnEntry } from "~/domain/events/events.commands.server";
import { getMunicipalityEvents } from "~/domain/events/events.queries.server";
import { entryStatusLabels, eventFormatLabels, eventStatusLabels } from "~/domain/events/events.rules";
import { MunicipalityEventActionSchema } from "~/domain/events/events.schema";
import { db } from "~/lib/db.server";
import { handle, type FormFailure } from "~/web/http.server";
import { CHECK_INPUT, runForm } from "~/web/intents.server";
import { readForm } from "~/web/input.server";

export const meta: MetaFunction = () => [{ title: "ピッチイベント | ガバメントピッチ・マッチング" }];

export const loader = /* @__PURE__ */ handle(async ({ request }: LoaderFunctionArgs) => {
  const actor = await requireMemberWith(request, { action: "workspace.municipality" });
  const data = await getMunicipalityEvents(db(), actor.membership.organizationId);
  return json({ ...data, now: new Date().toISOString() });
});

export const action = /* @__PURE__ */ handle(async ({ request }: ActionFunctionArgs) => {
  const actor = await requireMemberWith(request, { action: "workspace.municipality" });
  const formData = await readForm(request);
  return runForm(formData, {
    schema: MunicipalityEventActionSchema,
    invalid: CHECK_INPUT,
    run: async (input) => {
      if (input.intent === "enter") await enterPitch(actor, input.eventId, input.pitchId);
      else await moveOwnEntry(actor, input.entryId, input.intent);
    },
    done: { path: "/municipality/events" },
  });
});

export default function MunicipalityEvents() {
  const { events, pitches, now } = useLoaderData<typeof loader>();
  const failure = useActionData<FormFailure>();
  const navigation = useNavigation();
  const pending = navigation.state === "submitting";
  return (
    <>
      <h1>ピッチイベント</h1>
      <p>
        地方経済産業局などから招待されたピッチイベントに、自分たちのピッチ（下書き・公開中）を応募できます。応募したピッチは主催者の審査で承認されると、イベントの公開ページに掲載されます。
      </p>
      <FormAlert message={failure?.formError ?? failure?.fieldErrors.pitchId} />
      {events.length === 0 ? <p className="empty">招待されているイベントはありません。</p> : null}
      {events.map((event) => {
        const open = event.status === "published" && event.applicationStartsAt <= now && now < event.applicationEndsAt;
        const entered = new Set(event.entries.map((e) => e.pitch.id));
        const candidates = pitches.filter((p) => !entered.has(p.id));
        return (
          <section key={event.id} className="card" aria-labelledby={`event-${event.id}`}>
            <h2 id={`event-${event.id}`}>
              <Link to={`/events/${event.id}`}>{event.title}</Link>
            </h2>
            <p className="small">
              主催: {event.organizer}｜{formatDateTime(event.startsAt)}（{eventFormatLabels[event.format]}）｜
              <span className="badge">{eventStatusLabels[event.status]}</span>
            </p>
            <p className="small">
              応募受付: {formatDateTime(event.applicationStartsAt)} 〜 {formatDateTime(event.applicationEndsAt)}
            </p>
            <h3>応募したピッチ</h3>
            {event.entries.length === 0 ? <p className="empty">まだ応募していません。</p> : null}
            <ul>
              {event.entries.map((entry) => (
                <li key={entry.id}>
                  <Link to={`/municipality/pitches/${entry.pitch.id}`}>{entry.pitch.title}</Link>{" "}
                  <span className="badge">{entryStatusLabels[entry.status]}</span>
                  {entry.status === "changes_requested" && entry.reviewMessage ? (
                    <div className="alert alert--warn" role="note">
                      <p>主催者からの修正依頼（{formatDateTime(entry.reviewedAt)}）:</p>
                      <p className="pre-wrap">{entry.reviewMessage}</p>
                      <p className="small">ピッチを編集してから「修正して再応募する」を押してください。</p>
                    </div>
                  ) : null}
                  {event.status !== "cancelled" ? (
                    <div className="actions">
                      {entry.status === "changes_requested" || entry.status === "withdrawn" ? (
                        <Form method="post">
                          <input type="hidden" name="intent" value="resubmit" />
                          <input type="hidden" name="entryId" value={entry.id} />
                          <button type="submit" className="button" disabled={pending}>
                            {entry.status === "withdrawn" ? "再応募する" : "修正して再応募する"}
                          </button>
                        </Form>
                      ) : null}
                      {entry.status !== "withdrawn" ? (
                        <Form method="post" onSubmit={confirmWith("このピッチの応募を取り下げます。よろしいですか？")}>
                          <input type="hidden" name="intent" value="withdraw" />
                          <input type="hidden" name="entryId" value={entry.id} />
                          <button type="submit" className="link-button" disabled={pending}>
                            取り下げる
                          </button>
                        </Form>
                      ) : null}
                    </div>
                  ) : null}
                </li>
              ))}
            </ul>
            {open && candidates.length > 0 ? (
              <Form method="post" className="stack-fields">
                <input type="hidden" name="intent" value="enter" />
                <input type="hidden" name="eventId" value={event.id} />
                <div className="field">
                  <label htmlFor={`pitch-${event.id}`}>応募するピッチ</label>
                  <select id={`pitch-${event.id}`} name="pitchId" required>
                    {candidates.map((p) => (
                      <option key={p.id} value={p.id}>
                        {p.title}（{p.status === "draft" ? "下書き" : "公開中"}）
                      </option>
                    ))}
                  </select>
                </div>
                <button type="submit" className="button" disabled={pending}>
                  このピッチで応募する
                </button>
              </Form>
            ) : null}
            {!open && event.status === "published" ? <p className="small muted">現在は応募受付期間外です。</p> : null}
          </section>
        );
      })}
    </>
  );
}

export { ErrorPage as ErrorBoundary } from "~/components/error-page";
