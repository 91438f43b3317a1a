// The typed schema (db/schema.ts) and the migrated database agree: every table and column, both ways.
import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import type { DB } from "@db/schema";
import { db } from "~/lib/db.server";

// `satisfies` makes TypeScript (npm test runs tsc first) insist on every column of every table in DB, no more, no less.
const typedColumns = {
  prefecture: { code: true, name: true, kana: true, short_name: true, name_en: true, lg_code: true },
  municipality: { code: true, prefecture_code: true, name: true, kana: true, kind: true, parent_code: true, url: true, latitude: true, longitude: true },
  regional_bureau: { id: true, ministry: true, name: true, sort_order: true },
  regional_bureau_prefecture: { bureau_id: true, prefecture_code: true },
  app_user: { id: true, email: true, display_name: true, password_hash: true, created_at: true, updated_at: true },
  user_session: { id: true, user_id: true, expires_at: true, created_at: true },
  organization: {
    id: true, kind: true, name: true, municipality_code: true, corporate_number: true, bureau_id: true, verification_status: true,
    verification_note: true, verified_at: true, verified_by: true, created_at: true, updated_at: true,
  },
  membership: { user_id: true, organization_id: true, role: true, created_at: true },
  invitation: { id: true, organization_id: true, email: true, role: true, token_hash: true, invited_by: true, expires_at: true, accepted_at: true, revoked_at: true, created_at: true },
  password_reset_token: { token_hash: true, user_id: true, expires_at: true, used_at: true, created_at: true },
  rate_limit: { key: true, window_started_at: true, hits: true },
  audit_log: { id: true, occurred_at: true, actor_user_id: true, actor_organization_id: true, organization_id: true, action: true, entity_type: true, entity_id: true, changes: true },
  email_outbox: { id: true, to_address: true, subject: true, body_text: true, status: true, created_at: true, sent_at: true, last_error: true },
  job: {
    id: true, kind: true, payload: true, status: true, attempts: true, max_attempts: true, run_at: true, locked_at: true, locked_by: true,
    last_error: true, created_at: true, updated_at: true, finished_at: true,
  },
  pitch: {
    id: true, organization_id: true, municipality_code: true, prefecture_code: true, status: true, revision_number: true, title: true,
    summary: true, vision: true, current_situation: true, population: true, aging_rate_percent: true, certification_rate_percent: true,
    problem: true, problem_evidence: true, target_people: true, target_states: true, themes: true, layer: true, area_name: true,
    tried_so_far: true, partner_wanted: true, solution_wanted: true, resources_offered: true, budget_ceiling_yen: true,
    pilot_start_on: true, pilot_end_on: true, indicators: true, proposal_deadline: true, contact_name: true, contact_email: true,
    contact_phone: true, search_tokens: true, allows_multiple_matches: true, published_at: true, reconfirmed_at: true, closed_at: true, created_by: true,
    created_at: true, updated_at: true,
  },
  pitch_revision: { id: true, pitch_id: true, number: true, content: true, change_note: true, created_by: true, created_at: true },
  pitch_question: {
    id: true, pitch_id: true, asker_user_id: true, asker_organization_id: true, question: true, answer: true, answered_by: true,
    answered_at: true, created_at: true, updated_at: true,
  },
  pitch_attachment: {
    id: true, pitch_id: true, organization_id: true, original_name: true, content_type: true, size_bytes: true, storage_key: true,
    created_by: true, created_at: true,
  },
  saved_search: { id: true, user_id: true, organization_id: true, name: true, query: true, created_at: true, last_notified_at: true },
  notification: { id: true, user_id: true, kind: true, title: true, body: true, link_path: true, read_at: true, created_at: true },
  saved_search_match: { saved_search_id: true, pitch_id: true, notification_id: true, created_at: true },
  pitch_event: {
    id: true, organization_id: true, bureau_id: true, title: true, description: true, starts_at: true, format: true, location: true,
    application_starts_at: true, application_ends_at: true, status: true, created_by: true, created_at: true, updated_at: true,
  },
  pitch_event_invitation: { id: true, event_id: true, organization_id: true, invited_by: true, created_at: true },
  pitch_event_entry: {
    id: true, event_id: true, pitch_id: true, organization_id: true, status: true, review_message: true, reviewed_by: true,
    reviewed_at: true, submitted_by: true, submitted_at: true, created_at: true, updated_at: true,
  },
  pitch_event_interest: { id: true, event_id: true, user_id: true, organization_id: true, created_at: true },
  company_profile: {
    organization_id: true, summary: true, industries: true, serves_nationwide: true, prefecture_codes: true, themes: true, products: true,
    website_url: true, contact_name: true, contact_email: true, contact_phone: true, logo_storage_key: true, logo_content_type: true,
    published: true, updated_by: true, created_at: true, updated_at: true,
  },
  proposal: {
    id: true, pitch_id: true, organization_id: true, pitch_organization_id: true, pitch_revision_number: true, status: true, title: true,
    understanding: true, approach: true, resident_participation: true, implementation_plan: true, schedule: true, team: true, kpis: true,
    cost_items: true, total_cost_yen: true, requested_funding_yen: true, co_funding_explanation: true, company_contribution: true,
    references_text: true, revision_number: true, eligibility_attested_at: true, eligibility_attested_by: true, submitted_at: true,
    withdrawn_at: true, withdrawal_reason: true, shortlisted_at: true, created_by: true, created_at: true, updated_at: true,
  },
  proposal_revision: { id: true, proposal_id: true, number: true, pitch_revision_number: true, content: true, created_by: true, created_at: true },
  proposal_message: { id: true, proposal_id: true, organization_id: true, sender_id: true, body: true, created_at: true },
  proposal_thread_read: { proposal_id: true, user_id: true, read_at: true },
  proposal_attachment: {
    id: true, proposal_id: true, message_id: true, organization_id: true, original_name: true, content_type: true, size_bytes: true,
    storage_key: true, created_by: true, created_at: true,
  },
  review_criterion: { id: true, pitch_id: true, position: true, name: true, description: true, weight: true, created_at: true },
  review_assignment: { pitch_id: true, user_id: true, assigned_by: true, created_at: true },
  proposal_review: {
    id: true, proposal_id: true, reviewer_id: true, comment: true, private_note: true, submitted_at: true, created_at: true, updated_at: true,
  },
  proposal_review_score: { review_id: true, criterion_id: true, score: true, comment: true },
  proposal_decision: {
    proposal_id: true, pitch_id: true, outcome: true, reason: true, decided_by: true, decided_at: true, published_at: true, published_by: true,
  },
  budget: {
    id: true, organization_id: true, fiscal_year: true, amount_yen: true, allocated_yen: true, note: true, created_by: true, updated_by: true,
    created_at: true, updated_at: true,
  },
  pilot: {
    id: true, proposal_id: true, pitch_id: true, municipality_id: true, company_id: true, title: true, status: true, signed_version_id: true,
    started_at: true, ended_at: true, created_by: true, created_at: true, updated_at: true,
  },
  pilot_agreement_version: {
    id: true, pilot_id: true, version_number: true, content: true, change_note: true, locked_at: true, created_by: true, created_at: true,
    updated_by: true, updated_at: true,
  },
  pilot_agreement_signature: { version_id: true, pilot_id: true, side: true, organization_id: true, signed_by: true, signer_name: true, signed_at: true },
  allocation: {
    id: true, budget_id: true, pilot_id: true, organization_id: true, amount_yen: true, scheduled_yen: true, disbursed_yen: true, note: true,
    created_by: true, created_at: true, updated_at: true,
  },
  milestone: {
    id: true, allocation_id: true, pilot_id: true, organization_id: true, title: true, due_date: true, original_amount_yen: true, amount_yen: true,
    requires_report: true, status: true, status_reason: true, approved_by: true, approved_at: true, created_by: true, created_at: true, updated_at: true,
  },
  milestone_payment: {
    id: true, milestone_id: true, pilot_id: true, organization_id: true, method: true, amount_yen: true, status: true, reference: true,
    idempotency_key: true, stripe_transfer_id: true, failure_reason: true, recorded_by: true, paid_at: true, returned_at: true, created_at: true,
    updated_at: true,
  },
  ledger_entry: {
    id: true, organization_id: true, budget_id: true, allocation_id: true, pilot_id: true, milestone_id: true, kind: true, amount_yen: true,
    memo: true, created_by: true, created_at: true,
  },
  stripe_account: {
    organization_id: true, account_id: true, details_submitted: true, payouts_enabled: true, last_event_created: true, created_at: true, updated_at: true,
  },
  stripe_event: { id: true, type: true, event_created: true, received_at: true },
  expenditure_report: {
    id: true, milestone_id: true, pilot_id: true, company_id: true, status: true, narrative: true, total_yen: true, submitted_by: true,
    submitted_at: true, reviewed_by: true, reviewed_at: true, review_comment: true,
  },
  expenditure_item: { id: true, report_id: true, position: true, description: true, amount_yen: true },
  pilot_kpi: {
    id: true, pilot_id: true, position: true, indicator_code: true, name: true, definition: true, unit: true, baseline: true, target: true,
    direction: true, frequency: true, created_at: true, updated_at: true,
  },
  outcome_report: {
    id: true, pilot_id: true, period_start: true, period_end: true, status: true, author_side: true, participants_total: true,
    participants_new: true, participants_75_plus: true, narrative: true, created_by: true, submitted_by: true, submitted_at: true,
    reviewed_by: true, reviewed_at: true, review_comment: true, created_at: true, updated_at: true,
  },
  outcome_value: { report_id: true, kpi_id: true, value: true, note: true },
  outcome_photo: {
    id: true, report_id: true, pilot_id: true, organization_id: true, original_name: true, content_type: true, size_bytes: true, storage_key: true,
    caption: true, created_by: true, created_at: true,
  },
  pilot_closeout: {
    pilot_id: true, result: true, final_report: true, what_worked: true, what_did_not_work: true, next_step: true, budgeted_next_year: true,
    budgeted_note: true, next_pitch_id: true, closed_by: true, closed_at: true, updated_at: true,
  },
  pilot_adoption: { pilot_id: true, municipality_code: true, note: true, recorded_by: true, recorded_at: true },
  self_evaluation: { id: true, organization_id: true, fiscal_year: true, indicator_code: true, rating: true, reasons: true, updated_by: true, updated_at: true },
  case_study: {
    pilot_id: true, title: true, problem: true, solution: true, results: true, municipality_consent_by: true, municipality_consent_at: true,
    company_consent_by: true, company_consent_at: true, published_at: true, withdrawn_at: true, updated_by: true, created_at: true, updated_at: true,
  },
  expenditure_receipt: {
    id: true, report_id: true, pilot_id: true, organization_id: true, original_name: true, content_type: true, size_bytes: true, storage_key: true,
    created_by: true, created_at: true,
  },
} satisfies { [T in keyof DB]: Record<keyof DB[T], true> };

describe("schema types", () => {
  it("match the tables and columns of the migrated database", async () => {
    const rows = await sql<{ table_name: string; column_name: string }>`
      select table_name, column_name from information_schema.columns
      where table_schema = 'public' and table_name not like 'kysely_%'
      order by table_name, column_name`.execute(db());
    const actual: Record<string, string[]> = {};
    for (const row of rows.rows) (actual[row.table_name] ??= []).push(row.column_name);
    const expected = Object.fromEntries(
      Object.entries(typedColumns).map(([table, columns]) => [table, Object.keys(columns).sort()]),
    );
    expect(actual).toEqual(expected);
  });
});
