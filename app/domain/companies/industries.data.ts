// Industries a company may declare on its profile (browser-safe). Codes are stored; labels are shown.
/** Label of each industry, in the order of the profile form. */
export const INDUSTRY_LABELS = {
  healthcare: "医療・ヘルスケア",
  care_services: "介護サービス",
  mobility: "交通・モビリティ",
  retail: "小売・流通",
  ict: "情報通信・IT",
  food: "食品・配食",
  finance: "金融・保険",
  real_estate: "不動産・住宅",
  education_hr: "教育・人材",
  construction: "建設・まちづくり",
  manufacturing: "製造",
  other: "その他",
} as const satisfies Record<string, string>;

export type IndustryCode = keyof typeof INDUSTRY_LABELS;
export const INDUSTRY_CODES = Object.keys(INDUSTRY_LABELS) as [IndustryCode, ...IndustryCode[]];
export const INDUSTRIES = INDUSTRY_CODES.map((code) => ({ code, label: INDUSTRY_LABELS[code] }));

export function industryLabel(code: string): string {
  return (INDUSTRY_LABELS as Record<string, string>)[code] ?? code;
}

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
