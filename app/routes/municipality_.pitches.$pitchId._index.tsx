import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { requireMemberWith } from "~/auth/guards.server";
import { can } from "~/auth/permissions";
import { FormAlert, TextField } from "~/components/form-field";
import { formatDateTime } from "~/lib/format";
import { NoticeFromUrl } from "~/components/notices";
import {
  PitchFormFields,
  PitchSectionIndex,
  PitchStatusBadge,
  SectionSaveButton,
  TextAreaField,
} from "~/components/pitch-form";
import { listAttachments } from "~/domain/pitches/pitch-attachments.files.server";
import { editPitchAction, type PitchFormFailure } from "~/web/actions/pitch-editor.server";
import { pitchToFormValues } from "~/domain/pitches/pitch-fields.schema";
import { CHANGE_NOTE_MAX_LENGTH } from "~/domain/pitches/pitch-limits.schema";
import { needsReconfirmation } from "~/domain/pitches/pitch.rules";
import { getOwnPitch } from "~/domain/pitches/pitches.owner.queries.server";
import { proposalCounts } from "~/domain/reviews/reviews.queries.server";
import { db } from "~/lib/db.server";
import { handle } from "~/web/http.server";
import { confirmWith } from "~/web/confirm";
import { AttachmentsSection } from "~/components/attachments-section";
import { Breadcrumbs } from "~/components/breadcrumbs";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.pitch.title ?? "ピッチ"}の編集 | ガバメントピッチ・マッチング` },
];

export const loader = /* @__PURE__ */ handle(async ({ request, params }: LoaderFunctionArgs) => {
  const actor = await requireMemberWith(request, { action: "pitch.create" });
  const pitch = await getOwnPitch(actor, params.pitchId ?? "");
  const attachments = await listAttachments(pitch.id, actor.membership.organizationId);
  const proposals = can(actor, { action: "proposal.viewAsOwner", organizationId: actor.membership.organizationId })
    ? await proposalCounts(db(), actor.membership.organizationId, pitch.id)
    : null;
  return json({
    pitch: {
      id: pitch.id,
      title: pitch.title,
      status: pitch.status,
      revision_number: pitch.revision_number,
      published_at: pitch.published_at,
      proposal_deadline: pitch.proposal_deadline,
      needsReconfirmation: needsReconfirmation(pitch),
    },
    values: pitchToFormValues(pitch),
    attachments,
    canPublish: can(actor, { action: "pitch.publish" }),
    proposals,
  });
});

export const action = /* @__PURE__ */ handle(async ({ request, params }: ActionFunctionArgs) => {
  const actor = await requireMemberWith(request, { action: "pitch.create" });
  const pitch = await getOwnPitch(actor, params.pitchId ?? "");
  return editPitchAction(actor, pitch.id, request);
});

function LifecycleButton({
  intent,
  label,
  confirmMessage,
  danger,
}: {
  intent: string;
  label: string;
  confirmMessage?: string;
  danger?: boolean;
}) {
  return (
    <Form method="post" onSubmit={confirmMessage ? confirmWith(confirmMessage) : undefined}>
      <input type="hidden" name="intent" value={intent} />
      <button type="submit" className={`button ${danger ? "button--danger" : "button--secondary"}`}>
        {label}
      </button>
    </Form>
  );
}

export default function EditPitch() {
  const { pitch, values, attachments, canPublish, proposals } = useLoaderData<typeof loader>();
  const result = useActionData<PitchFormFailure>();
  const navigation = useNavigation();
  const busy = navigation.state === "submitting";
  const errors = result?.fieldErrors ?? {};
  const shown = result?.values && Object.keys(result.values).length > 0 ? { ...values, ...result.values } : values;
  const editable = pitch.status === "draft" || pitch.status === "published";
  return (
    <>
      <Breadcrumbs trail={[{ to: "/municipality/pitches", label: "課題（ピッチ）" }]} current={pitch.title} />
      <h1>
        {pitch.title}
        <PitchStatusBadge status={pitch.status} />
      </h1>
      {/* After a refused post the URL still carries the previous success notice (?notice=…): show only the error. */}
      {result ? null : <NoticeFromUrl />}
      <p className="actions">
        <Link to={`/municipality/pitches/${pitch.id}/preview`}>企業から見える形でプレビュー</Link>
        {pitch.revision_number > 0 ? (
          <Link to={`/municipality/pitches/${pitch.id}/revisions`}>変更履歴（第{pitch.revision_number}版）</Link>
        ) : null}
        <Link to={`/municipality/pitches/${pitch.id}/companies`}>この課題に合う企業</Link>
      </p>
      {pitch.status === "draft" && !canPublish ? (
        <div className="alert alert--warn" role="status">
          組織の確認が済むまでピッチは公開できません。運営事務局が自治体の組織であることを確認すると、公開できるようになります。それまでは下書きとして保存できます。
        </div>
      ) : null}
      {pitch.needsReconfirmation ? (
        <div className="alert alert--warn" role="status">
          公開から6か月以上たっています。内容が今も有効か確認してください。
        </div>
      ) : null}
      {!editable ? (
        <div className="alert alert--info" role="status">
          募集を締め切ったピッチの内容は変更できません。
        </div>
      ) : null}
      <FormAlert message={result?.formError} />

      {proposals && pitch.status !== "draft" ? (
        <section aria-labelledby="proposals-title" className="card stack-fields">
          <h2 id="proposals-title">提案と審査</h2>
          <p>
            提出された提案 {proposals.submitted}件・候補 {proposals.shortlisted}件・取り下げ {proposals.withdrawn}
            件・採否を記録 {proposals.decided}件
            {proposals.unpublished > 0 ? `（未公開 ${proposals.unpublished}件）` : ""}
          </p>
          <p className="actions">
            <Link to={`/municipality/pitches/${pitch.id}/proposals`}>提案の一覧と比較（{proposals.submitted}件）</Link>
            <Link to={`/municipality/pitches/${pitch.id}/review`}>評価項目と審査担当</Link>
            <Link to={`/municipality/pitches/${pitch.id}/decisions`}>採否と公開（{proposals.decided}件）</Link>
            <Link to={`/municipality/pitches/${pitch.id}/selection-record`}>選定経緯</Link>
          </p>
        </section>
      ) : null}

      {editable ? <PitchSectionIndex values={shown} errors={errors} /> : null}
      <Form method="post" className="stack" noValidate>
        <PitchFormFields
          values={shown}
          errors={errors}
          disabled={!editable}
          sectionEnd={pitch.status === "draft" ? (id) => <SectionSaveButton section={id} busy={busy} /> : undefined}
        />
        {pitch.status === "draft" ? (
          <div className="actions actions--sticky">
            <button type="submit" name="intent" value="save" className="button button--secondary" disabled={busy}>
              下書きを保存
            </button>
            {canPublish ? (
              <button type="submit" name="intent" value="publish" className="button" disabled={busy}>
                公開する
              </button>
            ) : null}
          </div>
        ) : null}
        {pitch.status === "published" ? (
          <div className="card stack-fields">
            <h2>改訂して公開</h2>
            <p className="small muted">
              公開中のピッチを変更すると新しい版になり、変更内容の説明とともに履歴に残ります。
            </p>
            <TextAreaField
              name="changeNote"
              label="変更内容の説明"
              required
              rows={3}
              maxLength={CHANGE_NOTE_MAX_LENGTH}
              hint={`${CHANGE_NOTE_MAX_LENGTH}文字以内。企業にも表示されます。`}
              defaultValue={typeof result?.values.changeNote === "string" ? result.values.changeNote : ""}
              error={errors.changeNote}
            />
            <div className="actions actions--sticky">
              <button type="submit" name="intent" value="revise" className="button" disabled={busy}>
                改訂して公開
              </button>
            </div>
          </div>
        ) : null}
      </Form>

      <AttachmentsSection
        note="PDF、PNG、JPEG（10MBまで）。公開中のピッチの添付資料は誰でもダウンロードできます。"
        attachments={attachments}
        hrefOf={(id) => `/pitches/${pitch.id}/attachments/${id}`}
        editable={pitch.status !== "archived"}
        deletable
        error={errors.file}
        busy={busy}
      />

      <section aria-labelledby="lifecycle-title" className="card stack-fields">
        <h2 id="lifecycle-title">募集の状態</h2>
        <p>
          現在の状態: <PitchStatusBadge status={pitch.status} />
          {pitch.proposal_deadline ? (
            <span className="small muted">（提案の締切 {formatDateTime(pitch.proposal_deadline)}）</span>
          ) : null}
        </p>
        <div className="actions">
          {pitch.status === "published" ? (
            <>
              <LifecycleButton intent="reconfirm" label="内容が最新であることを確認" />
              <LifecycleButton
                intent="close"
                label="募集を締め切る"
                confirmMessage="提案の募集を締め切ります。よろしいですか？"
                danger
              />
            </>
          ) : null}
          {pitch.status === "closed" ? (
            <>
              <LifecycleButton
                intent="markMatched"
                label="マッチング成立にする"
                confirmMessage="マッチング成立として記録します。よろしいですか？"
              />
              <LifecycleButton
                intent="markNotMatched"
                label="マッチングなしにする"
                confirmMessage="マッチングなしとして記録します。よろしいですか？"
              />
            </>
          ) : null}
          {pitch.status === "draft" || pitch.status === "matched" || pitch.status === "not_matched" ? (
            <LifecycleButton
              intent="archive"
              label="アーカイブする"
              confirmMessage="このピッチをアーカイブします。アーカイブ後は変更できません。よろしいですか？"
              danger
            />
          ) : null}
          {pitch.status === "draft" ? (
            <LifecycleButton
              intent="deleteDraft"
              label="下書きを削除"
              confirmMessage="この下書きと添付資料を削除します。元に戻せません。よろしいですか？"
              danger
            />
          ) : null}
        </div>
        {pitch.status === "closed" || pitch.status === "not_matched" ? (
          <Form method="post" className="stack-fields" noValidate>
            <input type="hidden" name="intent" value="reopen" />
            <TextField
              name="reopenDeadline"
              label="新しい提案の締切（日本時間）"
              type="datetime-local"
              required
              defaultValue={typeof result?.values.reopenDeadline === "string" ? result.values.reopenDeadline : ""}
              error={errors.reopenDeadline}
            />
            <div className="actions">
              <button type="submit" className="button button--secondary" disabled={busy}>
                募集を再開する
              </button>
            </div>
          </Form>
        ) : null}
      </section>
    </>
  );
}

export { ErrorPage as ErrorBoundary } from "~/components/error-page";
