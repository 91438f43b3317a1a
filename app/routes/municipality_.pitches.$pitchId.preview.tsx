import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import type { ReactNode } from "react";
import { requireMemberWith } from "~/auth/guards.server";
import { formatDateTime, formatYenInText } from "~/lib/format";
import { PitchStatusBadge } from "~/components/pitch-form";
import { indicatorLabel, layerLabel, targetStateLabel, themeLabel } from "~/domain/pitches/catalog.data";
import { listAttachments } from "~/domain/pitches/pitch-attachments.files.server";
import { getOwnPitch } from "~/domain/pitches/pitches.owner.queries.server";
import { handle } from "~/web/http.server";
import { Breadcrumbs } from "~/components/breadcrumbs";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `プレビュー: ${data?.pitch.title ?? "ピッチ"} | ガバメントピッチ・マッチング` },
];

export const loader = /* @__PURE__ */ handle(async ({ request, params }: LoaderFunctionArgs) => {
  const actor = await requireMemberWith(request, { action: "pitch.create" });
  const pitch = await getOwnPitch(actor, params.pitchId ?? "");
  const attachments = await listAttachments(pitch.id, actor.membership.organizationId);
  const { search_tokens: _tokens, ...shown } = pitch;
  return json({ pitch: shown, attachments });
});

function Part({ title, children }: { title: string; children: ReactNode }) {
  return (
    <section className="card">
      <h2>{title}</h2>
      {children}
    </section>
  );
}

function Text({ value }: { value: string }) {
  return value ? <p className="pitch-text">{value}</p> : <p className="muted">（未入力）</p>;
}

const yen = (value: string | null) => (value === null ? "—" : formatYenInText(value));
const dateJa = (value: string | null) => (value ? value.replace(/^(\d{4})-(\d{2})-(\d{2})$/, "$1年$2月$3日") : "—");

export default function PitchPreview() {
  const { pitch, attachments } = useLoaderData<typeof loader>();
  return (
    <>
      <Breadcrumbs
        trail={[
          { to: "/municipality/pitches", label: "課題（ピッチ）" },
          { to: `/municipality/pitches/${pitch.id}`, label: pitch.title },
        ]}
        current={"プレビュー"}
      />
      <div className="alert alert--info" role="status">
        企業から見える形のプレビューです。{pitch.status === "draft" ? "下書きは公開されていません。" : null}
      </div>
      <h1>
        {pitch.title}
        <PitchStatusBadge status={pitch.status} />
      </h1>
      <p className="muted">
        {pitch.prefecture_name} {pitch.municipality_name}
        {pitch.revision_number > 0 ? `・第${pitch.revision_number}版` : null}
        {pitch.published_at ? `・公開 ${formatDateTime(pitch.published_at)}` : null}
      </p>
      <Text value={pitch.summary} />
      <Part title="実現したい未来">
        <Text value={pitch.vision} />
      </Part>
      <Part title="地域の現状">
        <Text value={pitch.current_situation} />
        <dl className="facts">
          <dt>人口</dt>
          <dd>{pitch.population === null ? "—" : `${pitch.population.toLocaleString("ja-JP")}人`}</dd>
          <dt>高齢化率</dt>
          <dd>{pitch.aging_rate_percent === null ? "—" : `${pitch.aging_rate_percent}%`}</dd>
          <dt>認定率</dt>
          <dd>{pitch.certification_rate_percent === null ? "—" : `${pitch.certification_rate_percent}%`}</dd>
        </dl>
      </Part>
      <Part title="課題">
        <Text value={pitch.problem} />
        <h3>課題の根拠</h3>
        <Text value={pitch.problem_evidence} />
        <h3>これまでの取組</h3>
        <Text value={pitch.tried_so_far} />
      </Part>
      <Part title="対象者">
        <Text value={pitch.target_people} />
        <p>対象者の状態: {pitch.target_states.map(targetStateLabel).join("、") || "—"}</p>
      </Part>
      <Part title="テーマと範囲">
        <p>テーマ: {pitch.themes.map(themeLabel).join("、") || "—"}</p>
        <p>
          層: {pitch.layer ? layerLabel(pitch.layer) : "—"}
          {pitch.area_name ? `（${pitch.area_name}）` : null}
        </p>
      </Part>
      <Part title="求める提案">
        <h3>求めるパートナー</h3>
        <Text value={pitch.partner_wanted} />
        <h3>求める解決策</h3>
        <Text value={pitch.solution_wanted} />
        <h3>自治体が提供できる資源</h3>
        <Text value={pitch.resources_offered} />
      </Part>
      <Part title="予算と期間">
        <dl className="facts">
          <dt>試行的実施の予算上限</dt>
          <dd>{yen(pitch.budget_ceiling_yen)}</dd>
          <dt>実証期間</dt>
          <dd>
            {dateJa(pitch.pilot_start_on)} 〜 {dateJa(pitch.pilot_end_on)}
          </dd>
        </dl>
      </Part>
      <Part title="評価指標">
        {pitch.indicators.length === 0 ? (
          <p className="muted">（未選択）</p>
        ) : (
          <ul>
            {pitch.indicators.map((code) => (
              <li key={code}>{indicatorLabel(code)}</li>
            ))}
          </ul>
        )}
      </Part>
      <Part title="提案の締切">
        <p>{formatDateTime(pitch.proposal_deadline)}</p>
      </Part>
      <Part title="添付資料">
        {attachments.length === 0 ? (
          <p className="muted">（なし）</p>
        ) : (
          <ul>
            {attachments.map((a) => (
              <li key={a.id}>
                <a href={`/pitches/${pitch.id}/attachments/${a.id}`}>{a.original_name}</a>
              </li>
            ))}
          </ul>
        )}
      </Part>
      <section className="card" aria-labelledby="contact-title">
        <h2 id="contact-title">連絡先（企業には公開されません）</h2>
        <p className="small muted">
          この欄はあなたの組織のメンバーにだけ表示されています。企業からの質問は公開のQ&Aで受け付けます。
        </p>
        <dl className="facts">
          <dt>担当者名</dt>
          <dd>{pitch.contact_name || "—"}</dd>
          <dt>メールアドレス</dt>
          <dd>{pitch.contact_email || "—"}</dd>
          <dt>電話番号</dt>
          <dd>{pitch.contact_phone || "—"}</dd>
        </dl>
      </section>
    </>
  );
}

export { ErrorPage as ErrorBoundary } from "~/components/error-page";
