import { isUuid } from "~/lib/uuid";
import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { requireMemberWith } from "~/auth/guards.server";
import { confirmWith } from "~/web/confirm";
import { EventForm, toTokyoInput, type EventFormFailure } from "~/components/event-form";
import { FormAlert } from "~/components/form-field";
import { formatDateTime } from "~/lib/format";
import {
  changeEventStatus,
  inviteMunicipality,
  reviewEntry,
  updateEvent,
} from "~/domain/events/events.commands.server";
import { getBureauEvent, isOwnEvent } from "~/domain/events/events.queries.server";
import { entryStatusLabels, eventFormatLabels, eventStatusLabels } from "~/domain/events/events.rules";
import { BureauEventActionSchema, REVIEW_MESSAGE_MAX, UpdateEventSchema } from "~/domain/events/events.schema";
import { db } from "~/lib/db.server";
import { notFound } from "~/lib/errors";
import { handle } from "~/web/http.server";
import { CHECK_INPUT, intent, runIntent } from "~/web/intents.server";
import { Breadcrumbs } from "~/components/breadcrumbs";
import { readForm } from "~/web/input.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.event.title ?? "ピッチイベント"} | ガバメントピッチ・マッチング` },
];

async function requireManager(request: Request) {
  const actor = await requireMemberWith(request, { action: "workspace.bureau" });
  return requireMemberWith(request, { action: "event.manage", organizationId: actor.membership.organizationId });
}

export const loader = /* @__PURE__ */ handle(async ({ request, params }: LoaderFunctionArgs) => {
  const actor = await requireManager(request);
  const eventId = params.eventId ?? "";
  if (!isUuid(eventId)) throw notFound();
  const data = await getBureauEvent(db(), actor.membership.organizationId, eventId);
  if (!data) throw notFound();
  return json(data);
});

export const action = /* @__PURE__ */ handle(async ({ request, params }: ActionFunctionArgs) => {
  const actor = await requireManager(request);
  const eventId = params.eventId ?? "";
  if (!isUuid(eventId) || !(await isOwnEvent(db(), actor.membership.organizationId, eventId))) throw notFound();
  const formData = await readForm(request);
  const done = { path: `/bureau/events/${eventId}` };
  const review = intent({
    schema: BureauEventActionSchema,
    invalid: CHECK_INPUT,
    run: async (input) => {
      switch (input.intent) {
        case "publish":
        case "cancel":
          return changeEventStatus(actor, eventId, input.intent);
        case "invite":
          return inviteMunicipality(actor, eventId, input.organizationId);
        case "approve":
          return reviewEntry(actor, eventId, input.entryId, { transition: "approve" });
        case "requestChanges":
          return reviewEntry(actor, eventId, input.entryId, { transition: "requestChanges", message: input.message });
      }
    },
    done,
  });
  return runIntent(formData, {
    update: intent({
      schema: UpdateEventSchema,
      invalid: CHECK_INPUT,
      run: (data) => updateEvent(actor, eventId, data),
      done,
    }),
    publish: review,
    cancel: review,
    invite: review,
    approve: review,
    requestChanges: review,
  });
});

export default function BureauEvent() {
  const { event, invitations, entries, interestCount, invitable } = useLoaderData<typeof loader>();
  const failure = useActionData<EventFormFailure>();
  const navigation = useNavigation();
  const pending = navigation.state === "submitting";
  const intent = failure?.values.intent;
  return (
    <>
      <Breadcrumbs trail={[{ to: "/bureau/events", label: "ピッチイベント" }]} current={event.title} />
      <h1>{event.title}</h1>
      <p>
        <span className="badge">{eventStatusLabels[event.status]}</span> {formatDateTime(event.startsAt)}（
        {eventFormatLabels[event.format]}）
        {event.status !== "draft" ? (
          <>
            {" "}
            <Link to={`/events/${event.id}`}>公開ページを見る</Link>
          </>
        ) : null}
      </p>
      <p>
        企業の参加希望: <strong>{interestCount}件</strong>
      </p>
      {intent !== "update" ? <FormAlert message={failure?.formError} /> : null}
      {event.status !== "cancelled" ? (
        <div className="actions">
          {event.status === "draft" ? (
            <Form method="post">
              <input type="hidden" name="intent" value="publish" />
              <button type="submit" className="button" disabled={pending}>
                イベントを公開する
              </button>
            </Form>
          ) : null}
          <Form
            method="post"
            onSubmit={confirmWith(
              "このイベントを中止します。招待した自治体と応募されたピッチの掲載も止まります。よろしいですか？",
            )}
          >
            <input type="hidden" name="intent" value="cancel" />
            <button type="submit" className="button" disabled={pending}>
              イベントを中止する
            </button>
          </Form>
        </div>
      ) : null}

      <section className="card" aria-labelledby="entries-heading">
        <h2 id="entries-heading">応募されたピッチの審査（{entries.length}件）</h2>
        <p className="small muted">承認したピッチだけが公開ページに掲載されます。</p>
        {entries.length === 0 ? <p className="empty">まだ応募はありません。</p> : null}
        {entries.map((entry) => (
          <article key={entry.id} className="card" aria-labelledby={`entry-${entry.id}`}>
            <h3 id={`entry-${entry.id}`}>{entry.pitch.title}</h3>
            <p className="small">
              {entry.municipality}｜<span className="badge">{entryStatusLabels[entry.status]}</span>｜応募{" "}
              {formatDateTime(entry.submittedAt)}
            </p>
            {entry.pitch.summary ? <p className="pre-wrap">{entry.pitch.summary}</p> : null}
            {entry.reviewMessage ? (
              <p className="small">
                修正依頼: <span className="pre-wrap">{entry.reviewMessage}</span>
              </p>
            ) : null}
            {entry.status === "submitted" ? (
              <Form method="post">
                <input type="hidden" name="intent" value="approve" />
                <input type="hidden" name="entryId" value={entry.id} />
                <button type="submit" className="button" disabled={pending}>
                  承認して掲載する
                </button>
              </Form>
            ) : null}
            {entry.status === "submitted" || entry.status === "approved" ? (
              <Form method="post" className="stack-fields">
                <input type="hidden" name="intent" value="requestChanges" />
                <input type="hidden" name="entryId" value={entry.id} />
                <div className="field">
                  <label htmlFor={`message-${entry.id}`}>修正をお願いする内容（自治体に表示されます）</label>
                  <textarea
                    id={`message-${entry.id}`}
                    name="message"
                    required
                    maxLength={REVIEW_MESSAGE_MAX}
                    rows={3}
                  />
                  {failure?.values.entryId === entry.id && failure.fieldErrors.message ? (
                    <p className="field__error" role="alert">
                      {failure.fieldErrors.message}
                    </p>
                  ) : null}
                </div>
                <button type="submit" className="button" disabled={pending}>
                  修正を依頼する
                </button>
              </Form>
            ) : null}
          </article>
        ))}
      </section>

      <section className="card" aria-labelledby="invite-heading">
        <h2 id="invite-heading">招待した自治体（{invitations.length}）</h2>
        {invitations.length === 0 ? (
          <p className="empty">まだ招待していません。</p>
        ) : (
          <ul>
            {invitations.map((i) => (
              <li key={i.id}>{i.name}</li>
            ))}
          </ul>
        )}
        {event.status !== "cancelled" && invitable.length > 0 ? (
          <Form method="post" className="stack-fields">
            <input type="hidden" name="intent" value="invite" />
            <div className="field">
              <label htmlFor="organizationId">管轄区域の自治体を招待する</label>
              <select id="organizationId" name="organizationId" required>
                {invitable.map((m) => (
                  <option key={m.id} value={m.id}>
                    {m.prefecture_name} {m.name}
                  </option>
                ))}
              </select>
              {intent === "invite" && failure?.fieldErrors.organizationId ? (
                <p className="field__error" role="alert">
                  {failure.fieldErrors.organizationId}
                </p>
              ) : null}
            </div>
            <button type="submit" className="button" disabled={pending}>
              招待する
            </button>
          </Form>
        ) : null}
      </section>

      {event.status !== "cancelled" ? (
        <section className="card" aria-labelledby="edit-heading">
          <h2 id="edit-heading">イベントの内容を編集</h2>
          <EventForm
            intent="update"
            defaults={{
              title: event.title,
              startsAt: toTokyoInput(event.startsAt),
              format: event.format,
              location: event.location,
              applicationStartsAt: toTokyoInput(event.applicationStartsAt),
              applicationEndsAt: toTokyoInput(event.applicationEndsAt),
              description: event.description,
            }}
            failure={intent === "update" ? failure : undefined}
            submitLabel="保存する"
            pending={pending}
          />
        </section>
      ) : null}
    </>
  );
}

export { ErrorPage as ErrorBoundary } from "~/components/error-page";
