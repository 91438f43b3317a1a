import { isUuid } from "~/lib/uuid";
import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { getActor, requireMemberWith } from "~/auth/guards.server";
import { can } from "~/auth/permissions";
import { FormAlert } from "~/components/form-field";
import { formatDateTime } from "~/lib/format";
import { registerInterest } from "~/domain/events/events.commands.server";
import { getPublicEvent, isPublicEvent } from "~/domain/events/events.queries.server";
import { eventFormatLabels } from "~/domain/events/events.rules";
import { InterestSchema } from "~/domain/events/events.schema";
import { db } from "~/lib/db.server";
import { notFound } from "~/lib/errors";
import { handle, type FormFailure } from "~/web/http.server";
import { BAD_OPERATION, runForm } from "~/web/intents.server";
import { Breadcrumbs } from "~/components/breadcrumbs";
import { readForm } from "~/web/input.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.event.title ?? "ピッチイベント"} | ガバメントピッチ・マッチング` },
];

export const loader = /* @__PURE__ */ handle(async ({ request, params }: LoaderFunctionArgs) => {
  const eventId = params.eventId ?? "";
  if (!isUuid(eventId)) throw notFound();
  const actor = await getActor(request);
  const data = await getPublicEvent(db(), eventId, actor?.userId ?? null);
  if (!data) throw notFound();
  return json({
    ...data,
    viewer: { signedIn: actor !== null, mayRegister: can(actor, { action: "event.registerInterest" }) },
  });
});

export const action = /* @__PURE__ */ handle(async ({ request, params }: ActionFunctionArgs) => {
  const actor = await requireMemberWith(request, { action: "event.registerInterest" });
  const eventId = params.eventId ?? "";
  if (!isUuid(eventId) || !(await isPublicEvent(db(), eventId))) throw notFound();
  const formData = await readForm(request);
  return runForm(formData, {
    schema: InterestSchema,
    invalid: BAD_OPERATION,
    run: () => registerInterest(actor, eventId),
    done: { path: `/events/${eventId}`, hash: "interest" },
  });
});

export default function PublicEvent() {
  const { event, entries, interested, viewer } = useLoaderData<typeof loader>();
  const failure = useActionData<FormFailure>();
  const navigation = useNavigation();
  return (
    <>
      <Breadcrumbs trail={[{ to: "/events", label: "ピッチイベント" }]} current={event.title} />
      <h1>{event.title}</h1>
      {event.status === "cancelled" ? (
        <div className="alert alert--warn" role="status">
          このイベントは中止になりました。
        </div>
      ) : null}
      <dl>
        <dt>主催</dt>
        <dd>{event.organizer}</dd>
        <dt>開催日時（日本時間）</dt>
        <dd>{formatDateTime(event.startsAt)}</dd>
        <dt>開催形式</dt>
        <dd>
          {eventFormatLabels[event.format]}
          {event.location ? `（${event.location}）` : null}
        </dd>
      </dl>
      {event.description ? <p className="pre-wrap">{event.description}</p> : null}

      <h2>登壇する自治体のピッチ（{entries.length}件）</h2>
      {entries.length === 0 ? <p className="empty">掲載が決まったピッチはまだありません。</p> : null}
      <ul className="stack-fields">
        {entries.map((e) => (
          <li key={e.id} className="card">
            <h3>{e.pitchId ? <Link to={`/pitches/${e.pitchId}`}>{e.title}</Link> : e.title}</h3>
            <p className="small">{e.municipality}</p>
            {e.summary ? <p className="pre-wrap">{e.summary}</p> : null}
          </li>
        ))}
      </ul>

      <section className="card" id="interest" aria-labelledby="interest-heading">
        <h2 id="interest-heading">参加希望の登録（企業の方）</h2>
        <FormAlert message={failure?.formError} />
        {interested ? (
          <p role="status">参加希望を登録済みです。主催者からの案内をお待ちください。</p>
        ) : event.status === "cancelled" ? (
          <p>中止のため受け付けていません。</p>
        ) : viewer.mayRegister ? (
          <Form method="post">
            <input type="hidden" name="intent" value="interest" />
            <button type="submit" className="button" disabled={navigation.state === "submitting"}>
              このイベントへの参加を希望する
            </button>
          </Form>
        ) : viewer.signedIn ? (
          <p>参加希望の登録は、企業アカウントでご利用いただけます。</p>
        ) : (
          <p>
            参加希望を登録するには、企業アカウントで
            <Link to={`/login?redirectTo=${encodeURIComponent(`/events/${event.id}`)}`}>ログイン</Link>してください。
          </p>
        )}
      </section>
    </>
  );
}

export { ErrorPage as ErrorBoundary } from "~/components/error-page";
