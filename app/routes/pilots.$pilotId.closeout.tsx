import { json, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { confirmWith } from "~/web/confirm";
import { FormAlert, TextField } from "~/components/form-field";
import { formatDateTime } from "~/lib/format";
import { NoticeFromUrl } from "~/components/notices";
import { TextAreaField } from "~/components/pitch-form";
import { RadioGroupField } from "~/components/radio-group";
import { TableWrap } from "~/components/table-wrap";
import { AdoptionSearchSchema, CLOSEOUT_LIMITS } from "~/domain/outcomes/closeout.schema";
import { closeoutAction } from "~/web/actions/closeout.server";
import { closeoutPage } from "~/domain/outcomes/closeout.queries.server";
import {
  BUDGETED_CHOICES,
  BUDGETED_LABELS,
  PILOT_RESULT_DESCRIPTIONS,
  PILOT_RESULT_LABELS,
  PILOT_RESULTS,
} from "~/domain/outcomes/pilot-result.schema";
import { pitchStatusLabels } from "~/domain/pitches/catalog.data";
import { db } from "~/lib/db.server";
import { handle, type FormFailure } from "~/web/http.server";
import { requirePilotViewer, requirePilotParty } from "~/web/pilot-guards.server";
import { readForm } from "~/web/input.server";

export const loader = /* @__PURE__ */ handle(async ({ request, params }: LoaderFunctionArgs) => {
  const { actor, access } = await requirePilotViewer(request, params);
  const { q } = AdoptionSearchSchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  return json(await closeoutPage(db(), actor, access, q));
});

export const action = /* @__PURE__ */ handle(async ({ request, params }: ActionFunctionArgs) => {
  const { actor, access } = await requirePilotParty(request, params);
  return closeoutAction(actor, access, await readForm(request));
});

type Data = ReturnType<typeof useLoaderData<typeof loader>>;
type Closeout = NonNullable<Data["closeout"]>;

const resultOptions = PILOT_RESULTS.map((r) => ({
  value: r,
  label: <strong>{PILOT_RESULT_LABELS[r]}</strong>,
  hint: PILOT_RESULT_DESCRIPTIONS[r],
}));

function CloseForm({ result, busy }: { result?: FormFailure; busy: boolean }) {
  const mine = result?.values.intent === "close" ? result : undefined;
  const errors = mine?.fieldErrors ?? {};
  const typed = mine?.values ?? {};
  return (
    <section className="card" aria-labelledby="close-heading">
      <h2 id="close-heading">実証を完了する</h2>
      <p>
        実証の最終報告と、関係者で行った振り返り（うまくいったこと・うまくいかなかったこと・次の一歩）を記録し、結果を選びます。
        完了にすると実証の状態は「完了」になり、企業にお知らせします。完了後は元に戻せません。
      </p>
      <FormAlert message={mine?.formError} />
      <Form
        method="post"
        className="stack"
        noValidate
        onSubmit={confirmWith("実証を完了にします。完了後は実施中に戻せません。よろしいですか？")}
      >
        <input type="hidden" name="intent" value="close" />
        <RadioGroupField
          name="result"
          legend="実証の結果"
          options={resultOptions}
          defaultValue={typed.result}
          error={errors.result}
          required
        />
        <TextAreaField
          name="finalReport"
          label="最終報告"
          required
          rows={8}
          maxLength={CLOSEOUT_LIMITS.finalReport}
          hint="実施した内容、参加の状況、KPIの達成状況などをまとめます。住民の個人が特定できる情報は書かないでください。"
          defaultValue={typed.finalReport ?? ""}
          error={errors.finalReport}
        />
        <TextAreaField
          name="whatWorked"
          label="うまくいったこと"
          required
          maxLength={CLOSEOUT_LIMITS.whatWorked}
          defaultValue={typed.whatWorked ?? ""}
          error={errors.whatWorked}
        />
        <TextAreaField
          name="whatDidNotWork"
          label="うまくいかなかったこと"
          required
          maxLength={CLOSEOUT_LIMITS.whatDidNotWork}
          defaultValue={typed.whatDidNotWork ?? ""}
          error={errors.whatDidNotWork}
        />
        <TextAreaField
          name="nextStep"
          label="次の一歩"
          required
          maxLength={CLOSEOUT_LIMITS.nextStep}
          hint="次の起承転結につなげるために取り組むこと。「次のサイクルを始める」と、ここに書いた内容から次のピッチの下書きを作成できます。"
          defaultValue={typed.nextStep ?? ""}
          error={errors.nextStep}
        />
        <button type="submit" className="button" disabled={busy}>
          実証を完了にする
        </button>
      </Form>
    </section>
  );
}

function Summary({ closeout }: { closeout: Closeout }) {
  return (
    <section className="card" aria-labelledby="summary-heading">
      <h2 id="summary-heading">最終報告と振り返り</h2>
      <p>
        結果: <span className="badge badge--ok">{PILOT_RESULT_LABELS[closeout.result]}</span>
        <span className="small muted"> {PILOT_RESULT_DESCRIPTIONS[closeout.result]}</span>
      </p>
      <dl className="pitch-sections">
        <dt>最終報告</dt>
        <dd>{closeout.finalReport}</dd>
        <dt>うまくいったこと</dt>
        <dd>{closeout.whatWorked}</dd>
        <dt>うまくいかなかったこと</dt>
        <dd>{closeout.whatDidNotWork}</dd>
        <dt>次の一歩</dt>
        <dd>{closeout.nextStep}</dd>
      </dl>
      <p className="small muted">
        完了日時: {formatDateTime(closeout.closedAt)}
        {closeout.closedByName ? `（記録: ${closeout.closedByName}）` : ""}
      </p>
    </section>
  );
}

function NextCycle({ closeout, busy, result }: { closeout: Closeout; busy: boolean; result?: FormFailure }) {
  const mine = result?.values.intent === "nextCycle" ? result : undefined;
  return (
    <section className="card" aria-labelledby="next-heading">
      <h2 id="next-heading">次のサイクル</h2>
      <p>
        振り返りから次の展開を考え、次の起承転結を生み出します。「次のサイクルを始める」を押すと、この実証のピッチの内容を引き継ぎ、
        振り返り（うまくいったこと・うまくいかなかったこと）を「これまでの取組」に、次の一歩を「課題」と「求める解決策」に入れた下書きを作成します。
      </p>
      <FormAlert message={mine?.formError} />
      {closeout.nextPitch ? (
        <p>
          作成済みの下書き:{" "}
          <Link to={`/municipality/pitches/${closeout.nextPitch.id}`}>{closeout.nextPitch.title}</Link>（
          {pitchStatusLabels[closeout.nextPitch.status as keyof typeof pitchStatusLabels] ?? closeout.nextPitch.status}
          ）
        </p>
      ) : null}
      <Form method="post">
        <input type="hidden" name="intent" value="nextCycle" />
        <button type="submit" className="button" disabled={busy}>
          {closeout.nextPitch ? "次のサイクルのピッチを開く" : "次のサイクルを始める"}
        </button>
      </Form>
    </section>
  );
}

function Budgeted({
  closeout,
  canClose,
  busy,
  result,
}: {
  closeout: Closeout;
  canClose: boolean;
  busy: boolean;
  result?: FormFailure;
}) {
  const mine = result?.values.intent === "budgeted" ? result : undefined;
  return (
    <section className="card" aria-labelledby="budgeted-heading">
      <h2 id="budgeted-heading">次年度の予算化</h2>
      <p>
        現在の回答: <strong>{BUDGETED_LABELS[closeout.budgeted]}</strong>
        {closeout.budgetedNote ? <span className="block pre-wrap">{closeout.budgetedNote}</span> : null}
      </p>
      {canClose ? (
        <Form method="post" className="stack" noValidate>
          <input type="hidden" name="intent" value="budgeted" />
          <FormAlert message={mine?.formError} />
          <RadioGroupField
            name="budgeted"
            legend="この取組を次年度の予算に計上しましたか"
            options={BUDGETED_CHOICES.map((c) => ({ value: c, label: BUDGETED_LABELS[c] }))}
            defaultValue={mine?.values.budgeted ?? closeout.budgeted}
            error={mine?.fieldErrors.budgeted}
            required
          />
          <TextAreaField
            name="budgetedNote"
            label="メモ（任意）"
            rows={3}
            maxLength={CLOSEOUT_LIMITS.budgetedNote}
            hint="例: 令和9年度当初予算に総合事業（通所型サービスB）として計上。"
            defaultValue={mine?.values.budgetedNote ?? closeout.budgetedNote}
            error={mine?.fieldErrors.budgetedNote}
          />
          <button type="submit" className="button button--secondary" disabled={busy}>
            予算化の状況を保存
          </button>
        </Form>
      ) : null}
    </section>
  );
}

function Adoptions({ data, busy, result }: { data: Data; busy: boolean; result?: FormFailure }) {
  const closeout = data.closeout!;
  const added = result?.values.intent === "addAdoption" ? result : undefined;
  const removed = result?.values.intent === "removeAdoption" ? result : undefined;
  return (
    <section className="card" aria-labelledby="adoption-heading">
      <h2 id="adoption-heading">横展開（同じ解決策を導入した自治体）</h2>
      <FormAlert message={removed?.formError ?? removed?.fieldErrors.municipalityCode} />
      {closeout.adoptions.length === 0 ? (
        <p className="empty">
          まだ登録されていません。
          {data.canClose ? "この実証の解決策を導入した他の自治体を、名前で検索して追加できます。" : ""}
        </p>
      ) : (
        <TableWrap label="横展開先の自治体">
          <table className="compact-table">
            <thead>
              <tr>
                <th scope="col">自治体</th>
                <th scope="col">メモ</th>
                <th scope="col">登録日時</th>
                {data.canClose ? <th scope="col">操作</th> : null}
              </tr>
            </thead>
            <tbody>
              {closeout.adoptions.map((a) => (
                <tr key={a.municipalityCode}>
                  <th scope="row">
                    {a.prefectureName} {a.municipalityName}
                  </th>
                  <td className="pre-wrap">{a.note || "—"}</td>
                  <td>{formatDateTime(a.recordedAt)}</td>
                  {data.canClose ? (
                    <td>
                      <Form
                        method="post"
                        onSubmit={confirmWith(`${a.municipalityName}を横展開先から削除します。よろしいですか？`)}
                      >
                        <input type="hidden" name="intent" value="removeAdoption" />
                        <input type="hidden" name="municipalityCode" value={a.municipalityCode} />
                        <button type="submit" className="button button--danger" disabled={busy}>
                          削除
                          <span className="sr-only">（{a.municipalityName}）</span>
                        </button>
                      </Form>
                    </td>
                  ) : null}
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}
      {data.canClose ? (
        <>
          <h3>自治体を追加</h3>
          <Form method="get" className="actions" role="search" aria-label="横展開先の自治体の検索">
            <TextField
              name="q"
              label="自治体名（ひらがなでも検索できます）"
              defaultValue={data.q}
              maxLength={CLOSEOUT_LIMITS.search}
              autoComplete="off"
              hint="実証を行った自治体自身と、登録済みの自治体は表示されません。"
            />
            <button type="submit" className="button button--secondary">
              検索
            </button>
          </Form>
          <FormAlert message={added?.formError ?? added?.fieldErrors.municipalityCode} />
          {data.q ? (
            data.candidates.length === 0 ? (
              <p className="empty">「{data.q}」に当てはまる自治体は見つかりませんでした。</p>
            ) : (
              <ul className="stack candidate-list" aria-label="検索結果">
                {data.candidates.map((c) => {
                  const failed = added?.values.municipalityCode === c.code ? added : undefined;
                  return (
                    <li key={c.code}>
                      <Form method="post" className="inline-form" noValidate>
                        <input type="hidden" name="intent" value="addAdoption" />
                        <input type="hidden" name="municipalityCode" value={c.code} />
                        <p className="candidate-list__name">
                          <strong>
                            {c.prefectureName} {c.name}
                          </strong>
                        </p>
                        <TextField
                          id={`note-${c.code}`}
                          name="note"
                          label="メモ（任意）"
                          maxLength={CLOSEOUT_LIMITS.adoptionNote}
                          defaultValue={failed?.values.note ?? ""}
                          error={failed?.fieldErrors.note}
                        />
                        <button type="submit" className="button button--secondary" disabled={busy}>
                          追加<span className="sr-only">（{c.name}）</span>
                        </button>
                      </Form>
                    </li>
                  );
                })}
              </ul>
            )
          ) : null}
        </>
      ) : null}
    </section>
  );
}

export default function PilotCloseout() {
  const data = useLoaderData<typeof loader>();
  const result = useActionData<FormFailure>();
  const busy = useNavigation().state === "submitting";
  const { status, closeout, canClose } = data;
  return (
    <>
      <NoticeFromUrl />
      {result &&
      !["close", "budgeted", "addAdoption", "removeAdoption", "nextCycle"].includes(result.values.intent ?? "") ? (
        <FormAlert message={result.formError} />
      ) : null}
      {closeout ? (
        <>
          <Summary closeout={closeout} />
          {data.canStartNextCycle ? <NextCycle closeout={closeout} busy={busy} result={result} /> : null}
          <Budgeted closeout={closeout} canClose={canClose} busy={busy} result={result} />
          <Adoptions data={data} busy={busy} result={result} />
        </>
      ) : status === "running" ? (
        canClose ? (
          <CloseForm result={result} busy={busy} />
        ) : (
          <section className="card">
            <h2>実証の完了</h2>
            <p>実証は実施中です。終了したら、自治体の確認済みの管理者が最終報告と振り返りを記録して完了にします。</p>
          </section>
        )
      ) : (
        <section className="card">
          <h2>実証の完了</h2>
          <p>
            {status === "terminated"
              ? "この実証は中止されました。"
              : "協定書が双方の署名で締結され、実証が始まると、ここで最終報告と振り返りを記録して完了にできます。"}
          </p>
        </section>
      )}
    </>
  );
}

export { ErrorPage as ErrorBoundary } from "~/components/error-page";
