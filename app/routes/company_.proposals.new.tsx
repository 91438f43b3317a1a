import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { requireMemberWith } from "~/auth/guards.server";
import { FormAlert } from "~/components/form-field";
import { formatDateTime } from "~/lib/format";
import { getPublicPitch } from "~/domain/pitches/pitches.public.queries.server";
import { createProposalDraft, findActiveProposalId } from "~/domain/proposals/proposals.commands.server";
import { db } from "~/lib/db.server";
import { formValues } from "~/lib/forms";
import { handle, type FormFailure } from "~/web/http.server";
import { runForm, UNKNOWN_INTENT } from "~/web/intents.server";
import { Breadcrumbs } from "~/components/breadcrumbs";
import { readForm } from "~/web/input.server";

export const meta: MetaFunction = () => [{ title: "提案を作成 | ガバメントピッチ・マッチング" }];

const pitchIdOf = (request: Request) => new URL(request.url).searchParams.get("pitch") ?? "";

export const loader = /* @__PURE__ */ handle(async ({ request }: LoaderFunctionArgs) => {
  const actor = await requireMemberWith(request, { action: "proposal.create" });
  const pitch = await getPublicPitch(db(), pitchIdOf(request));
  const existing = await findActiveProposalId(actor.membership.organizationId, pitch.id);
  if (existing) throw redirect(`/company/proposals/${existing}`);
  return json({
    pitch: {
      id: pitch.id,
      title: pitch.title,
      open: pitch.openForProposals,
      proposalDeadline: pitch.proposalDeadline,
      municipalityName: pitch.municipality.name,
    },
  });
});

export const action = /* @__PURE__ */ handle(async ({ request }: ActionFunctionArgs) => {
  const actor = await requireMemberWith(request, { action: "proposal.create" });
  const formData = await readForm(request);
  return runForm(formData, {
    // One button and no fields: anything else is a stale page or a crafted request.
    parse: (form) => {
      const unknown = [...new Set(form.keys())].filter((k) => k !== "intent");
      return unknown.length > 0 || form.get("intent") !== "create"
        ? { ok: false, fieldErrors: {}, formError: UNKNOWN_INTENT, values: formValues(form) }
        : { ok: true, data: null };
    },
    run: () => createProposalDraft(actor, pitchIdOf(request)),
    done: ({ proposalId, created }) => ({
      path: `/company/proposals/${proposalId}`,
      notice: created ? "proposal-created" : "proposal-existing",
    }),
  });
});

export default function NewProposal() {
  const { pitch } = useLoaderData<typeof loader>();
  const result = useActionData<FormFailure>();
  const busy = useNavigation().state === "submitting";
  return (
    <>
      <Breadcrumbs
        trail={[
          { to: "/pitches", label: "ピッチを探す" },
          { to: `/pitches/${pitch.id}`, label: pitch.title },
        ]}
        current={"提案を作成"}
      />
      <h1>提案を作成</h1>
      <p>
        「<Link to={`/pitches/${pitch.id}`}>{pitch.title}</Link>」（{pitch.municipalityName}
        ）への提案の下書きを作成します。締切: {formatDateTime(pitch.proposalDeadline)}
      </p>
      <FormAlert message={result?.formError} />
      {pitch.open ? (
        <Form method="post">
          <input type="hidden" name="intent" value="create" />
          <button type="submit" className="button" disabled={busy}>
            下書きを作成する
          </button>
        </Form>
      ) : (
        <p className="muted">このピッチは提案の受付を終了しています。</p>
      )}
    </>
  );
}

export { ErrorPage as ErrorBoundary } from "~/components/error-page";
