import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { Fragment } from "react";
import { requireMember, requirePermission } from "~/auth/guards.server";
import { can } from "~/auth/permissions";
import { FormAlert, SelectField } from "~/components/form-field";
import { formatDateTime } from "~/lib/format";
import { NoticeFromUrl } from "~/components/notices";
import { TextAreaField } from "~/components/pitch-form";
import { RadioGroupField } from "~/components/radio-group";
import { TableWrap } from "~/components/table-wrap";
import { fiscalYearLabel, fiscalYearOf, MIN_FISCAL_YEAR } from "~/domain/funding/fiscal-year.rules";
import {
  indicatorsByApproach,
  parseFiscalYearQuery,
  RATING_LABELS,
  ratingField,
  reasonsField,
  SELF_EVALUATION_RATINGS,
  SELF_EVALUATION_REASONS_MAX,
  SelfEvaluationSchema,
} from "~/domain/outcomes/self-evaluation.schema";
import { saveSelfEvaluation } from "~/domain/outcomes/self-evaluation.commands.server";
import { getSelfEvaluation, selfEvaluationEvidence } from "~/domain/outcomes/self-evaluation.queries.server";
import {
  draftReasons,
  evidenceLine,
  suggestedRating,
  type IndicatorEvidence,
} from "~/domain/outcomes/self-evaluation.rules";
import { outcomesPath } from "~/domain/outcomes/outcomes-paths.rules";
import { approachLabels, INDICATORS, stageLabels } from "~/domain/pitches/catalog.data";
import { db } from "~/lib/db.server";
import { handle, type FormFailure } from "~/web/http.server";
import { runForm } from "~/web/intents.server";
import { readForm } from "~/web/input.server";

export const meta: MetaFunction = () => [{ title: "自己評価 | ガバメントピッチ・マッチング" }];

const PATH = "/municipality/self-evaluation";

export const loader = /* @__PURE__ */ handle(async ({ request }: LoaderFunctionArgs) => {
  const actor = await requireMember(request);
  requirePermission(actor, { action: "workspace.municipality" });
  const currentFiscalYear = fiscalYearOf(new Date());
  const fiscalYear = parseFiscalYearQuery(new URL(request.url).searchParams.get("fy"), currentFiscalYear);
  const [rows, evidence] = await Promise.all([
    getSelfEvaluation(db(), actor.membership.organizationId, fiscalYear),
    selfEvaluationEvidence(db(), actor.membership.organizationId, fiscalYear),
  ]);
  return json({
    fiscalYear,
    currentFiscalYear,
    rows,
    evidence,
    canManage: can(actor, { action: "selfEvaluation.manage", organizationId: actor.membership.organizationId }),
  });
});

export const action = /* @__PURE__ */ handle(async ({ request }: ActionFunctionArgs) => {
  const actor = await requireMember(request);
  requirePermission(actor, { action: "selfEvaluation.manage", organizationId: actor.membership.organizationId });
  const formData = await readForm(request);
  return runForm(formData, {
    schema: SelfEvaluationSchema,
    invalid: "入力内容を確認してください。評価を選んだ指標には理由が必要です。",
    run: async (data) => ({ fiscalYear: data.fiscalYear, ...(await saveSelfEvaluation(actor, data)) }),
    done: ({ fiscalYear, changed }) => ({
      path: `${PATH}?fy=${fiscalYear}`,
      notice: changed > 0 ? "self-evaluation-saved" : "self-evaluation-unchanged",
    }),
  });
});

const ratingOptions = [
  ...SELF_EVALUATION_RATINGS.map((r) => ({ value: String(r.value), label: `${r.value}: ${r.label}` })),
  { value: "", label: "未評価" },
];

function Scale() {
  return (
    <section className="card" aria-labelledby="scale-heading">
      <h2 id="scale-heading">評価の4段階</h2>
      <dl className="facts">
        {SELF_EVALUATION_RATINGS.map((r) => (
          <Fragment key={r.value}>
            <dt>
              {r.value}: {r.label}
            </dt>
            <dd>{r.description}</dd>
          </Fragment>
        ))}
      </dl>
      <p className="small muted">
        評価を選んだ指標には、そう評価した理由（取組の実績や数値、課題）を必ず書きます。取り組んでいない指標は「未評価」のままにできます。
      </p>
    </section>
  );
}

/** The year's pilot results for one indicator, each one click from its pilot's outcomes. */
function Evidence({ items, proposed }: { items: IndicatorEvidence[]; proposed: boolean }) {
  return (
    <div className="evidence small">
      <p className="muted">{proposed ? "実証の成果から評価と理由の下書きを入れています。" : "この年度の実証の成果:"}</p>
      <ul>
        {items.map((e) => (
          <li key={`${e.pilotId}-${e.kpiName}`}>
            {evidenceLine(e)} <a href={outcomesPath(e.pilotId)}>成果を見る</a>
          </li>
        ))}
      </ul>
    </div>
  );
}

export default function SelfEvaluation() {
  const { fiscalYear, currentFiscalYear, rows, evidence, canManage } = useLoaderData<typeof loader>();
  const result = useActionData<FormFailure>();
  const busy = useNavigation().state === "submitting";
  const years: number[] = [];
  for (let fy = currentFiscalYear + 1; fy >= MIN_FISCAL_YEAR; fy--) years.push(fy);
  const rated = INDICATORS.filter((i) => rows[i.code]).length;
  const groups = indicatorsByApproach();
  const errors = result?.fieldErrors ?? {};
  // Indicators not yet rated that the year's pilots have results for: the form starts from those results.
  const drafted = canManage ? INDICATORS.filter((i) => !rows[i.code] && evidence[i.code]?.length).length : 0;

  return (
    <>
      <h1>自己評価（実施要綱）</h1>
      <NoticeFromUrl />
      <p>
        生活支援体制整備事業（住民参画・官民連携推進事業を含む）の取組を、年度ごとに評価指標（総合事業の充実に向けた評価指標の例:
        3つのアプローチ × プロセス・アウトプット・アウトカム・最終アウトカム）に沿って振り返ります。
      </p>
      <Form method="get" className="actions" aria-label="年度の選択">
        <SelectField name="fy" label="年度" defaultValue={String(fiscalYear)}>
          {years.map((fy) => (
            <option key={fy} value={fy}>
              {fiscalYearLabel(fy)}（{fy}年度）{fy === currentFiscalYear ? "・今年度" : ""}
            </option>
          ))}
        </SelectField>
        <button type="submit" className="button button--secondary">
          表示
        </button>
        <a className="button button--secondary" href={`${PATH}.csv?fy=${fiscalYear}`} download>
          CSVをダウンロード
        </a>
      </Form>
      <p>
        <strong>{fiscalYearLabel(fiscalYear)}</strong>: {INDICATORS.length}指標のうち {rated}指標を評価済み
      </p>
      <Scale />
      {drafted > 0 ? (
        <div className="alert alert--info" role="status">
          この年度の実証の成果（承認済みの報告）から、{drafted}
          指標の評価と理由の下書きを入れました。内容を確かめ、数値で表せないことを書き足してから保存してください。保存するまでは記録されません。
        </div>
      ) : null}
      <nav className="card section-index" aria-labelledby="approach-index-title">
        <h2 id="approach-index-title">アプローチの一覧</h2>
        <ol className="task-list">
          {groups.map((group) => {
            const done = group.indicators.filter((i) => rows[i.code]).length;
            return (
              <li key={group.approach}>
                <a href={`#approach-${group.approach}`}>{approachLabels[group.approach]}</a>
                <span className={`badge badge--${done === group.indicators.length ? "ok" : "muted"}`}>
                  {done} / {group.indicators.length} 評価済み
                </span>
              </li>
            );
          })}
        </ol>
      </nav>
      {canManage ? (
        <Form method="post" className="stack" noValidate key={fiscalYear}>
          <input type="hidden" name="intent" value="save" />
          <input type="hidden" name="fiscalYear" value={fiscalYear} />
          <FormAlert message={result?.formError ?? errors.fiscalYear} />
          {groups.map((group) => (
            <section key={group.approach} aria-labelledby={`approach-${group.approach}`} className="stack-fields">
              <h2 id={`approach-${group.approach}`}>{approachLabels[group.approach]}</h2>
              {group.indicators.map((indicator) => {
                const stored = rows[indicator.code];
                const typedRating = result ? (result.values[ratingField(indicator.code)] ?? "") : undefined;
                const typedReasons = result ? (result.values[reasonsField(indicator.code)] ?? "") : undefined;
                const found = evidence[indicator.code] ?? [];
                const proposed = !stored && found.length > 0;
                const proposedRating = proposed ? suggestedRating(found) : null;
                return (
                  <div key={indicator.code} className="card stack-fields">
                    <RadioGroupField
                      name={ratingField(indicator.code)}
                      legend={
                        <>
                          <span className="badge badge--muted">{stageLabels[indicator.stage]}</span> {indicator.label}
                        </>
                      }
                      options={ratingOptions}
                      inline
                      defaultValue={
                        typedRating ?? (stored ? String(stored.rating) : proposedRating ? String(proposedRating) : "")
                      }
                      error={errors[ratingField(indicator.code)]}
                    />
                    <TextAreaField
                      name={reasonsField(indicator.code)}
                      label="評価の理由"
                      rows={2}
                      maxLength={SELF_EVALUATION_REASONS_MAX}
                      defaultValue={typedReasons ?? stored?.reasons ?? (proposed ? draftReasons(found) : "")}
                      error={errors[reasonsField(indicator.code)]}
                    />
                    {found.length > 0 ? <Evidence items={found} proposed={proposed} /> : null}
                    {stored ? (
                      <p className="small muted">
                        最終更新: {formatDateTime(stored.updatedAt)}
                        {stored.updatedByName ? `（${stored.updatedByName}）` : ""}
                      </p>
                    ) : null}
                  </div>
                );
              })}
            </section>
          ))}
          <div className="actions actions--sticky">
            <button type="submit" className="button" disabled={busy}>
              {fiscalYearLabel(fiscalYear)}の自己評価を保存
            </button>
          </div>
        </Form>
      ) : (
        <>
          <p className="small muted">自己評価の入力は、確認済みの自治体の管理者が行います。</p>
          {groups.map((group) => (
            <section key={group.approach} aria-labelledby={`approach-${group.approach}`}>
              <h2 id={`approach-${group.approach}`}>{approachLabels[group.approach]}</h2>
              <TableWrap label={`${approachLabels[group.approach]}の自己評価`}>
                <table>
                  <thead>
                    <tr>
                      <th scope="col">段階</th>
                      <th scope="col">指標</th>
                      <th scope="col">評価</th>
                      <th scope="col">理由</th>
                    </tr>
                  </thead>
                  <tbody>
                    {group.indicators.map((indicator) => {
                      const stored = rows[indicator.code];
                      return (
                        <tr key={indicator.code}>
                          <td>{stageLabels[indicator.stage]}</td>
                          <th scope="row">{indicator.label}</th>
                          <td>{stored ? `${stored.rating}: ${RATING_LABELS[stored.rating]}` : "未評価"}</td>
                          <td className="pre-wrap">{stored?.reasons ?? "—"}</td>
                        </tr>
                      );
                    })}
                  </tbody>
                </table>
              </TableWrap>
            </section>
          ))}
        </>
      )}
    </>
  );
}

export { ErrorPage as ErrorBoundary } from "~/components/error-page";
