import type { Migration } from "kysely";
import * as m2026112501 from "./2026112501_reference_data";
import * as m2026112502 from "./2026112502_accounts_and_organizations";
import * as m2026112503 from "./2026112503_audit_outbox_jobs";
import * as m2026112504 from "./2026112504_audit_log_no_truncate";
import * as m2026112505 from "./2026112505_pitches";
import * as m2026112506 from "./2026112506_pitch_attachments";
import * as m2026112507 from "./2026112507_pitch_questions";
import * as m2026112508 from "./2026112508_pitch_search_index_no_pending_list";
import * as m2026112509 from "./2026112509_saved_searches_notifications";
import * as m2026112510 from "./2026112510_pitch_events";
import * as m2026112511 from "./2026112511_company_profiles";
import * as m2026112512 from "./2026112512_proposals";
import * as m2026112513 from "./2026112513_proposal_reviews";
import * as m2026112514 from "./2026112514_review_score_comments";
import * as m2026112515 from "./2026112515_budgets";
import * as m2026112516 from "./2026112516_notification_kind_link_index";
import * as m2026112517 from "./2026112517_pilots_and_funding";
import * as m2026112518 from "./2026112518_outcomes";
import * as m2026112519 from "./2026112519_expenditure_reports";
import * as m2026112521 from "./2026112521_monitoring_indexes";
import * as m2026120301 from "./2026120301_municipality_validity";
import * as m2026120320 from "./2026120320_rate_limit_lock";
import * as m2026120330 from "./2026120330_secrets_and_second_factor";

// A static list: the Remix compiler bundles server code, so a folder scan at runtime would find nothing.
export const migrations: Record<string, Migration> = {
  "2026112501_reference_data": m2026112501,
  "2026112502_accounts_and_organizations": m2026112502,
  "2026112503_audit_outbox_jobs": m2026112503,
  "2026112504_audit_log_no_truncate": m2026112504,
  "2026112505_pitches": m2026112505,
  "2026112506_pitch_attachments": m2026112506,
  "2026112507_pitch_questions": m2026112507,
  "2026112508_pitch_search_index_no_pending_list": m2026112508,
  "2026112509_saved_searches_notifications": m2026112509,
  "2026112510_pitch_events": m2026112510,
  "2026112511_company_profiles": m2026112511,
  "2026112512_proposals": m2026112512,
  "2026112513_proposal_reviews": m2026112513,
  "2026112514_review_score_comments": m2026112514,
  "2026112515_budgets": m2026112515,
  "2026112516_notification_kind_link_index": m2026112516,
  "2026112517_pilots_and_funding": m2026112517,
  "2026112518_outcomes": m2026112518,
  "2026112519_expenditure_reports": m2026112519,
  "2026112521_monitoring_indexes": m2026112521,
  "2026120301_municipality_validity": m2026120301,
  "2026120320_rate_limit_lock": m2026120320,
  "2026120330_secrets_and_second_factor": m2026120330,
};
