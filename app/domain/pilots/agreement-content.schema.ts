// The fields of a pilot agreement (実証協定), stored as one JSON document per version. Browser-safe: the editor, the
// diff, the print view and the PDF all read these labels so that they never name a field differently.
import { z } from "zod";

export const KPI_DIRECTIONS = ["increase", "decrease", "maintain"] as const;
export type KpiDirection = (typeof KPI_DIRECTIONS)[number];
export const KPI_DIRECTION_LABELS: Record<KpiDirection, string> = {
  increase: "増やす",
  decrease: "減らす",
  maintain: "維持する",
};

export interface AgreementKpi {
  name: string;
  unit: string;
  baseline: string;
  target: string;
  direction: KpiDirection;
}

export interface AgreementMilestone {
  title: string;
  dueDate: string;
  amountYen: number | null;
}

export interface AgreementContent {
  scope: string;
  periodStart: string;
  periodEnd: string;
  area: string;
  roles: { municipality: string; company: string; residents: string };
  personalData: { purpose: string; items: string; holder: string; retention: string; deletion: string };
  kpis: AgreementKpi[];
  fundingAmountYen: number | null;
  milestones: AgreementMilestone[];
  ipAndPublicity: string;
  termination: string;
}

export const AGREEMENT_TEXT_MAX = 4000;
export const AGREEMENT_KPI_MAX = 20;
export const AGREEMENT_MILESTONE_MAX = 12;

/** Section headings, in the order of the agreement. */
export const AGREEMENT_SECTIONS = [
  { key: "scope", label: "第1条 実施内容・範囲" },
  { key: "period", label: "第2条 実施期間" },
  { key: "area", label: "第3条 実施地域" },
  { key: "roles", label: "第4条 役割分担" },
  { key: "personalData", label: "第5条 個人情報の取扱い" },
  { key: "kpis", label: "第6条 評価指標（KPI）" },
  { key: "funding", label: "第7条 費用負担・支払" },
  { key: "ipAndPublicity", label: "第8条 知的財産・広報" },
  { key: "termination", label: "第9条 解除・終了" },
] as const;

/** Every scalar field of the agreement with its Japanese label, for the diff and the print view. */
export const AGREEMENT_FIELD_LABELS = {
  scope: "実施内容・範囲",
  periodStart: "開始日",
  periodEnd: "終了日",
  area: "実施地域",
  "roles.municipality": "自治体の役割",
  "roles.company": "企業の役割",
  "roles.residents": "住民の役割",
  "personalData.purpose": "利用目的",
  "personalData.items": "取得する項目",
  "personalData.holder": "管理者",
  "personalData.retention": "保存期間",
  "personalData.deletion": "削除の方法",
  kpis: "評価指標（KPI）",
  fundingAmountYen: "支払総額",
  milestones: "支払予定（マイルストーン）",
  ipAndPublicity: "知的財産・広報",
  termination: "解除・終了",
} as const;

export type AgreementFieldKey = keyof typeof AGREEMENT_FIELD_LABELS;

export function emptyAgreementContent(): AgreementContent {
  return {
    scope: "",
    periodStart: "",
    periodEnd: "",
    area: "",
    roles: { municipality: "", company: "", residents: "" },
    personalData: { purpose: "", items: "", holder: "", retention: "", deletion: "" },
    kpis: [],
    fundingAmountYen: null,
    milestones: [],
    ipAndPublicity: "",
    termination: "",
  };
}

const text = z.string().max(AGREEMENT_TEXT_MAX).catch("");
const date = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/)
  .or(z.literal(""))
  .catch("");
const yen = z.number().int().min(0).max(1_000_000_000_000).nullable().catch(null);

/**
 * Reads a stored content document leniently: a field that is missing or malformed (an older version written before a
 * field existed) reads as empty instead of failing the page. Validation of what users type is the editor's schema.
 */
const StoredContent = z.object({
  scope: text,
  periodStart: date,
  periodEnd: date,
  area: text,
  roles: z
    .object({ municipality: text, company: text, residents: text })
    .catch({ municipality: "", company: "", residents: "" }),
  personalData: z
    .object({ purpose: text, items: text, holder: text, retention: text, deletion: text })
    .catch({ purpose: "", items: "", holder: "", retention: "", deletion: "" }),
  kpis: z
    .array(
      z.object({
        name: text,
        unit: text,
        baseline: text,
        target: text,
        direction: z.enum(KPI_DIRECTIONS).catch("increase"),
      }),
    )
    .catch([]),
  fundingAmountYen: yen,
  milestones: z.array(z.object({ title: text, dueDate: date, amountYen: yen })).catch([]),
  ipAndPublicity: text,
  termination: text,
});

export function readAgreementContent(stored: unknown): AgreementContent {
  const parsed = StoredContent.safeParse(stored ?? {});
  return parsed.success ? parsed.data : emptyAgreementContent();
}
