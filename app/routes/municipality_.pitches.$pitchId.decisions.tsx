import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { requireMember } from "~/auth/guards.server";
import { can } from "~/auth/permissions";
import { FormAlert } from "~/components/form-field";
import { formatDateTime } from "~/lib/format";
import { NoticeFromUrl } from "~/components/notices";
import { PitchStatusBadge } from "~/components/pitch-form";
import { TableWrap } from "~/components/table-wrap";
import { decisionsOpen, publishDecisions } from "~/domain/reviews/decisions.commands.server";
import { listDecisions } from "~/domain/reviews/decisions.queries.server";
import { DECISION_TIMING_TEXT } from "~/domain/reviews/rubric.data";
import { manage } from "~/domain/reviews/reviews.commands.server";
import { getReviewPitch, proposalCounts } from "~/domain/reviews/reviews.queries.server";
import { PublishSchema } from "~/domain/reviews/reviews.schema";
import { db } from "~/lib/db.server";
import { appUrl, handle, type FormFailure } from "~/web/http.server";
import { confirmWith } from "~/web/confirm";
import { runForm } from "~/web/intents.server";
import { Breadcrumbs } from "~/components/breadcrumbs";
import { readForm } from "~/web/input.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `採否と公開 ${data?.pitch.title ?? ""} | ガバメントピッチ・マッチング` },
];

export const loader = /* @__PURE__ */ handle(async ({ request, params }: LoaderFunctionArgs) => {
  const actor = await requireMember(request);
  const pitch = await getReviewPitch(actor, params.pitchId ?? "");
  const [decisions, counts] = await Promise.all([
    listDecisions(db(), actor.membership.organizationId, pitch.id),
    proposalCounts(db(), actor.membership.organizationId, pitch.id),
  ]);
  return json({
    pitch: {
      id: pitch.id,
      title: pitch.title,
      status: pitch.status,
      allowsMultipleMatches: pitch.allows_multiple_matches,
    },
    decisions,
    counts,
    canManage: can(actor, manage(actor)),
    decisionsOpen: decisionsOpen(pitch),
  });
});

export const action = /* @__PURE__ */ handle(async ({ request, params }: ActionFunctionArgs) => {
  const actor = await requireMember(request);
  const pitch = await getReviewPitch(actor, params.pitchId ?? "");
  const formData = await readForm(request);
  return runForm(formData, {
    schema: PublishSchema,
    run: () => publishDecisions(actor, pitch.id, appUrl(request)),
    done: { path: `/municipality/pitches/${pitch.id}/decisions`, notice: "decisions-published" },
  });
});

const outcomeLabels = { accepted: "採択", declined: "不採択" } as const;

export default function Decisions() {
  const { pitch, decisions, counts, canManage, decisionsOpen } = useLoaderData<typeof loader>();
  const result = useActionData<FormFailure>();
  const navigation = useNavigation();
  const base = `/municipality/pitches/${pitch.id}`;
  return (
    <>
      <Breadcrumbs
        trail={[
          { to: "/municipality/pitches", label: "課題（ピッチ）" },
          { to: base, label: pitch.title },
          { to: `${base}/proposals`, label: "提案の一覧" },
        ]}
        current={"採否と公開"}
      />
      <h1>
        採否と公開 <PitchStatusBadge status={pitch.status} />
      </h1>
      <p>{pitch.title}</p>
      {result ? null : <NoticeFromUrl />}
      <FormAlert message={result?.formError} />
      <p className="small muted">{DECISION_TIMING_TEXT}</p>
      <p className="small muted">
        提出済み {counts.submitted}件・採否を記録 {counts.decided}件（うち未公開 {counts.unpublished}件）・
        {pitch.allowsMultipleMatches ? "複数の提案を採択できます。" : "採択できる提案は1件です。"}
      </p>
      {decisions.length === 0 ? (
        <p className="empty">記録された採否はまだありません。提案のページから記録できます。</p>
      ) : (
        <TableWrap label="記録された採否">
          <table>
            <thead>
              <tr>
                <th scope="col">企業・提案</th>
                <th scope="col">採否</th>
                <th scope="col">理由</th>
                <th scope="col">記録</th>
                <th scope="col">公開</th>
              </tr>
            </thead>
            <tbody>
              {decisions.map((d) => (
                <tr key={d.proposal_id}>
                  <td>
                    <Link to={`${base}/proposals/${d.proposal_id}`}>{d.company_name}</Link>
                    <div className="small muted">{d.title}</div>
                  </td>
                  <td>{outcomeLabels[d.outcome]}</td>
                  <td className="pre-wrap">{d.reason}</td>
                  <td>
                    {formatDateTime(d.decided_at)}
                    <div className="small muted">{d.decided_by_name ?? ""}</div>
                  </td>
                  <td>
                    {d.published_at ? (
                      formatDateTime(d.published_at)
                    ) : (
                      <span className="badge badge--warn">未公開</span>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}
      {canManage ? (
        <section aria-labelledby="publish-title" className="card stack-fields">
          <h2 id="publish-title">決定を公開する</h2>
          <p>
            未公開の採否{counts.unpublished}
            件をまとめて公開し、各企業のメンバーにお知らせとメールを送ります。公開した採否は変更できません。
            募集を締め切ったピッチは、採択が1件以上あれば「マッチング成立」、すべての提案が不採択なら「マッチングなし」になります。
          </p>
          <Form
            method="post"
            onSubmit={confirmWith(
              `未公開の採否${counts.unpublished}件を公開し、企業に通知します。公開後は変更できません。よろしいですか？`,
            )}
          >
            <input type="hidden" name="intent" value="publish" />
            <button
              type="submit"
              className="button"
              disabled={navigation.state === "submitting" || counts.unpublished === 0 || !decisionsOpen}
            >
              決定を公開する
            </button>
          </Form>
        </section>
      ) : null}
    </>
  );
}

export { ErrorPage as ErrorBoundary } from "~/components/error-page";
