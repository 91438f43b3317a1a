import type { ColumnType, Generated, Insertable, Selectable, Updateable } from "kysely";

/** A timestamptz: read as a Date, written as a Date or an ISO string. */
export type Timestamp = ColumnType<Date, Date | string, Date | string>;
type DefaultedTimestamp = ColumnType<Date, Date | string | undefined, Date | string>;
/** int8 / bigserial columns are read as strings by node-postgres (and so by PGlite through it). */
type BigSerial = ColumnType<string, never, never>;

export interface PrefectureTable {
  code: number;
  name: string;
  kana: string;
  short_name: string;
  name_en: string;
  lg_code: string;
}

export type MunicipalityKind = "municipality" | "designated_city" | "ward";
export interface MunicipalityTable {
  code: string;
  prefecture_code: number;
  name: string;
  kana: string;
  kind: MunicipalityKind;
  parent_code: string | null;
  url: string | null;
  latitude: number | null;
  longitude: number | null;
  /** The day the row took effect (YYYY-MM-DD); null when older than our records. */
  valid_from: ColumnType<string | null, string | null | undefined, string | null>;
  /** The day it was abolished (廃置分合); null while current. Abolished rows stay: records point at them. */
  abolished_on: ColumnType<string | null, string | null | undefined, string | null>;
}

/** The code(s) that took over an abolished municipality or ward. */
export interface MunicipalitySuccessorTable {
  code: string;
  successor_code: string;
}

/** A digest of the reference files the loader last loaded, by file set. */
export interface ReferenceDataVersionTable {
  name: string;
  sha256: string;
  loaded_at: DefaultedTimestamp;
}

/** A newer municipality master an operator uploaded: previewed, then applied once. */
export interface ReferenceImportTable {
  id: Generated<string>;
  file_name: string;
  content: string;
  uploaded_by: string | null;
  uploaded_at: DefaultedTimestamp;
  applied_at: Timestamp | null;
  applied_by: string | null;
  effective_on: ColumnType<string | null, string | null | undefined, string | null>;
  summary: ColumnType<Record<string, unknown> | null, string | null | undefined, string | null>;
}

export type Ministry = "meti" | "mhlw";
export interface RegionalBureauTable {
  id: string;
  ministry: Ministry;
  name: string;
  sort_order: number;
}

export interface RegionalBureauPrefectureTable {
  bureau_id: string;
  prefecture_code: number;
}

export interface AppUserTable {
  id: string;
  email: string;
  display_name: string;
  password_hash: string;
  created_at: DefaultedTimestamp;
  updated_at: DefaultedTimestamp;
}

export type SessionSecondFactor = "none" | "pending" | "verified";
export interface UserSessionTable {
  id: string;
  user_id: string;
  expires_at: Timestamp;
  created_at: Timestamp;
  /** none: the user has no second factor; pending: password right, code to come (not signed in); verified. */
  second_factor: Generated<SessionSecondFactor>;
}

export interface UserSecondFactorTable {
  user_id: string;
  /** The TOTP key, sealed with the app's key (lib/secret-box.server.ts): never shown again after set-up. */
  secret_sealed: string;
  /** Null while set-up waits for its first code. */
  confirmed_at: Timestamp | null;
  /** The last RFC 6238 time step accepted: a code of that step or an earlier one is refused (no replay). */
  last_used_step: ColumnType<string | null, string | number | null | undefined, string | number | null>;
  created_at: DefaultedTimestamp;
}

export interface UserRecoveryCodeTable {
  user_id: string;
  code_hash: string;
  used_at: Timestamp | null;
}

export interface UserDeviceTable {
  user_id: string;
  device_hash: string;
  first_seen_at: DefaultedTimestamp;
  last_seen_at: DefaultedTimestamp;
}

export type OrganizationKind = "municipality" | "company" | "bureau" | "operator";
export type VerificationStatus = "unverified" | "verified" | "rejected";
export interface OrganizationTable {
  id: string;
  kind: OrganizationKind;
  name: string;
  municipality_code: string | null;
  corporate_number: string | null;
  bureau_id: string | null;
  verification_status: VerificationStatus;
  verification_note: string | null;
  verified_at: Timestamp | null;
  verified_by: string | null;
  created_at: DefaultedTimestamp;
  updated_at: DefaultedTimestamp;
}

export type MemberRole = "admin" | "member";
export interface MembershipTable {
  user_id: string;
  organization_id: string;
  role: MemberRole;
  created_at: DefaultedTimestamp;
}

export interface InvitationTable {
  id: string;
  organization_id: string;
  email: string;
  role: MemberRole;
  token_hash: string;
  invited_by: string | null;
  expires_at: Timestamp;
  accepted_at: Timestamp | null;
  revoked_at: Timestamp | null;
  created_at: DefaultedTimestamp;
}

export interface PasswordResetTokenTable {
  token_hash: string;
  user_id: string;
  expires_at: Timestamp;
  used_at: Timestamp | null;
  created_at: DefaultedTimestamp;
}

export interface RateLimitTable {
  key: string;
  window_started_at: Timestamp;
  hits: number;
  /** Set when failures reached an account's limit: attempts are refused unchecked until then. */
  locked_until: ColumnType<Date | null, Date | null | undefined, Date | null>;
}

export interface AuditLogTable {
  id: BigSerial;
  occurred_at: DefaultedTimestamp;
  actor_user_id: string | null;
  actor_organization_id: string | null;
  organization_id: string | null;
  action: string;
  entity_type: string;
  entity_id: string;
  changes: ColumnType<Record<string, unknown>, string | undefined, never>;
}

export type EmailStatus = "pending" | "sent" | "failed" | "not_sent";
export interface EmailOutboxTable {
  id: string;
  to_address: string;
  subject: string;
  body_text: string;
  /** The access-granting link of the e-mail, sealed (lib/secret-box.server.ts); body_text holds a marker instead. */
  secret_link: string | null;
  status: EmailStatus;
  created_at: DefaultedTimestamp;
  sent_at: Timestamp | null;
  last_error: string | null;
}

export type JobStatus = "pending" | "running" | "done" | "failed";
export interface JobTable {
  id: BigSerial;
  kind: string;
  payload: ColumnType<Record<string, unknown>, string, string>;
  status: JobStatus;
  attempts: Generated<number>;
  max_attempts: Generated<number>;
  run_at: DefaultedTimestamp;
  locked_at: Timestamp | null;
  locked_by: string | null;
  last_error: string | null;
  created_at: DefaultedTimestamp;
  updated_at: DefaultedTimestamp;
  finished_at: Timestamp | null;
}

export type PitchStatus = "draft" | "published" | "closed" | "matched" | "not_matched" | "archived";
export type PitchLayer = "layer1" | "layer2";
/** A date column (no time): read and written as "YYYY-MM-DD" (see the pg type parser in db/database.server.ts). */
type DateOnly = string;
/** numeric columns are read as strings by node-postgres to keep their precision. */
type Numeric = ColumnType<string, string | number, string | number>;
type Int8 = ColumnType<string, string | number | bigint, string | number | bigint>;

export interface PitchTable {
  id: string;
  organization_id: string;
  municipality_code: string;
  prefecture_code: number;
  status: PitchStatus;
  revision_number: Generated<number>;
  title: string;
  summary: Generated<string>;
  vision: Generated<string>;
  current_situation: Generated<string>;
  population: number | null;
  aging_rate_percent: Numeric | null;
  certification_rate_percent: Numeric | null;
  problem: Generated<string>;
  problem_evidence: Generated<string>;
  target_people: Generated<string>;
  target_states: Generated<string[]>;
  themes: Generated<string[]>;
  layer: PitchLayer | null;
  area_name: Generated<string>;
  tried_so_far: Generated<string>;
  partner_wanted: Generated<string>;
  solution_wanted: Generated<string>;
  resources_offered: Generated<string>;
  budget_ceiling_yen: Int8 | null;
  pilot_start_on: DateOnly | null;
  pilot_end_on: DateOnly | null;
  indicators: Generated<string[]>;
  proposal_deadline: Timestamp | null;
  contact_name: Generated<string>;
  contact_email: Generated<string>;
  contact_phone: Generated<string>;
  search_tokens: Generated<string[]>;
  allows_multiple_matches: Generated<boolean>;
  published_at: Timestamp | null;
  reconfirmed_at: Timestamp | null;
  closed_at: Timestamp | null;
  created_by: string | null;
  created_at: DefaultedTimestamp;
  updated_at: DefaultedTimestamp;
}

export interface PitchRevisionTable {
  id: string;
  pitch_id: string;
  number: number;
  content: ColumnType<Record<string, unknown>, string, never>;
  change_note: Generated<string>;
  created_by: string | null;
  created_at: DefaultedTimestamp;
}

export type AttachmentContentType = "application/pdf" | "image/png" | "image/jpeg";

export interface PitchAttachmentTable {
  id: string;
  pitch_id: string;
  organization_id: string;
  original_name: string;
  content_type: AttachmentContentType;
  size_bytes: number;
  storage_key: string;
  created_by: string | null;
  created_at: DefaultedTimestamp;
}

export interface PitchQuestionTable {
  id: string;
  pitch_id: string;
  asker_user_id: string | null;
  asker_organization_id: string;
  question: string;
  answer: string | null;
  answered_by: string | null;
  answered_at: Timestamp | null;
  created_at: DefaultedTimestamp;
  updated_at: DefaultedTimestamp;
}

export interface SavedSearchTable {
  id: string;
  user_id: string;
  organization_id: string;
  name: string;
  /** The normalised search (PitchSearch without page and sort), as jsonb. */
  query: ColumnType<unknown, string, string>;
  created_at: DefaultedTimestamp;
  last_notified_at: Timestamp | null;
}

export interface NotificationTable {
  id: string;
  user_id: string;
  kind: string;
  title: string;
  body: string;
  link_path: string | null;
  read_at: Timestamp | null;
  created_at: DefaultedTimestamp;
}

/** One row per (saved search, pitch) already notified: the idempotency key of the matching job. */
export interface SavedSearchMatchTable {
  saved_search_id: string;
  pitch_id: string;
  notification_id: string | null;
  created_at: DefaultedTimestamp;
}

export type PitchEventStatus = "draft" | "published" | "cancelled";
export type PitchEventFormat = "online" | "venue";
export interface PitchEventTable {
  id: string;
  organization_id: string;
  bureau_id: string;
  title: string;
  description: Generated<string>;
  starts_at: Timestamp;
  format: PitchEventFormat;
  location: Generated<string>;
  application_starts_at: Timestamp;
  application_ends_at: Timestamp;
  status: Generated<PitchEventStatus>;
  created_by: string | null;
  created_at: DefaultedTimestamp;
  updated_at: DefaultedTimestamp;
}

export interface PitchEventInvitationTable {
  id: string;
  event_id: string;
  organization_id: string;
  invited_by: string | null;
  created_at: DefaultedTimestamp;
}

export type PitchEventEntryStatus = "submitted" | "approved" | "changes_requested" | "withdrawn";
export interface PitchEventEntryTable {
  id: string;
  event_id: string;
  pitch_id: string;
  organization_id: string;
  status: Generated<PitchEventEntryStatus>;
  review_message: string | null;
  reviewed_by: string | null;
  reviewed_at: Timestamp | null;
  submitted_by: string | null;
  submitted_at: DefaultedTimestamp;
  created_at: DefaultedTimestamp;
  updated_at: DefaultedTimestamp;
}

export interface PitchEventInterestTable {
  id: string;
  event_id: string;
  user_id: string;
  organization_id: string;
  created_at: DefaultedTimestamp;
}

export interface CompanyProfileTable {
  organization_id: string;
  summary: Generated<string>;
  industries: Generated<string[]>;
  serves_nationwide: Generated<boolean>;
  prefecture_codes: Generated<number[]>;
  themes: Generated<string[]>;
  products: Generated<string>;
  website_url: Generated<string>;
  contact_name: Generated<string>;
  contact_email: Generated<string>;
  contact_phone: Generated<string>;
  logo_storage_key: string | null;
  logo_content_type: "image/png" | "image/jpeg" | null;
  published: Generated<boolean>;
  updated_by: string | null;
  created_at: DefaultedTimestamp;
  updated_at: DefaultedTimestamp;
}

/** A municipality's budget for one fiscal year (April to March). bigint columns come back as strings. */
export interface BudgetTable {
  id: Generated<string>;
  organization_id: string;
  fiscal_year: number;
  amount_yen: ColumnType<string, number | string | bigint, number | string | bigint>;
  allocated_yen: ColumnType<string, number | string | bigint | undefined, number | string | bigint>;
  note: Generated<string>;
  created_by: string | null;
  updated_by: string | null;
  created_at: DefaultedTimestamp;
  updated_at: DefaultedTimestamp;
}

export type ProposalStatus = "draft" | "submitted" | "withdrawn";

/** A KPI the company commits to: an indicator of the catalog (or its own name) with a target. */
export interface ProposalKpi {
  indicatorCode: string | null;
  name: string;
  target: string;
  unit: string;
}

export interface ProposalCostItem {
  label: string;
  amountYen: number;
}

type JsonColumn<T> = ColumnType<T, string | undefined, string>;

export interface ProposalTable {
  id: string;
  pitch_id: string;
  organization_id: string;
  pitch_organization_id: string;
  pitch_revision_number: number;
  status: Generated<ProposalStatus>;
  title: Generated<string>;
  understanding: Generated<string>;
  approach: Generated<string>;
  resident_participation: Generated<string>;
  implementation_plan: Generated<string>;
  schedule: Generated<string>;
  team: Generated<string>;
  kpis: JsonColumn<ProposalKpi[]>;
  cost_items: JsonColumn<ProposalCostItem[]>;
  total_cost_yen: Int8 | null;
  requested_funding_yen: Int8 | null;
  co_funding_explanation: Generated<string>;
  company_contribution: Generated<string>;
  references_text: Generated<string>;
  revision_number: Generated<number>;
  eligibility_attested_at: Timestamp | null;
  eligibility_attested_by: string | null;
  submitted_at: Timestamp | null;
  withdrawn_at: Timestamp | null;
  withdrawal_reason: Generated<string>;
  shortlisted_at: Timestamp | null;
  created_by: string | null;
  created_at: DefaultedTimestamp;
  updated_at: DefaultedTimestamp;
}

export interface ProposalRevisionTable {
  id: string;
  proposal_id: string;
  number: number;
  pitch_revision_number: number;
  content: ColumnType<Record<string, unknown>, string, never>;
  created_by: string | null;
  created_at: DefaultedTimestamp;
}

export interface ProposalMessageTable {
  id: string;
  proposal_id: string;
  organization_id: string;
  sender_id: string | null;
  body: string;
  created_at: DefaultedTimestamp;
}

export interface ProposalThreadReadTable {
  proposal_id: string;
  user_id: string;
  read_at: Timestamp;
}

export interface ProposalAttachmentTable {
  id: string;
  proposal_id: string;
  message_id: string | null;
  organization_id: string;
  original_name: string;
  content_type: AttachmentContentType;
  size_bytes: number;
  storage_key: string;
  created_by: string | null;
  created_at: DefaultedTimestamp;
}

export interface ReviewCriterionTable {
  id: string;
  pitch_id: string;
  position: number;
  name: string;
  description: Generated<string>;
  weight: number;
  created_at: DefaultedTimestamp;
}

export interface ReviewAssignmentTable {
  pitch_id: string;
  user_id: string;
  assigned_by: string | null;
  created_at: DefaultedTimestamp;
}

export interface ProposalReviewTable {
  id: string;
  proposal_id: string;
  reviewer_id: string;
  comment: Generated<string>;
  private_note: Generated<string>;
  submitted_at: Timestamp | null;
  created_at: DefaultedTimestamp;
  updated_at: DefaultedTimestamp;
}

export interface ProposalReviewScoreTable {
  review_id: string;
  criterion_id: string;
  score: number;
  comment: Generated<string>;
}

export type DecisionOutcome = "accepted" | "declined";

export interface ProposalDecisionTable {
  proposal_id: string;
  pitch_id: string;
  outcome: DecisionOutcome;
  reason: string;
  decided_by: string | null;
  decided_at: Timestamp;
  published_at: Timestamp | null;
  published_by: string | null;
}

type Yen = ColumnType<string, number | string | bigint, number | string | bigint>;
type DefaultedYen = ColumnType<string, number | string | bigint | undefined, number | string | bigint>;

export type PilotStatus = "agreement" | "running" | "completed" | "terminated";

/** A pilot (試行的実施): what an accepted proposal becomes once the municipality starts the agreement. */
export interface PilotTable {
  id: Generated<string>;
  proposal_id: string;
  pitch_id: string;
  municipality_id: string;
  company_id: string;
  title: string;
  status: Generated<PilotStatus>;
  signed_version_id: string | null;
  started_at: Timestamp | null;
  ended_at: Timestamp | null;
  created_by: string | null;
  created_at: DefaultedTimestamp;
  updated_at: DefaultedTimestamp;
}

/** One version of a pilot agreement; content is the agreement's fields as JSON. Immutable once locked (signed). */
export interface PilotAgreementVersionTable {
  id: Generated<string>;
  pilot_id: string;
  version_number: number;
  content: JsonColumn<Record<string, unknown>>;
  change_note: Generated<string>;
  locked_at: Timestamp | null;
  created_by: string | null;
  created_at: DefaultedTimestamp;
  updated_by: string | null;
  updated_at: DefaultedTimestamp;
}

export type AgreementSide = "municipality" | "company";

export interface PilotAgreementSignatureTable {
  version_id: string;
  pilot_id: string;
  side: AgreementSide;
  organization_id: string;
  signed_by: string | null;
  signer_name: string;
  signed_at: DefaultedTimestamp;
}

/** Money from a budget set aside for a pilot. 0 <= disbursed <= scheduled <= amount (CHECK constraints). */
export interface AllocationTable {
  id: Generated<string>;
  budget_id: string;
  pilot_id: string;
  organization_id: string;
  amount_yen: Yen;
  scheduled_yen: DefaultedYen;
  disbursed_yen: DefaultedYen;
  note: Generated<string>;
  created_by: string | null;
  created_at: DefaultedTimestamp;
  updated_at: DefaultedTimestamp;
}

export type MilestoneStatus = "scheduled" | "approved" | "paid" | "returned" | "cancelled";

export interface MilestoneTable {
  id: Generated<string>;
  allocation_id: string;
  pilot_id: string;
  organization_id: string;
  title: string;
  due_date: ColumnType<string, string, string>;
  original_amount_yen: Yen;
  amount_yen: Yen;
  requires_report: Generated<boolean>;
  status: Generated<MilestoneStatus>;
  status_reason: Generated<string>;
  approved_by: string | null;
  approved_at: Timestamp | null;
  created_by: string | null;
  created_at: DefaultedTimestamp;
  updated_at: DefaultedTimestamp;
}

export type PaymentMethod = "bank_transfer" | "stripe";
export type PaymentStatus = "pending" | "paid" | "returned" | "failed";

/** The one payment of a milestone (unique milestone_id: a milestone is paid at most once). */
export interface MilestonePaymentTable {
  id: Generated<string>;
  milestone_id: string;
  pilot_id: string;
  organization_id: string;
  method: PaymentMethod;
  amount_yen: Yen;
  status: PaymentStatus;
  reference: Generated<string>;
  idempotency_key: string;
  stripe_transfer_id: string | null;
  failure_reason: Generated<string>;
  recorded_by: string | null;
  paid_at: Timestamp | null;
  returned_at: Timestamp | null;
  created_at: DefaultedTimestamp;
  updated_at: DefaultedTimestamp;
}

export type LedgerEntryKind = "allocation" | "allocation_change" | "disbursement" | "return";

/** Append-only money movements (a trigger refuses UPDATE and DELETE); corrections are reversing entries. */
export interface LedgerEntryTable {
  id: Generated<string>;
  organization_id: string;
  budget_id: string;
  allocation_id: string | null;
  pilot_id: string | null;
  milestone_id: string | null;
  kind: LedgerEntryKind;
  amount_yen: Yen;
  memo: Generated<string>;
  created_by: string | null;
  created_at: DefaultedTimestamp;
}

/** A company's Stripe Connect Express account. last_event_created orders account.updated events. */
export interface StripeAccountTable {
  organization_id: string;
  account_id: string;
  details_submitted: Generated<boolean>;
  payouts_enabled: Generated<boolean>;
  last_event_created: ColumnType<string | null, number | string | null | undefined, number | string | null>;
  created_at: DefaultedTimestamp;
  updated_at: DefaultedTimestamp;
}

/** Stripe events already processed (the primary key makes a replayed event a no-op). */
export interface StripeEventTable {
  id: string;
  type: string;
  event_created: Yen;
  received_at: DefaultedTimestamp;
}

export type ExpenditureReportStatus = "submitted" | "approved" | "returned";

export interface ExpenditureReportTable {
  id: Generated<string>;
  milestone_id: string;
  pilot_id: string;
  company_id: string;
  status: Generated<ExpenditureReportStatus>;
  narrative: Generated<string>;
  total_yen: Yen;
  submitted_by: string | null;
  submitted_at: DefaultedTimestamp;
  reviewed_by: string | null;
  reviewed_at: Timestamp | null;
  review_comment: Generated<string>;
}

export interface ExpenditureItemTable {
  id: Generated<string>;
  report_id: string;
  position: number;
  description: string;
  amount_yen: Yen;
}

export interface ExpenditureReceiptTable {
  id: string;
  report_id: string;
  pilot_id: string;
  organization_id: string;
  original_name: string;
  content_type: AttachmentContentType;
  size_bytes: number;
  storage_key: string;
  created_by: string | null;
  created_at: DefaultedTimestamp;
}

export type KpiFrequency = "monthly" | "quarterly";

/** A KPI of a pilot, taken from its agreement: catalog indicator (seed 002) or custom, baseline, target, direction. */
export interface PilotKpiTable {
  id: Generated<string>;
  pilot_id: string;
  position: number;
  indicator_code: string | null;
  name: string;
  definition: Generated<string>;
  unit: Generated<string>;
  baseline: ColumnType<string | null, number | string | null | undefined, number | string | null>;
  target: ColumnType<string | null, number | string | null | undefined, number | string | null>;
  direction: Generated<"increase" | "decrease" | "maintain">;
  frequency: Generated<KpiFrequency>;
  created_at: DefaultedTimestamp;
  updated_at: DefaultedTimestamp;
}

export type OutcomeReportStatus = "draft" | "submitted" | "approved" | "returned";

/** A periodic outcome report: values per KPI and aggregate participant counts only (never personal data). */
export interface OutcomeReportTable {
  id: Generated<string>;
  pilot_id: string;
  period_start: ColumnType<string, string, string>;
  period_end: ColumnType<string, string, string>;
  status: Generated<OutcomeReportStatus>;
  author_side: "company" | "municipality";
  participants_total: number | null;
  participants_new: number | null;
  participants_75_plus: number | null;
  narrative: Generated<string>;
  created_by: string | null;
  submitted_by: string | null;
  submitted_at: Timestamp | null;
  reviewed_by: string | null;
  reviewed_at: Timestamp | null;
  review_comment: Generated<string>;
  created_at: DefaultedTimestamp;
  updated_at: DefaultedTimestamp;
}

export interface OutcomeValueTable {
  report_id: string;
  kpi_id: string;
  value: Numeric;
  note: Generated<string>;
}

export interface OutcomePhotoTable {
  id: string;
  report_id: string;
  pilot_id: string;
  organization_id: string;
  original_name: string;
  content_type: "image/png" | "image/jpeg";
  size_bytes: number;
  storage_key: string;
  caption: Generated<string>;
  created_by: string | null;
  created_at: DefaultedTimestamp;
}

export type PilotResult = "self_sustaining" | "full_implementation" | "under_consideration" | "ended";

/** How a pilot ended: the final report, the reflection (振り返り), the result and what came after. */
export interface PilotCloseoutTable {
  pilot_id: string;
  result: PilotResult;
  final_report: string;
  what_worked: string;
  what_did_not_work: string;
  next_step: string;
  budgeted_next_year: boolean | null;
  budgeted_note: Generated<string>;
  next_pitch_id: string | null;
  closed_by: string | null;
  closed_at: DefaultedTimestamp;
  updated_at: DefaultedTimestamp;
}

/** Another municipality that adopted the pilot's solution (横展開). */
export interface PilotAdoptionTable {
  pilot_id: string;
  municipality_code: string;
  note: Generated<string>;
  recorded_by: string | null;
  recorded_at: DefaultedTimestamp;
}

/** The annual self-evaluation of the 実施要綱: a four-level rating with written reasons per indicator. */
export interface SelfEvaluationTable {
  id: Generated<string>;
  organization_id: string;
  fiscal_year: number;
  indicator_code: string;
  rating: number;
  reasons: string;
  updated_by: string | null;
  updated_at: DefaultedTimestamp;
}

/** A public case study of a completed pilot; published only with both parties' consent (CHECK constraint). */
export interface CaseStudyTable {
  pilot_id: string;
  title: string;
  problem: string;
  solution: string;
  results: string;
  municipality_consent_by: string | null;
  municipality_consent_at: Timestamp | null;
  company_consent_by: string | null;
  company_consent_at: Timestamp | null;
  published_at: Timestamp | null;
  withdrawn_at: Timestamp | null;
  updated_by: string | null;
  created_at: DefaultedTimestamp;
  updated_at: DefaultedTimestamp;
}

export interface DB {
  prefecture: PrefectureTable;
  municipality: MunicipalityTable;
  municipality_successor: MunicipalitySuccessorTable;
  reference_data_version: ReferenceDataVersionTable;
  reference_import: ReferenceImportTable;
  regional_bureau: RegionalBureauTable;
  regional_bureau_prefecture: RegionalBureauPrefectureTable;
  app_user: AppUserTable;
  user_session: UserSessionTable;
  organization: OrganizationTable;
  membership: MembershipTable;
  invitation: InvitationTable;
  password_reset_token: PasswordResetTokenTable;
  rate_limit: RateLimitTable;
  audit_log: AuditLogTable;
  email_outbox: EmailOutboxTable;
  user_second_factor: UserSecondFactorTable;
  user_recovery_code: UserRecoveryCodeTable;
  user_device: UserDeviceTable;
  job: JobTable;
  pitch: PitchTable;
  pitch_revision: PitchRevisionTable;
  pitch_question: PitchQuestionTable;
  pitch_attachment: PitchAttachmentTable;
  pitch_event: PitchEventTable;
  pitch_event_invitation: PitchEventInvitationTable;
  pitch_event_entry: PitchEventEntryTable;
  pitch_event_interest: PitchEventInterestTable;
  saved_search: SavedSearchTable;
  notification: NotificationTable;
  saved_search_match: SavedSearchMatchTable;
  company_profile: CompanyProfileTable;
  proposal: ProposalTable;
  proposal_revision: ProposalRevisionTable;
  proposal_message: ProposalMessageTable;
  proposal_thread_read: ProposalThreadReadTable;
  proposal_attachment: ProposalAttachmentTable;
  review_criterion: ReviewCriterionTable;
  review_assignment: ReviewAssignmentTable;
  proposal_review: ProposalReviewTable;
  proposal_review_score: ProposalReviewScoreTable;
  proposal_decision: ProposalDecisionTable;
  budget: BudgetTable;
  pilot: PilotTable;
  pilot_agreement_version: PilotAgreementVersionTable;
  pilot_agreement_signature: PilotAgreementSignatureTable;
  allocation: AllocationTable;
  milestone: MilestoneTable;
  milestone_payment: MilestonePaymentTable;
  ledger_entry: LedgerEntryTable;
  stripe_account: StripeAccountTable;
  stripe_event: StripeEventTable;
  expenditure_report: ExpenditureReportTable;
  expenditure_item: ExpenditureItemTable;
  expenditure_receipt: ExpenditureReceiptTable;
  pilot_kpi: PilotKpiTable;
  outcome_report: OutcomeReportTable;
  outcome_value: OutcomeValueTable;
  outcome_photo: OutcomePhotoTable;
  pilot_closeout: PilotCloseoutTable;
  pilot_adoption: PilotAdoptionTable;
  self_evaluation: SelfEvaluationTable;
  case_study: CaseStudyTable;
}

export type Pitch = Selectable<PitchTable>;
export type PitchQuestion = Selectable<PitchQuestionTable>;
export type PitchAttachment = Selectable<PitchAttachmentTable>;
export type PitchEvent = Selectable<PitchEventTable>;
export type PitchEventEntry = Selectable<PitchEventEntryTable>;
export type SavedSearch = Selectable<SavedSearchTable>;
export type Notification = Selectable<NotificationTable>;
export type CompanyProfile = Selectable<CompanyProfileTable>;
export type Budget = Selectable<BudgetTable>;
export type Pilot = Selectable<PilotTable>;
export type PilotAgreementVersion = Selectable<PilotAgreementVersionTable>;
export type Allocation = Selectable<AllocationTable>;
export type Milestone = Selectable<MilestoneTable>;
export type MilestonePayment = Selectable<MilestonePaymentTable>;
export type Proposal = Selectable<ProposalTable>;
export type ProposalMessage = Selectable<ProposalMessageTable>;
export type ProposalDecision = Selectable<ProposalDecisionTable>;

export type Organization = Selectable<OrganizationTable>;
export type NewOrganization = Insertable<OrganizationTable>;
export type OrganizationUpdate = Updateable<OrganizationTable>;
export type AppUser = Selectable<AppUserTable>;
export type Municipality = Selectable<MunicipalityTable>;
export type Job = Selectable<JobTable>;
