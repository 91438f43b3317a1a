import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useState } from "react";
import { requireMember } from "~/auth/guards.server";
import { can } from "~/auth/permissions";
import { FormAlert } from "~/components/form-field";
import { roleLabels } from "~/domain/organizations/organizations.schema";
import { NoticeFromUrl } from "~/components/notices";
import { TableWrap } from "~/components/table-wrap";
import {
  assignReviewer,
  ensure,
  manage,
  saveCriteria,
  setAllowsMultipleMatches,
  unassignReviewer,
} from "~/domain/reviews/reviews.commands.server";
import {
  listCriteriaOrDefault,
  getReviewPitch,
  hasAnyScore,
  listOrganizationMembers,
  listReviewers,
} from "~/domain/reviews/reviews.queries.server";
import { AssignSchema, MultipleMatchesSchema, parseCriteriaForm } from "~/domain/reviews/reviews.schema";
import {
  CRITERIA_FROZEN_MESSAGE,
  CRITERIA_MAX,
  CRITERION_DESCRIPTION_MAX,
  CRITERION_NAME_MAX,
  WEIGHT_MAX,
  WEIGHT_MIN,
} from "~/domain/reviews/rubric.data";
import { normalisedShares } from "~/domain/reviews/scoring.rules";
import { db } from "~/lib/db.server";
import { formObject, formValues } from "~/lib/forms";
import { appUrl, handle, type FormFailure } from "~/web/http.server";
import { confirmWith } from "~/web/confirm";
import { intent, intentOf, runIntent } from "~/web/intents.server";
import { Breadcrumbs } from "~/components/breadcrumbs";
import { readForm } from "~/web/input.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `審査の設定 ${data?.pitch.title ?? ""} | ガバメントピッチ・マッチング` },
];

export const loader = /* @__PURE__ */ handle(async ({ request, params }: LoaderFunctionArgs) => {
  const actor = await requireMember(request);
  const pitch = await getReviewPitch(actor, params.pitchId ?? "");
  const [{ criteria, isDefault }, frozen, reviewers, members] = await Promise.all([
    listCriteriaOrDefault(db(), pitch.id),
    hasAnyScore(db(), pitch.id),
    listReviewers(db(), pitch.id),
    listOrganizationMembers(db(), actor.membership.organizationId),
  ]);
  const shares = normalisedShares(criteria);
  return json({
    pitch: { id: pitch.id, title: pitch.title, allowsMultipleMatches: pitch.allows_multiple_matches },
    criteria: criteria.map((c) => ({
      id: c.id,
      name: c.name,
      description: c.description,
      weight: c.weight,
      share: shares[c.id] ?? 0,
    })),
    frozen,
    isDefault,
    reviewers: reviewers.map((r) => ({ id: r.id, name: r.display_name })),
    members: members.map((m) => ({ id: m.id, name: m.display_name, role: m.role })),
    canManage: can(actor, manage(actor)),
  });
});

export const action = /* @__PURE__ */ handle(async ({ request, params }: ActionFunctionArgs) => {
  const actor = await requireMember(request);
  const pitch = await getReviewPitch(actor, params.pitchId ?? "");
  const formData = await readForm(request);
  const path = `/municipality/pitches/${pitch.id}/review`;
  if (intentOf(formData) === "criteria") ensure(actor, manage(actor));
  const assignment = intent({
    schema: AssignSchema,
    run: (data) =>
      data.intent === "assign"
        ? assignReviewer(actor, pitch.id, data.userId, appUrl(request))
        : unassignReviewer(actor, pitch.id, data.userId),
    done: { path, notice: intentOf(formData) === "assign" ? "reviewer-assigned" : "reviewer-unassigned" },
  });
  return runIntent(formData, {
    criteria: intent({
      parse: (form) => {
        const parsed = parseCriteriaForm(formObject(form));
        return parsed.ok ? { ok: true, data: parsed.criteria } : { ...parsed, values: formValues(form) };
      },
      run: (criteria) => saveCriteria(actor, pitch.id, criteria),
      done: { path, notice: "criteria-saved" },
    }),
    multiple: intent({
      schema: MultipleMatchesSchema,
      run: (data) => setAllowsMultipleMatches(actor, pitch.id, data.allowsMultipleMatches === "on"),
      done: { path, notice: "review-settings-saved" },
    }),
    assign: assignment,
    unassign: assignment,
  });
});

interface Row {
  name: string;
  description: string;
  weight: string;
}

export default function ReviewSettings() {
  const { pitch, criteria, frozen, isDefault, reviewers, members, canManage } = useLoaderData<typeof loader>();
  const result = useActionData<FormFailure>();
  const navigation = useNavigation();
  const busy = navigation.state === "submitting";
  const errors = result?.fieldErrors ?? {};
  const initial: Row[] = result?.values.count
    ? Array.from({ length: Number(result.values.count) }, (_, i) => ({
        name: result.values[`name.${i}`] ?? "",
        description: result.values[`description.${i}`] ?? "",
        weight: result.values[`weight.${i}`] ?? "",
      }))
    : criteria.map((c) => ({ name: c.name, description: c.description, weight: String(c.weight) }));
  const [rows, setRows] = useState<Row[]>(initial);
  const total = rows.reduce((s, r) => s + (Number(r.weight) > 0 ? Number(r.weight) : 0), 0);
  const update = (i: number, patch: Partial<Row>) => setRows(rows.map((r, j) => (j === i ? { ...r, ...patch } : r)));
  const disabled = !canManage || frozen;
  const assignedIds = new Set(reviewers.map((r) => r.id));
  const base = `/municipality/pitches/${pitch.id}`;
  return (
    <>
      <Breadcrumbs
        trail={[
          { to: "/municipality/pitches", label: "課題（ピッチ）" },
          { to: base, label: pitch.title },
          { to: `${base}/proposals`, label: "提案の一覧" },
        ]}
        current={"審査の設定"}
      />
      <h1>審査の設定</h1>
      <p>{pitch.title}</p>
      {result ? null : <NoticeFromUrl />}
      <FormAlert message={result?.formError} />
      {!canManage ? <p className="small muted">設定を変更できるのは組織の管理者です。</p> : null}

      <section aria-labelledby="criteria-title" className="card stack-fields">
        <h2 id="criteria-title">評価項目と重み</h2>
        <p className="small muted">
          各項目を1〜5点で評価し、重みをかけて100点満点の合計を出します。重みは{WEIGHT_MIN}〜{WEIGHT_MAX}
          の整数で、合計が100でなくても割合に換算します。
        </p>
        {frozen ? (
          <div className="alert alert--info" role="status">
            {CRITERIA_FROZEN_MESSAGE}
          </div>
        ) : null}
        {isDefault ? (
          <p className="small muted">
            標準の評価項目を表示しています。保存するか、審査担当を割り当てると、このピッチの評価項目として確定します。
          </p>
        ) : null}
        <Form method="post" className="stack-fields" noValidate>
          <input type="hidden" name="intent" value="criteria" />
          <input type="hidden" name="count" value={rows.length} />
          <TableWrap label="評価項目">
            <table>
              <thead>
                <tr>
                  <th scope="col">評価項目</th>
                  <th scope="col">説明</th>
                  <th scope="col">重み</th>
                  <th scope="col">割合</th>
                  {disabled ? null : (
                    <th scope="col">
                      <span className="sr-only">削除</span>
                    </th>
                  )}
                </tr>
              </thead>
              <tbody>
                {rows.map((r, i) => (
                  <tr key={i}>
                    <td>
                      <input
                        aria-label={`評価項目${i + 1}の名前`}
                        name={`name.${i}`}
                        value={r.name}
                        maxLength={CRITERION_NAME_MAX}
                        disabled={disabled}
                        onChange={(e) => update(i, { name: e.target.value })}
                        aria-invalid={errors[`name.${i}`] ? true : undefined}
                      />
                      {errors[`name.${i}`] ? (
                        <p className="field__error" role="alert">
                          {errors[`name.${i}`]}
                        </p>
                      ) : null}
                    </td>
                    <td>
                      <input
                        aria-label={`評価項目${i + 1}の説明`}
                        name={`description.${i}`}
                        value={r.description}
                        maxLength={CRITERION_DESCRIPTION_MAX}
                        disabled={disabled}
                        onChange={(e) => update(i, { description: e.target.value })}
                      />
                    </td>
                    <td>
                      <input
                        aria-label={`評価項目${i + 1}の重み`}
                        name={`weight.${i}`}
                        type="number"
                        min={WEIGHT_MIN}
                        max={WEIGHT_MAX}
                        inputMode="numeric"
                        value={r.weight}
                        disabled={disabled}
                        onChange={(e) => update(i, { weight: e.target.value })}
                        aria-invalid={errors[`weight.${i}`] ? true : undefined}
                      />
                      {errors[`weight.${i}`] ? (
                        <p className="field__error" role="alert">
                          {errors[`weight.${i}`]}
                        </p>
                      ) : null}
                    </td>
                    <td>
                      {total > 0 && Number(r.weight) > 0
                        ? `${Math.round((Number(r.weight) / total) * 1000) / 10}%`
                        : "—"}
                    </td>
                    {disabled ? null : (
                      <td>
                        <button
                          type="button"
                          className="button button--danger button--small"
                          onClick={() => setRows(rows.filter((_, j) => j !== i))}
                        >
                          削除
                        </button>
                      </td>
                    )}
                  </tr>
                ))}
              </tbody>
            </table>
          </TableWrap>
          {disabled ? null : (
            <div className="actions">
              {rows.length < CRITERIA_MAX ? (
                <button
                  type="button"
                  className="button button--secondary"
                  onClick={() => setRows([...rows, { name: "", description: "", weight: "10" }])}
                >
                  評価項目を追加
                </button>
              ) : null}
              <button type="submit" className="button" disabled={busy}>
                評価項目を保存
              </button>
            </div>
          )}
        </Form>
      </section>

      <section aria-labelledby="multiple-title" className="card stack-fields">
        <h2 id="multiple-title">採択できる数</h2>
        <Form method="post" className="stack-fields">
          <input type="hidden" name="intent" value="multiple" />
          <label className="checkbox-line">
            <input
              type="checkbox"
              name="allowsMultipleMatches"
              defaultChecked={pitch.allowsMultipleMatches}
              disabled={!canManage}
            />{" "}
            複数の提案を採択できる
          </label>
          <p className="small muted">有効にしないと、採択できる提案は1件だけです。</p>
          {canManage ? (
            <div className="actions">
              <button type="submit" className="button button--secondary" disabled={busy}>
                設定を保存
              </button>
            </div>
          ) : null}
        </Form>
      </section>

      <section aria-labelledby="reviewers-title" className="card stack-fields">
        <h2 id="reviewers-title">審査担当（{reviewers.length}人）</h2>
        <p className="small muted">
          審査担当に割り当てたメンバーが提案を評価できます。割り当てると本人にお知らせとメールが届きます。
        </p>
        {reviewers.length === 0 ? (
          <p className="empty">審査担当はまだいません。</p>
        ) : (
          <ul>
            {reviewers.map((r) => (
              <li key={r.id} className="actions">
                {r.name}
                {canManage ? (
                  <Form
                    method="post"
                    onSubmit={confirmWith(
                      `${r.name}さんを審査担当から外します。よろしいですか？（提出済みの評価は残ります）`,
                    )}
                  >
                    <input type="hidden" name="intent" value="unassign" />
                    <input type="hidden" name="userId" value={r.id} />
                    <button type="submit" className="button button--danger button--small">
                      外す
                    </button>
                  </Form>
                ) : null}
              </li>
            ))}
          </ul>
        )}
        {canManage ? (
          <Form method="post" className="stack-fields">
            <input type="hidden" name="intent" value="assign" />
            <div className={`field${errors.userId ? " field--invalid" : ""}`}>
              <label htmlFor="userId">割り当てるメンバー</label>
              <select id="userId" name="userId" defaultValue="">
                <option value="" disabled>
                  選んでください
                </option>
                {members
                  .filter((m) => !assignedIds.has(m.id))
                  .map((m) => (
                    <option key={m.id} value={m.id}>
                      {m.name}（{roleLabels[m.role]}）
                    </option>
                  ))}
              </select>
              {errors.userId ? (
                <p className="field__error" role="alert">
                  {errors.userId}
                </p>
              ) : null}
            </div>
            <div className="actions">
              <button type="submit" className="button" disabled={busy}>
                審査担当に割り当てる
              </button>
            </div>
          </Form>
        ) : null}
      </section>
    </>
  );
}

export { ErrorPage as ErrorBoundary } from "~/components/error-page";
