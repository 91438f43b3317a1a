// An agreement version as a document: its articles in order (第1条 …). Used by the agreement page and the print view.
import type { ReactNode } from "react";
import {
  AGREEMENT_SECTIONS,
  KPI_DIRECTION_LABELS,
  type AgreementContent,
} from "~/domain/pilots/agreement-content.schema";
import { milestoneTotal } from "~/domain/pilots/agreement.rules";
import { formatYen, formatDateJa } from "~/lib/format";

const label = (key: (typeof AGREEMENT_SECTIONS)[number]["key"]) => AGREEMENT_SECTIONS.find((s) => s.key === key)!.label;

function Text({ value }: { value: string }) {
  return value.trim() ? <p className="pre-wrap">{value}</p> : <p className="muted">（未記入）</p>;
}

function Item({ term, value }: { term: string; value: string }) {
  return (
    <>
      <dt>{term}</dt>
      <dd>{value.trim() ? <span className="pre-wrap">{value}</span> : <span className="muted">（未記入）</span>}</dd>
    </>
  );
}

export function AgreementArticles({
  content,
  parties,
  level = 3,
}: {
  content: AgreementContent;
  parties: { municipalityName: string; companyName: string };
  /** The heading level of each article (3 inside the agreement page, 2 in the print view). */
  level?: 2 | 3;
}) {
  const H = `h${level}` as const;
  const article = (key: (typeof AGREEMENT_SECTIONS)[number]["key"], body: ReactNode) => (
    <section className="agreement-article" aria-labelledby={`article-${key}`}>
      <H id={`article-${key}`}>{label(key)}</H>
      {body}
    </section>
  );
  const period =
    content.periodStart || content.periodEnd
      ? `${formatDateJa(content.periodStart) || "（未記入）"}から${formatDateJa(content.periodEnd) || "（未記入）"}まで`
      : "";
  const total = milestoneTotal(content);
  return (
    <div className="agreement-articles">
      {article("scope", <Text value={content.scope} />)}
      {article("period", <Text value={period} />)}
      {article("area", <Text value={content.area} />)}
      {article(
        "roles",
        <dl className="agreement-dl">
          <Item term={`自治体（${parties.municipalityName}）`} value={content.roles.municipality} />
          <Item term={`企業（${parties.companyName}）`} value={content.roles.company} />
          <Item term="住民" value={content.roles.residents} />
        </dl>,
      )}
      {article(
        "personalData",
        <dl className="agreement-dl">
          <Item term="利用目的" value={content.personalData.purpose} />
          <Item term="取得する項目" value={content.personalData.items} />
          <Item term="管理者" value={content.personalData.holder} />
          <Item term="保存期間" value={content.personalData.retention} />
          <Item term="削除の方法" value={content.personalData.deletion} />
        </dl>,
      )}
      {article(
        "kpis",
        content.kpis.length === 0 ? (
          <p className="muted">（未記入）</p>
        ) : (
          <ol className="agreement-rows">
            {content.kpis.map((k, i) => (
              <li key={i}>
                <strong>{k.name}</strong>
                {k.unit ? `（単位: ${k.unit}）` : ""}
                <span className="block">
                  基準値: {k.baseline || "（未記入）"}／目標値: {k.target || "（未記入）"}／目指す方向:{" "}
                  {KPI_DIRECTION_LABELS[k.direction]}
                </span>
              </li>
            ))}
          </ol>
        ),
      )}
      {article(
        "funding",
        <>
          <p>
            支払総額:{" "}
            <strong>{content.fundingAmountYen === null ? "（未記入）" : formatYen(content.fundingAmountYen)}</strong>
          </p>
          {content.milestones.length === 0 ? (
            <p className="muted">支払予定: （未記入）</p>
          ) : (
            <>
              <p>支払予定:</p>
              <ol className="agreement-rows">
                {content.milestones.map((m, i) => (
                  <li key={i}>
                    <strong>{m.title}</strong>
                    <span className="block">
                      支払予定日: {formatDateJa(m.dueDate) || "（未記入）"}／金額: {formatYen(m.amountYen)}
                    </span>
                  </li>
                ))}
              </ol>
              <p className="small">支払予定の合計: {formatYen(total)}</p>
            </>
          )}
        </>,
      )}
      {article("ipAndPublicity", <Text value={content.ipAndPublicity} />)}
      {article("termination", <Text value={content.termination} />)}
    </div>
  );
}
