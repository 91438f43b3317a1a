// The agreement page's form posts: save the draft, make a new version, sign. Parses with the schemas, calls one
// command, redirects with a notice; bad input or a refused command comes back beside the fields with what was typed.
import { redirect } from "@remix-run/node";
import type { MemberActor } from "~/auth/permissions";
import { can } from "~/auth/permissions";
import { withNotice } from "~/web/notices";
import { formValues, parseForm } from "~/lib/forms";
import { forbidden, notFound } from "~/lib/errors";
import { appErrorToFormFailure, formFailure } from "~/web/http.server";
import { db } from "~/lib/db.server";
import { AgreementEditSchema, NewAgreementVersionSchema, SignAgreementSchema } from "./agreement.schema";
import { createAgreementVersion, saveAgreementDraft, signAgreementVersion } from "./agreements.server";
import { findPilotForActor } from "./pilot-access.server";

const CHECK = "入力内容を確認してください。";

export async function agreementAction(actor: MemberActor, pilotId: string, request: Request) {
  // Operators read pilots for support (each read audited) but never write: refused before the audited read.
  if (can(actor, { action: "pilot.monitor" })) throw forbidden("運営者は協定書を閲覧できますが、変更や署名はできません。");
  const access = await findPilotForActor(db(), actor, pilotId);
  if (!access) throw notFound("実証が見つかりません。");
  const path = `/pilots/${access.pilot.id}/agreement`;
  const formData = await request.formData();
  const values = formValues(formData);
  const intent = formData.get("intent");

  if (intent === "sign") {
    const parsed = parseForm(SignAgreementSchema, formData);
    if (!parsed.ok) return formFailure({ ...parsed, formError: parsed.formError ?? Object.values(parsed.fieldErrors)[0] ?? CHECK });
    try {
      const result = await signAgreementVersion(actor, access.pilot.id, parsed.data);
      return redirect(withNotice(path, result.alreadySigned ? "agreement-already-signed" : result.completed ? "agreement-completed" : "agreement-signed"));
    } catch (error) {
      return appErrorToFormFailure(error, values);
    }
  }

  // A new version from the small form (a copy of the latest) or from the editor (what was typed, when the version it
  // was typed into has been signed meanwhile): the editor posts the content fields, the small form does not.
  if (intent === "new_version" && !formData.has("scope")) {
    const parsed = parseForm(NewAgreementVersionSchema, formData);
    if (!parsed.ok) return formFailure({ ...parsed, formError: parsed.formError ?? CHECK });
    try {
      await createAgreementVersion(actor, access.pilot.id, parsed.data);
    } catch (error) {
      return appErrorToFormFailure(error, values);
    }
    return redirect(withNotice(`${path}?edit=1`, "agreement-version-created"));
  }

  if (intent === "save" || intent === "new_version") {
    const parsed = parseForm(AgreementEditSchema, formData);
    if (!parsed.ok) return formFailure({ ...parsed, formError: parsed.formError ?? CHECK });
    try {
      if (parsed.data.intent === "new_version") {
        await createAgreementVersion(actor, access.pilot.id, parsed.data);
        return redirect(withNotice(path, "agreement-version-proposed"));
      }
      const { changed } = await saveAgreementDraft(actor, access.pilot.id, parsed.data);
      return redirect(withNotice(path, changed ? "agreement-saved" : "agreement-unchanged"));
    } catch (error) {
      return appErrorToFormFailure(error, values);
    }
  }

  return formFailure({ formError: "操作の内容が正しくありません。ページを再読み込みしてからやり直してください。", values });
}
