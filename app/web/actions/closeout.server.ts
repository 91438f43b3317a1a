// The actions of the close-out page, kept out of the route module: closing with the reflection, 予算化, the 横展開 list
// and the next cycle. Only the pilot's municipality acts here; closing and its records are its verified admins'.
// The pilot was found for this actor by the route.
import type { MemberActor } from "~/auth/permissions";
import type { AccessiblePilot } from "~/domain/pilots/pilots.access.server";
import {
  AddAdoptionSchema,
  BudgetedSchema,
  ClosePilotSchema,
  NextCycleSchema,
  RemoveAdoptionSchema,
} from "~/domain/outcomes/closeout.schema";
import * as closeout from "~/domain/outcomes/closeout.commands.server";
import { mayClosePilot } from "~/domain/outcomes/closeout.queries.server";
import { AppError } from "~/lib/errors";
import { CHECK_INPUT, intent, intentOf, runIntent } from "~/web/intents.server";

export async function closeoutAction(actor: MemberActor, access: AccessiblePilot, formData: FormData) {
  if (access.side !== "municipality")
    throw new AppError("forbidden", "完了と振り返りの記録は、実証を行った自治体が行います。");
  const pilotId = access.pilot.id;
  const path = `/pilots/${pilotId}/closeout`;
  const closerOnly = ["close", "budgeted", "addAdoption", "removeAdoption"];
  if (closerOnly.includes(intentOf(formData)) && !mayClosePilot(actor, access)) {
    throw new AppError("forbidden", "実証の完了と振り返りの記録は、確認済みの自治体の管理者が行います。");
  }
  return runIntent(formData, {
    close: intent({
      schema: ClosePilotSchema,
      invalid: CHECK_INPUT,
      run: (data) => closeout.closePilot(actor, pilotId, data),
      done: { path, notice: "pilot-closed" },
    }),
    budgeted: intent({
      schema: BudgetedSchema,
      invalid: CHECK_INPUT,
      run: (data) => closeout.updateBudgeted(actor, pilotId, data),
      done: ({ changed }) => ({ path, notice: changed ? "budgeted-saved" : "closeout-unchanged" }),
    }),
    addAdoption: intent({
      schema: AddAdoptionSchema,
      invalid: CHECK_INPUT,
      run: (data) => closeout.addAdoption(actor, pilotId, data),
      done: { path, notice: "adoption-added" },
    }),
    removeAdoption: intent({
      schema: RemoveAdoptionSchema,
      invalid: CHECK_INPUT,
      run: (data) => closeout.removeAdoption(actor, pilotId, data),
      done: { path, notice: "adoption-removed" },
    }),
    nextCycle: intent({
      schema: NextCycleSchema,
      invalid: CHECK_INPUT,
      run: () => closeout.startNextCycle(actor, pilotId),
      done: ({ pitchId, created }) => ({
        path: `/municipality/pitches/${pitchId}`,
        notice: created ? "next-cycle-created" : "next-cycle-existing",
      }),
    }),
  });
}
