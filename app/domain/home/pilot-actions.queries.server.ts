// What waits for the signed-in member in the pilots of their organisation, in order of urgency, each with the page
// where it is done: pilots to start from an accepted proposal, agreements to finish or sign, funding to allocate,
// expenditure and outcome reports to approve or to correct, outcome reports due or late. Shown on the homes of the
// municipality and the company; every query is scoped by the actor's organisation and the pilot's party.
import type { Executor } from "@db/database.server";
import type { MemberActor } from "~/auth/permissions";
import {
  lastEndedPeriod,
  periodEndsAt,
  periodLabel,
  reportingFrequency,
  type Frequency,
  type Period,
} from "~/domain/outcomes/periods.rules";
import { firstDayFrom, OVERDUE_AFTER_DAYS } from "~/domain/outcomes/reports.queries.server";

export type PilotActionKind =
  | "start"
  | "agreement"
  | "sign"
  | "allocate"
  | "approveExpenditure"
  | "fixExpenditure"
  | "approveOutcome"
  | "fixOutcome"
  | "reportDue"
  | "reportLate";

export interface PilotAction {
  kind: PilotActionKind;
  /** What to do, in Japanese. */
  text: string;
  /** The pilot's (or proposal's) title. */
  subject: string;
  href: string;
  /** When it is due (ISO), if it has a deadline; late ones first. */
  dueAt: string | null;
  /** Since when it waits (ISO), for ordering what has no deadline. */
  since: string;
  /** For "start": the accepted proposal, so that the home can start the pilot in one click. */
  proposalId?: string;
}

const DAY_MS = 24 * 60 * 60 * 1000;
const LIMIT = 30;

/** The pilot actions of the actor's organisation, late ones first, then by deadline, then the oldest waiting. */
export async function listPilotActions(ex: Executor, actor: MemberActor, now = new Date()): Promise<PilotAction[]> {
  const organizationId = actor.membership.organizationId;
  const side = actor.membership.kind === "municipality" ? "municipality" : "company";
  const party = side === "municipality" ? "pilot.municipality_id" : "pilot.company_id";
  const iso = (d: Date | string) => new Date(d).toISOString();

  const [toStart, agreements, unfunded, expenditures, outcomes, running] = await Promise.all([
    side === "municipality"
      ? ex
          .selectFrom("proposal_decision as d")
          .innerJoin("pitch", "pitch.id", "d.pitch_id")
          .innerJoin("proposal", "proposal.id", "d.proposal_id")
          .innerJoin("organization as company", "company.id", "proposal.organization_id")
          .leftJoin("pilot", "pilot.proposal_id", "d.proposal_id")
          .select(["d.proposal_id", "d.pitch_id", "d.published_at", "proposal.title", "company.name as company"])
          .where("pitch.organization_id", "=", organizationId)
          .where("d.outcome", "=", "accepted")
          .where("d.published_at", "is not", null)
          .where("pilot.id", "is", null)
          .orderBy("d.published_at")
          .limit(LIMIT)
          .execute()
      : Promise.resolve([]),
    // Agreements not yet concluded: the latest version and whether each party has signed it.
    ex
      .selectFrom("pilot")
      .innerJoin("pilot_agreement_version as v", "v.pilot_id", "pilot.id")
      .select(["pilot.id", "pilot.title", "pilot.created_at", "v.id as version_id", "v.updated_at"])
      .select((eb) => [
        eb
          .exists(
            eb
              .selectFrom("pilot_agreement_signature as s")
              .select("s.version_id")
              .whereRef("s.version_id", "=", "v.id")
              .where("s.side", "=", side),
          )
          .as("signed_by_me"),
        eb
          .exists(
            eb
              .selectFrom("pilot_agreement_signature as s")
              .select("s.version_id")
              .whereRef("s.version_id", "=", "v.id")
              .where("s.side", "!=", side),
          )
          .as("signed_by_other"),
      ])
      .where(party, "=", organizationId)
      .where("pilot.status", "=", "agreement")
      .where((eb) =>
        eb(
          "v.version_number",
          "=",
          eb
            .selectFrom("pilot_agreement_version as latest")
            .select((e) => e.fn.max("latest.version_number").as("n"))
            .whereRef("latest.pilot_id", "=", "pilot.id"),
        ),
      )
      .orderBy("pilot.created_at")
      .limit(LIMIT)
      .execute(),
    side === "municipality"
      ? ex
          .selectFrom("pilot")
          .select(["pilot.id", "pilot.title", "pilot.started_at", "pilot.created_at"])
          .where("pilot.municipality_id", "=", organizationId)
          .where("pilot.status", "=", "running")
          .where((eb) =>
            eb.not(
              eb.exists(
                eb.selectFrom("allocation").select("allocation.id").whereRef("allocation.pilot_id", "=", "pilot.id"),
              ),
            ),
          )
          .limit(LIMIT)
          .execute()
      : Promise.resolve([]),
    ex
      .selectFrom("expenditure_report as r")
      .innerJoin("pilot", "pilot.id", "r.pilot_id")
      .select(["r.id", "r.status", "r.submitted_at", "r.reviewed_at", "pilot.id as pilot_id", "pilot.title"])
      .where(party, "=", organizationId)
      .where("r.status", "=", side === "municipality" ? "submitted" : "returned")
      .orderBy("r.submitted_at")
      .limit(LIMIT)
      .execute(),
    ex
      .selectFrom("outcome_report as r")
      .innerJoin("pilot", "pilot.id", "r.pilot_id")
      .select(["r.id", "r.status", "r.period_start", "r.period_end", "r.submitted_at", "r.reviewed_at"])
      .select(["pilot.id as pilot_id", "pilot.title"])
      .where(party, "=", organizationId)
      .where((eb) =>
        side === "municipality"
          ? eb.or([
              eb("r.status", "=", "submitted"),
              eb.and([eb("r.status", "=", "returned"), eb("r.author_side", "=", side)]),
            ])
          : eb.and([eb("r.status", "=", "returned"), eb("r.author_side", "=", side)]),
      )
      .orderBy("r.submitted_at")
      .limit(LIMIT)
      .execute(),
    // Running pilots with KPIs: is the last ended period reported?
    runningPilotsQuery(ex).where(party, "=", organizationId).limit(LIMIT).execute(),
  ]);

  const actions: PilotAction[] = [];
  for (const d of toStart)
    actions.push({
      kind: "start",
      text: "採択した提案の実証を開始してください",
      subject: `${d.company}「${d.title || "提案"}」`,
      href: `/municipality/pitches/${d.pitch_id}/proposals/${d.proposal_id}#start-pilot`,
      dueAt: null,
      since: iso(d.published_at!),
      proposalId: d.proposal_id,
    });
  for (const a of agreements) {
    if (a.signed_by_me && !a.signed_by_other) continue; // waiting for the other party: nothing to do here
    actions.push({
      kind: a.signed_by_other ? "sign" : "agreement",
      text: a.signed_by_other
        ? `${side === "municipality" ? "企業" : "自治体"}が署名しました。協定書を確認して署名してください`
        : "協定書の案を確認し、署名してください",
      subject: a.title,
      href: `/pilots/${a.id}/agreement`,
      dueAt: null,
      since: iso(a.updated_at),
    });
  }
  for (const p of unfunded)
    actions.push({
      kind: "allocate",
      text: "協定書が締結されました。予算から配分し、支払予定を登録してください",
      subject: p.title,
      href: `/pilots/${p.id}/funding`,
      dueAt: null,
      since: iso(p.started_at ?? p.created_at),
    });
  for (const r of expenditures)
    actions.push({
      kind: side === "municipality" ? "approveExpenditure" : "fixExpenditure",
      text: side === "municipality" ? "支出報告を確認して承認してください" : "差し戻された支出報告を修正してください",
      subject: r.title,
      href: `/pilots/${r.pilot_id}/expenditures/${r.id}`,
      dueAt: null,
      since: iso(r.reviewed_at ?? r.submitted_at),
    });
  for (const r of outcomes) {
    const approve = r.status === "submitted";
    actions.push({
      kind: approve ? "approveOutcome" : "fixOutcome",
      text: approve
        ? `成果報告（${periodLabel({ start: r.period_start, end: r.period_end })}）を確認して承認してください`
        : `差し戻された成果報告（${periodLabel({ start: r.period_start, end: r.period_end })}）を修正してください`,
      subject: r.title,
      href: `/pilots/${r.pilot_id}/outcomes/${r.id}`,
      dueAt: null,
      since: iso(r.reviewed_at ?? r.submitted_at ?? now),
    });
  }
  for (const due of await dueOutcomeReports(ex, running, now))
    actions.push({
      kind: due.late ? "reportLate" : "reportDue",
      text: due.late
        ? `成果報告（${periodLabel(due.period)}）の期限を過ぎています。提出してください`
        : `成果報告（${periodLabel(due.period)}）を提出してください`,
      subject: due.pilot.title,
      href: `/pilots/${due.pilot.id}/outcomes`,
      dueAt: due.dueAt,
      since: periodEndsAt(due.period).toISOString(),
    });
  return actions.sort(
    (a, b) =>
      Number(b.kind === "reportLate") - Number(a.kind === "reportLate") ||
      (a.dueAt ?? "9999").localeCompare(b.dueAt ?? "9999") ||
      a.since.localeCompare(b.since),
  );
}

/** Running pilots with what deciding their due outcome report needs (KPI frequencies, the signed agreement). */
export function runningPilotsQuery(ex: Executor) {
  return (
    ex
      .selectFrom("pilot")
      .select(["pilot.id", "pilot.title", "pilot.started_at", "pilot.created_at"])
      .select((eb) =>
        eb
          .selectFrom("organization")
          .select("organization.name")
          .whereRef("organization.id", "=", "pilot.municipality_id")
          .as("municipality_name"),
      )
      .select((eb) =>
        eb
          .selectFrom("pilot_kpi")
          .select((e) => e.fn.agg<Frequency[]>("array_agg", ["pilot_kpi.frequency"]).as("f"))
          .whereRef("pilot_kpi.pilot_id", "=", "pilot.id")
          .as("frequencies"),
      )
      // The signed agreement's content, for the first day of reporting (no query per pilot).
      .select((eb) =>
        eb
          .selectFrom("pilot_agreement_version as sv")
          .select("sv.content")
          .whereRef("sv.id", "=", "pilot.signed_version_id")
          .as("signed_content"),
      )
      .where("pilot.status", "=", "running")
      .orderBy("pilot.created_at")
  );
}

type RunningPilot = Awaited<ReturnType<ReturnType<typeof runningPilotsQuery>["execute"]>>[number];

export interface DueOutcomeReport {
  pilot: RunningPilot;
  period: Period;
  /** When the report becomes late (ISO): OVERDUE_AFTER_DAYS after the period ends. */
  dueAt: string;
  late: boolean;
}

/**
 * For each running pilot with KPIs, its last ended reporting period when no report covers it yet (a returned one
 * counts as covering: it is listed as one to correct), with its deadline and whether it has passed. One query.
 */
export async function dueOutcomeReports(
  ex: Executor,
  running: readonly RunningPilot[],
  now: Date,
): Promise<DueOutcomeReport[]> {
  const withKpis = running.filter((p) => (p.frequencies ?? []).length > 0);
  if (withKpis.length === 0) return [];
  const reported = await ex
    .selectFrom("outcome_report")
    .select(["pilot_id", "period_start", "period_end"])
    .where(
      "pilot_id",
      "in",
      withKpis.map((p) => p.id),
    )
    .where("status", "in", ["submitted", "approved", "returned"])
    .execute();
  const due: DueOutcomeReport[] = [];
  for (const p of withKpis) {
    const period = lastEndedPeriod(reportingFrequency(p.frequencies ?? []), now);
    if (period.end < firstDayFrom(p, p.signed_content ?? undefined)) continue;
    const done = reported.some(
      (r) => r.pilot_id === p.id && r.period_start <= period.end && r.period_end >= period.start,
    );
    if (done) continue;
    const dueAt = new Date(periodEndsAt(period).getTime() + OVERDUE_AFTER_DAYS * DAY_MS);
    due.push({ pilot: p, period, dueAt: dueAt.toISOString(), late: now.getTime() >= dueAt.getTime() });
  }
  return due;
}
