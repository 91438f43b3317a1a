// The indicator catalog of seed 002 (総合事業の充実に向けた評価指標の例): public, like the pitches that name these
// indicators, so that companies can read what a municipality means before they propose. Grouped by approach, each
// group ordered from process to final outcome; one table per approach with the stage, the definition and the unit.
import type { MetaFunction } from "@remix-run/node";
import { Link } from "@remix-run/react";
import { TableWrap } from "~/components/table-wrap";
import {
  INDICATOR_APPROACHES,
  INDICATOR_STAGES,
  INDICATORS,
  approachLabels,
  stageLabels,
  type IndicatorApproach,
} from "~/domain/pitches/catalog.data";

export const meta: MetaFunction = () => [
  { title: "評価指標の例 | ガバメントピッチ・マッチング" },
  {
    name: "description",
    content:
      "総合事業の充実に向けた評価指標の例: 3つのアプローチとプロセス・アウトプット・アウトカム・最終アウトカムの指標、その定義と単位。",
  },
];

const approachNotes: Record<IndicatorApproach, string> = {
  choices: "地域の多様な主体の参画により、高齢者が選べるサービス・活動を増やす取組の指標です。",
  population: "地域に暮らす高齢者全体に働きかけ、介護予防や社会参加を広げる取組の指標です。",
  high_risk: "孤独・孤立等の状態にある高齢者など、支援が必要な人に届ける取組の指標です。",
  final: "3つのアプローチに共通する最終的な成果の指標です。",
};

const stageOrder = (stage: (typeof INDICATOR_STAGES)[number]) => INDICATOR_STAGES.indexOf(stage);

export default function Indicators() {
  return (
    <>
      <h1>評価指標の例</h1>
      <p>
        介護予防・日常生活支援総合事業の充実に向けた評価指標の例です。3つのアプローチ（高齢者の選択肢の拡大、ポピュレーション・アプローチ、ハイリスク・アプローチ）ごとに、
        プロセス → アウトプット → アウトカム →
        最終アウトカムの順に並べています。実証のKPIは、この一覧の指標に対応づけるか、独自の指標として設定できます。
      </p>
      <nav aria-label="アプローチ" className="small">
        <ul className="chips">
          {INDICATOR_APPROACHES.map((a) => (
            <li key={a}>
              <a className="chip" href={`#approach-${a}`}>
                {approachLabels[a]}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      {INDICATOR_APPROACHES.map((approach) => {
        const rows = INDICATORS.filter((i) => i.approach === approach).sort(
          (a, b) => stageOrder(a.stage) - stageOrder(b.stage),
        );
        return (
          <section key={approach} aria-labelledby={`approach-${approach}`}>
            <h2 id={`approach-${approach}`}>
              {approach === "final" ? "最終アウトカム（共通）" : approachLabels[approach]}
            </h2>
            <p className="small muted">{approachNotes[approach]}</p>
            <TableWrap label={`${approachLabels[approach]}の指標`}>
              <table className="indicator-table">
                <caption className="sr-only">{approachLabels[approach]}の指標（段階、定義、単位）</caption>
                <colgroup>
                  <col className="col-stage" />
                  <col className="col-name" />
                  <col />
                  <col className="col-unit" />
                </colgroup>
                <thead>
                  <tr>
                    <th scope="col" className="nowrap">
                      段階
                    </th>
                    <th scope="col">指標</th>
                    <th scope="col">定義</th>
                    <th scope="col" className="nowrap">
                      単位
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {rows.map((i) => (
                    <tr key={i.code}>
                      <td className="nowrap">{stageLabels[i.stage]}</td>
                      <th scope="row">{i.label}</th>
                      <td>{i.definition}</td>
                      <td className="nowrap">{i.unit}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableWrap>
          </section>
        );
      })}
      <p className="small muted">
        出典:
        厚生労働省「介護予防・日常生活支援総合事業の充実に向けた検討会」中間整理にもとづく評価指標の例（地域づくり研修資料より）。定義と単位は本サービスでの記入の目安です。
      </p>
      <p className="small">
        <Link to="/pitches">ピッチを探す</Link>
      </p>
    </>
  );
}

export { ErrorPage as ErrorBoundary } from "~/components/error-page";
