// Reads of pitch events. Bureau and municipality reads are scoped by the actor's organisation; public reads show
// published (and cancelled) events and approved entries only, never a draft pitch's private fields.
import { sql } from "kysely";
import { PUBLIC_STATUSES } from "~/domain/pitches/pitch.rules";
import type { Executor } from "@db/database.server";

const eventColumns = [
  "pitch_event.id",
  "pitch_event.title",
  "pitch_event.description",
  "pitch_event.starts_at",
  "pitch_event.format",
  "pitch_event.location",
  "pitch_event.application_starts_at",
  "pitch_event.application_ends_at",
  "pitch_event.status",
] as const;

type EventRow = {
  id: string;
  title: string;
  description: string;
  starts_at: Date;
  format: "online" | "venue";
  location: string;
  application_starts_at: Date;
  application_ends_at: Date;
  status: "draft" | "published" | "cancelled";
};

export function eventView(r: EventRow) {
  return {
    id: r.id,
    title: r.title,
    description: r.description,
    startsAt: r.starts_at.toISOString(),
    format: r.format,
    location: r.location,
    applicationStartsAt: r.application_starts_at.toISOString(),
    applicationEndsAt: r.application_ends_at.toISOString(),
    status: r.status,
  };
}
export type EventView = ReturnType<typeof eventView>;

/** The bureau's events with counts. */
export async function listBureauEvents(ex: Executor, organizationId: string) {
  const rows = await ex
    .selectFrom("pitch_event")
    .select(eventColumns)
    .select((eb) => [
      eb
        .selectFrom("pitch_event_invitation")
        .select(eb.fn.countAll<string>().as("n"))
        .whereRef("pitch_event_invitation.event_id", "=", "pitch_event.id")
        .as("invitations"),
      eb
        .selectFrom("pitch_event_entry")
        .select(eb.fn.countAll<string>().as("n"))
        .whereRef("pitch_event_entry.event_id", "=", "pitch_event.id")
        .where("pitch_event_entry.status", "=", "submitted")
        .as("pending"),
      eb
        .selectFrom("pitch_event_entry")
        .select(eb.fn.countAll<string>().as("n"))
        .whereRef("pitch_event_entry.event_id", "=", "pitch_event.id")
        .where("pitch_event_entry.status", "=", "approved")
        .as("approved"),
      eb
        .selectFrom("pitch_event_interest")
        .select(eb.fn.countAll<string>().as("n"))
        .whereRef("pitch_event_interest.event_id", "=", "pitch_event.id")
        .as("interests"),
    ])
    .where("pitch_event.organization_id", "=", organizationId)
    .orderBy("pitch_event.starts_at", "desc")
    .orderBy("pitch_event.id")
    .limit(200)
    .execute();
  return rows.map((r) => ({
    ...eventView(r),
    invitations: Number(r.invitations ?? 0),
    pending: Number(r.pending ?? 0),
    approved: Number(r.approved ?? 0),
    interests: Number(r.interests ?? 0),
  }));
}

/** One event of the bureau, with invitations, entries, interest count and the municipalities it may still invite. */
export async function getBureauEvent(ex: Executor, organizationId: string, eventId: string) {
  const event = await ex
    .selectFrom("pitch_event")
    .select(eventColumns)
    .select("pitch_event.bureau_id")
    .where("pitch_event.id", "=", eventId)
    .where("pitch_event.organization_id", "=", organizationId)
    .executeTakeFirst();
  if (!event) return null;
  const [invitations, entries, interest, invitable] = await Promise.all([
    ex
      .selectFrom("pitch_event_invitation")
      .innerJoin("organization", "organization.id", "pitch_event_invitation.organization_id")
      .select(["pitch_event_invitation.id", "organization.id as organization_id", "organization.name"])
      .where("pitch_event_invitation.event_id", "=", event.id)
      .orderBy("organization.municipality_code")
      .execute(),
    ex
      .selectFrom("pitch_event_entry")
      .innerJoin("pitch", "pitch.id", "pitch_event_entry.pitch_id")
      .innerJoin("organization", "organization.id", "pitch_event_entry.organization_id")
      .select(["pitch_event_entry.id", "pitch_event_entry.status"])
      .select(["pitch_event_entry.review_message", "pitch_event_entry.reviewed_at"])
      .select(["pitch_event_entry.submitted_at", "pitch.id as pitch_id"])
      .select(["pitch.title as pitch_title", "pitch.summary as pitch_summary"])
      .select(["pitch.status as pitch_status", "organization.name as organization_name"])
      .where("pitch_event_entry.event_id", "=", event.id)
      .orderBy("pitch_event_entry.submitted_at")
      .orderBy("pitch_event_entry.id")
      .execute(),
    ex
      .selectFrom("pitch_event_interest")
      .select((eb) => eb.fn.countAll<string>().as("n"))
      .where("event_id", "=", event.id)
      .executeTakeFirstOrThrow(),
    listInvitableMunicipalities(ex, event.bureau_id, event.id),
  ]);
  return {
    event: eventView(event),
    invitations: invitations.map((i) => ({ id: i.id, organizationId: i.organization_id, name: i.name })),
    entries: entries.map((e) => ({
      id: e.id,
      status: e.status,
      reviewMessage: e.review_message,
      reviewedAt: e.reviewed_at?.toISOString() ?? null,
      submittedAt: e.submitted_at.toISOString(),
      pitch: { id: e.pitch_id, title: e.pitch_title, summary: e.pitch_summary, status: e.pitch_status },
      municipality: e.organization_name,
    })),
    interestCount: Number(interest.n),
    invitable,
  };
}

/** Municipality organisations whose municipality lies in the bureau's jurisdiction and are not yet invited. */
export async function listInvitableMunicipalities(ex: Executor, bureauId: string, eventId: string) {
  return ex
    .selectFrom("organization")
    .innerJoin("municipality", "municipality.code", "organization.municipality_code")
    .innerJoin(
      "regional_bureau_prefecture",
      "regional_bureau_prefecture.prefecture_code",
      "municipality.prefecture_code",
    )
    .innerJoin("prefecture", "prefecture.code", "municipality.prefecture_code")
    .select(["organization.id", "organization.name", "prefecture.name as prefecture_name"])
    .where("regional_bureau_prefecture.bureau_id", "=", bureauId)
    .where("organization.kind", "=", "municipality")
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom("pitch_event_invitation")
            .select("pitch_event_invitation.id")
            .where("pitch_event_invitation.event_id", "=", eventId)
            .whereRef("pitch_event_invitation.organization_id", "=", "organization.id"),
        ),
      ),
    )
    .orderBy("municipality.code")
    .limit(500)
    .execute();
}

/** The municipality's invitations (published events only), its entries with review messages, and its pitches. */
export async function getMunicipalityEvents(ex: Executor, organizationId: string) {
  const [events, entries, pitches] = await Promise.all([
    ex
      .selectFrom("pitch_event_invitation")
      .innerJoin("pitch_event", "pitch_event.id", "pitch_event_invitation.event_id")
      .innerJoin("organization", "organization.id", "pitch_event.organization_id")
      .select(eventColumns)
      .select("organization.name as organizer")
      .where("pitch_event_invitation.organization_id", "=", organizationId)
      .where("pitch_event.status", "in", ["published", "cancelled"])
      .orderBy("pitch_event.starts_at", "desc")
      .limit(100)
      .execute(),
    ex
      .selectFrom("pitch_event_entry")
      .innerJoin("pitch", "pitch.id", "pitch_event_entry.pitch_id")
      .select(["pitch_event_entry.id", "pitch_event_entry.event_id", "pitch_event_entry.status"])
      .select(["pitch_event_entry.review_message", "pitch_event_entry.reviewed_at"])
      .select(["pitch.id as pitch_id", "pitch.title as pitch_title"])
      .where("pitch_event_entry.organization_id", "=", organizationId)
      .orderBy("pitch_event_entry.submitted_at")
      .execute(),
    ex
      .selectFrom("pitch")
      .select(["id", "title", "status"])
      .where("organization_id", "=", organizationId)
      .where("status", "in", ["draft", "published"])
      .orderBy("updated_at", "desc")
      .limit(200)
      .execute(),
  ]);
  return {
    events: events.map((e) => ({
      ...eventView(e),
      organizer: e.organizer,
      entries: entries
        .filter((x) => x.event_id === e.id)
        .map((x) => ({
          id: x.id,
          status: x.status,
          reviewMessage: x.review_message,
          reviewedAt: x.reviewed_at?.toISOString() ?? null,
          pitch: { id: x.pitch_id, title: x.pitch_title },
        })),
    })),
    pitches,
  };
}

/** Public list: published and cancelled events, upcoming first then past. */
export async function listPublicEvents(ex: Executor, now = new Date()) {
  const rows = await ex
    .selectFrom("pitch_event")
    .innerJoin("organization", "organization.id", "pitch_event.organization_id")
    .select(eventColumns)
    .select("organization.name as organizer")
    .select((eb) =>
      eb
        .selectFrom("pitch_event_entry")
        .select(eb.fn.countAll<string>().as("n"))
        .whereRef("pitch_event_entry.event_id", "=", "pitch_event.id")
        .where("pitch_event_entry.status", "=", "approved")
        .as("approved"),
    )
    .where("pitch_event.status", "in", ["published", "cancelled"])
    .orderBy("pitch_event.starts_at", "desc")
    .limit(200)
    .execute();
  const all = rows.map((r) => ({ ...eventView(r), organizer: r.organizer, approvedCount: Number(r.approved ?? 0) }));
  return {
    upcoming: all.filter((e) => new Date(e.startsAt) >= now).reverse(),
    past: all.filter((e) => new Date(e.startsAt) < now),
  };
}

/** Public page: the event and its approved entries. A draft pitch shows only its title and municipality. */
export async function getPublicEvent(ex: Executor, eventId: string, userId: string | null) {
  const event = await ex
    .selectFrom("pitch_event")
    .innerJoin("organization", "organization.id", "pitch_event.organization_id")
    .select(eventColumns)
    .select("organization.name as organizer")
    .where("pitch_event.id", "=", eventId)
    .where("pitch_event.status", "in", ["published", "cancelled"])
    .executeTakeFirst();
  if (!event) return null;
  const [entries, interest] = await Promise.all([
    ex
      .selectFrom("pitch_event_entry")
      .innerJoin("pitch", "pitch.id", "pitch_event_entry.pitch_id")
      .innerJoin("organization", "organization.id", "pitch_event_entry.organization_id")
      .select([
        "pitch_event_entry.id",
        "pitch.id as pitch_id",
        "pitch.title",
        "pitch.status as pitch_status",
        sql<
          string | null
        >`case when pitch.status in (${sql.join([...PUBLIC_STATUSES])}) then pitch.summary else null end`.as("summary"),
        "organization.name as municipality",
      ])
      .where("pitch_event_entry.event_id", "=", event.id)
      .where("pitch_event_entry.status", "=", "approved")
      .orderBy("pitch_event_entry.submitted_at")
      .orderBy("pitch_event_entry.id")
      .execute(),
    userId
      ? ex
          .selectFrom("pitch_event_interest")
          .select("id")
          .where("event_id", "=", event.id)
          .where("user_id", "=", userId)
          .executeTakeFirst()
      : Promise.resolve(undefined),
  ]);
  return {
    event: { ...eventView(event), organizer: event.organizer },
    entries: entries.map((e) => {
      const isPublic = (PUBLIC_STATUSES as readonly string[]).includes(e.pitch_status);
      return {
        id: e.id,
        title: e.title,
        municipality: e.municipality,
        summary: e.summary,
        pitchId: isPublic ? e.pitch_id : null,
      };
    }),
    interested: Boolean(interest),
  };
}

/** Does this event belong to the organisation? (Other organisations' ids behave like unknown ones.) */
export async function isOwnEvent(ex: Executor, organizationId: string, eventId: string): Promise<boolean> {
  const row = await ex
    .selectFrom("pitch_event")
    .select("id")
    .where("id", "=", eventId)
    .where("organization_id", "=", organizationId)
    .executeTakeFirst();
  return Boolean(row);
}

/** Is the event visible to the public (published or cancelled)? */
export async function isPublicEvent(ex: Executor, eventId: string): Promise<boolean> {
  const row = await ex
    .selectFrom("pitch_event")
    .select("id")
    .where("id", "=", eventId)
    .where("status", "in", ["published", "cancelled"])
    .executeTakeFirst();
  return Boolean(row);
}
