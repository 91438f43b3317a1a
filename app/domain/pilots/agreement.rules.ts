// What an agreement needs before anyone may sign it (pure, browser-safe). A draft may be saved half-written; a signed
// version is a commitment of public money and residents' data, so its essential articles must be filled in.
import type { AgreementContent } from "./agreement-content.schema";

/** The refusal to change a signed version (shown by the server's error and by the page alike). */
export const lockedVersionMessage = (n: number) =>
  `第${n}版は署名済みのため変更できません。変更は新しい版として作成してください。`;

export interface AgreementProblem {
  /** The editor's input name ("personalData.items", "kpis.0.baseline"). */
  field: string;
  message: string;
}

export function signingProblems(content: AgreementContent): AgreementProblem[] {
  const problems: AgreementProblem[] = [];
  const need = (field: string, value: string, label: string) => {
    if (!value.trim()) problems.push({ field, message: `${label}を入力してください。` });
  };
  need("scope", content.scope, "第1条 実施内容・範囲");
  need("periodStart", content.periodStart, "第2条 開始日");
  need("periodEnd", content.periodEnd, "第2条 終了日");
  if (content.periodStart && content.periodEnd && content.periodEnd < content.periodStart) {
    problems.push({ field: "periodEnd", message: "第2条 終了日は開始日と同じか、それより後の日付にしてください。" });
  }
  need("area", content.area, "第3条 実施地域");
  need("roles.municipality", content.roles.municipality, "第4条 自治体の役割");
  need("roles.company", content.roles.company, "第4条 企業の役割");
  need("personalData.purpose", content.personalData.purpose, "第5条 個人情報の利用目的");
  need("personalData.items", content.personalData.items, "第5条 取得する項目（取得しない場合は「取得しない」）");
  need("personalData.holder", content.personalData.holder, "第5条 個人情報の管理者");
  need("personalData.retention", content.personalData.retention, "第5条 保存期間");
  need("personalData.deletion", content.personalData.deletion, "第5条 削除の方法");
  if (content.kpis.length === 0) problems.push({ field: "kpis", message: "第6条 評価指標を1つ以上入力してください。" });
  content.kpis.forEach((k, i) => {
    if (!k.baseline.trim())
      problems.push({
        field: `kpis.${i}.baseline`,
        message: `第6条 評価指標「${k.name}」の基準値を入力してください（不明なら「実証開始時に測定」など）。`,
      });
    if (!k.target.trim())
      problems.push({ field: `kpis.${i}.target`, message: `第6条 評価指標「${k.name}」の目標値を入力してください。` });
  });
  const sum = content.milestones.reduce((acc, m) => acc + (m.amountYen ?? 0), 0);
  if (content.fundingAmountYen !== null && sum > content.fundingAmountYen) {
    problems.push({ field: "milestones", message: "第7条 支払予定の合計が支払総額を超えています。" });
  }
  if (content.fundingAmountYen !== null && content.fundingAmountYen > 0 && content.milestones.length === 0) {
    problems.push({
      field: "milestones",
      message: "第7条 支払総額があるときは、支払予定（いつ・いくら）を1行以上入力してください。",
    });
  }
  need("termination", content.termination, "第9条 解除・終了");
  return problems;
}

/** The sum of the scheduled payments, in yen. */
export function milestoneTotal(content: AgreementContent): number {
  return content.milestones.reduce((acc, m) => acc + (m.amountYen ?? 0), 0);
}
