// A complete agreement (every article a signature needs), as content and as the editor's form fields.
import { readAgreementContent, type AgreementContent } from "~/domain/pilots/agreement-content.schema";
import { agreementFormValues } from "~/domain/pilots/agreement.schema";
import { db } from "~/lib/db.server";

export function completeContent(overrides: Partial<AgreementContent> = {}): AgreementContent {
  return {
    scope: "高齢者の外出を支える乗合送迎の試行的実施。\n週2回、通いの場と商業施設を結ぶ。",
    periodStart: "2026-04-01",
    periodEnd: "2027-03-31",
    area: "市内全域",
    roles: {
      municipality: "対象者への周知と関係機関との調整を行う。",
      company: "送迎の運行と実績の報告を行う。",
      residents: "運行ルートの検討に参加する。",
    },
    personalData: {
      purpose: "本実証の実施および効果検証のため",
      items: "氏名、年齢、利用回数",
      holder: "企業",
      retention: "実証期間終了後1年間",
      deletion: "保存期間の経過後、復元できない方法で削除する。",
    },
    kpis: [{ name: "外出回数", unit: "回/週", baseline: "1.2", target: "2.0", direction: "increase" }],
    fundingAmountYen: 4_000_000,
    milestones: [
      { title: "着手時", dueDate: "2026-05-31", amountYen: 2_000_000 },
      { title: "完了時", dueDate: "2027-03-31", amountYen: 2_000_000 },
    ],
    ipAndPublicity: "成果は双方協議のうえ公表できる。",
    termination: "双方協議のうえ終了できる。",
    ...overrides,
  };
}

export async function latestVersionOf(pilotId: string) {
  const row = await db()
    .selectFrom("pilot_agreement_version")
    .selectAll()
    .where("pilot_id", "=", pilotId)
    .orderBy("version_number", "desc")
    .limit(1)
    .executeTakeFirstOrThrow();
  return { ...row, token: new Date(row.updated_at).toISOString(), parsed: readAgreementContent(row.content) };
}

export function formFields(content: AgreementContent, extra: Record<string, string> = {}): Record<string, string> {
  return { ...agreementFormValues(content), changeNote: "", ...extra };
}
