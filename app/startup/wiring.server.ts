// The one place where areas meet. An earlier area never imports a later one; when a later area must react to an
// earlier one's work (a queued job, a periodic sweep, a signed agreement), it exports a handler and this file
// registers it. Called once at start-up, and by the test setup; registering twice is a no-op.
import type { Executor } from "@db/database.server";
import { registerJobHandler, registerPeriodicTask } from "~/domain/jobs/jobs.worker.server";
import { SEND_EMAIL_JOB } from "~/domain/mail/outbox.commands.server";
import { deliverEmailJob } from "~/domain/mail/outbox.jobs.server";
import { closeExpiredPitchesTask } from "~/domain/pitches/pitches.jobs.server";
import { MATCH_SAVED_SEARCHES_JOB } from "~/domain/pitches/pitches.commands.server";
import { matchSavedSearchesJob } from "~/domain/saved-searches/saved-search-matching.jobs.server";
import { deadlineRemindersTask } from "~/domain/proposals/proposal-deadlines.jobs.server";
import { STRIPE_TRANSFER_JOB } from "~/domain/funding/payments.commands.server";
import { stripeTransferJob } from "~/domain/payouts/stripe-transfers.jobs.server";
import { agreementConcluded } from "~/domain/pilots/agreements.commands.server";
import { importKpisFromAgreement } from "~/domain/outcomes/kpis.commands.server";
import { outcomeRemindersTask } from "~/domain/outcomes/outcome-reminders.jobs.server";
import { agreementEndingTask } from "~/domain/pilots/agreement-ending.jobs.server";

export function wireAreas(): void {
  registerJobHandler(SEND_EMAIL_JOB, deliverEmailJob);
  registerJobHandler(MATCH_SAVED_SEARCHES_JOB, matchSavedSearchesJob);
  registerJobHandler(STRIPE_TRANSFER_JOB, stripeTransferJob);
  // In this order: a pitch closed by the first task is announced as past its deadline by the second.
  registerPeriodicTask(closeExpiredPitchesTask);
  registerPeriodicTask(deadlineRemindersTask);
  registerPeriodicTask(outcomeRemindersTask);
  registerPeriodicTask(agreementEndingTask);
  // The KPIs to report on come from the first signed agreement (later amendments leave existing KPIs alone).
  agreementConcluded.register("outcomes.importKpis", importKpisFromAgreementOnce);
}

async function importKpisFromAgreementOnce(trx: Executor, event: { pilotId: string; now: Date }): Promise<void> {
  await importKpisFromAgreement(trx, event.pilotId, event.now);
}
