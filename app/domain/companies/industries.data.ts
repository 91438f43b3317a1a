// Industries a company may declare on its profile (browser-safe). Codes are stored; labels are shown.
export const INDUSTRIES = [
  { code: "healthcare", label: "医療・ヘルスケア" },
  { code: "care_services", label: "介護サービス" },
  { code: "mobility", label: "交通・モビリティ" },
  { code: "retail", label: "小売・流通" },
  { code: "ict", label: "情報通信・IT" },
  { code: "food", label: "食品・配食" },
  { code: "finance", label: "金融・保険" },
  { code: "real_estate", label: "不動産・住宅" },
  { code: "education_hr", label: "教育・人材" },
  { code: "construction", label: "建設・まちづくり" },
  { code: "manufacturing", label: "製造" },
  { code: "other", label: "その他" },
] as const;

export type IndustryCode = (typeof INDUSTRIES)[number]["code"];
export const INDUSTRY_CODES = INDUSTRIES.map((i) => i.code) as [IndustryCode, ...IndustryCode[]];

export function industryLabel(code: string): string {
  return INDUSTRIES.find((i) => i.code === code)?.label ?? code;
}

/** The eight usual regions of Japan, by prefecture code (JIS X 0401), for grouping the 47 checkboxes. */
export const PREFECTURE_REGIONS: readonly { label: string; from: number; to: number }[] = [
  { label: "北海道", from: 1, to: 1 },
  { label: "東北", from: 2, to: 7 },
  { label: "関東", from: 8, to: 14 },
  { label: "中部", from: 15, to: 23 },
  { label: "近畿", from: 24, to: 30 },
  { label: "中国", from: 31, to: 35 },
  { label: "四国", from: 36, to: 39 },
  { label: "九州・沖縄", from: 40, to: 47 },
];
