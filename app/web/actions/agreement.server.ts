// The agreement page's form posts: save the draft, make a new version, sign. Parses with the schemas, calls one
// command, redirects with a notice; bad input or a refused command comes back beside the fields with what was typed.
import { type MemberActor, can } from "~/auth/permissions";
import { parseForm } from "~/lib/forms";
import { forbidden } from "~/lib/errors";
import { CHECK_INPUT, intent, runIntent } from "~/web/intents.server";
import { db } from "~/lib/db.server";
import { AgreementEditSchema, NewAgreementVersionSchema, SignAgreementSchema } from "~/domain/pilots/agreement.schema";
import {
  createAgreementVersion,
  saveAgreementDraft,
  signAgreementVersion,
} from "~/domain/pilots/agreements.commands.server";
import { findPilotForActor, pilotNotFound } from "~/domain/pilots/pilots.access.server";
import { readForm } from "~/web/input.server";

export async function agreementAction(actor: MemberActor, pilotId: string, request: Request) {
  // Operators read pilots for support (each read audited) but never write: refused before the audited read.
  if (can(actor, { action: "pilot.monitor" }))
    throw forbidden("運営者は協定書を閲覧できますが、変更や署名はできません。");
  const access = await findPilotForActor(db(), actor, pilotId);
  if (!access) throw pilotNotFound();
  const id = access.pilot.id;
  const path = `/pilots/${id}/agreement`;
  const formData = await readForm(request);
  const edit = intent({
    schema: AgreementEditSchema,
    invalid: CHECK_INPUT,
    run: async (data) => {
      if (data.intent === "new_version")
        return (await createAgreementVersion(actor, id, data), "agreement-version-proposed" as const);
      return (await saveAgreementDraft(actor, id, data)).changed
        ? ("agreement-saved" as const)
        : ("agreement-unchanged" as const);
    },
    done: (notice) => ({ path, notice }),
  });
  // A new version from the small form (a copy of the latest) or from the editor (what was typed, when the version it
  // was typed into has been signed meanwhile): the editor posts the content fields, the small form does not.
  const copyLatest = intent({
    schema: NewAgreementVersionSchema,
    invalid: CHECK_INPUT,
    run: (data) => createAgreementVersion(actor, id, data),
    done: { path: `${path}?edit=1`, notice: "agreement-version-created" },
  });
  return runIntent(formData, {
    sign: intent({
      // The sign form has no visible field: its one message goes above the button.
      parse: (form) => {
        const parsed = parseForm(SignAgreementSchema, form);
        return parsed.ok
          ? parsed
          : { ...parsed, formError: parsed.formError ?? Object.values(parsed.fieldErrors)[0] ?? CHECK_INPUT };
      },
      run: (data) => signAgreementVersion(actor, id, data),
      done: (result) => ({
        path,
        notice: result.alreadySigned
          ? "agreement-already-signed"
          : result.completed
            ? "agreement-completed"
            : "agreement-signed",
      }),
    }),
    save: edit,
    new_version: formData.has("scope") ? edit : copyLatest,
  });
}
