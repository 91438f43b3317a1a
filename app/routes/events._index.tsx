import { json, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { formatDateTime } from "~/lib/format";
import { listPublicEvents } from "~/domain/events/events.queries.server";
import { eventFormatLabels } from "~/domain/events/events.rules";
import { db } from "~/lib/db.server";
import { handle } from "~/web/http.server";

export const meta: MetaFunction = () => [
  { title: "ピッチイベント | ガバメントピッチ・マッチング" },
  { name: "description", content: "地方経済産業局などが開催するガバメントピッチのイベント一覧です。" },
];

export const loader = /* @__PURE__ */ handle(async () => {
  return json(await listPublicEvents(db()));
});

type EventItem = ReturnType<typeof useLoaderData<typeof loader>>["upcoming"][number];

function EventList({ events }: { events: EventItem[] }) {
  return (
    <ul className="stack-fields">
      {events.map((e) => (
        <li key={e.id} className="card">
          <h3>
            <Link to={`/events/${e.id}`}>{e.title}</Link>
            {e.status === "cancelled" ? <span className="badge badge--muted">中止</span> : null}
          </h3>
          <p className="small">
            {formatDateTime(e.startsAt)}（{eventFormatLabels[e.format]}）｜主催: {e.organizer}｜登壇ピッチ{" "}
            {e.approvedCount}件
          </p>
        </li>
      ))}
    </ul>
  );
}

export default function PublicEvents() {
  const { upcoming, past } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>ピッチイベント</h1>
      <p>自治体が地域の課題を発表し、企業が解決策を提案する「ガバメントピッチ」のイベントです。</p>
      <h2>これから開催</h2>
      {upcoming.length === 0 ? (
        <p className="empty">予定されているイベントはありません。</p>
      ) : (
        <EventList events={upcoming} />
      )}
      <h2>開催済み</h2>
      {past.length === 0 ? <p className="empty">開催済みのイベントはありません。</p> : <EventList events={past} />}
    </>
  );
}

export { ErrorPage as ErrorBoundary } from "~/components/error-page";
