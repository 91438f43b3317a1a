import type { Ministry } from "../schema";

export interface BureauDefinition {
  id: string;
  ministry: Ministry;
  name: string;
  sortOrder: number;
  /** JIS prefecture codes (1 北海道 … 47 沖縄県). */
  prefectureCodes: readonly number[];
}

const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

// Jurisdictions as listed in DOMAIN.md. Note the two ministries split differently: 静岡 is METI 関東 but
// MHLW 東海北陸; 沖縄 has its own METI office but belongs to 九州厚生局.
export const REGIONAL_BUREAUS: readonly BureauDefinition[] = [
  { id: "meti-hokkaido", ministry: "meti", name: "北海道経済産業局", sortOrder: 1, prefectureCodes: [1] },
  { id: "meti-tohoku", ministry: "meti", name: "東北経済産業局", sortOrder: 2, prefectureCodes: range(2, 7) },
  {
    id: "meti-kanto",
    ministry: "meti",
    name: "関東経済産業局",
    sortOrder: 3,
    prefectureCodes: [...range(8, 15), 19, 20, 22],
  },
  { id: "meti-chubu", ministry: "meti", name: "中部経済産業局", sortOrder: 4, prefectureCodes: [16, 17, 21, 23, 24] },
  { id: "meti-kinki", ministry: "meti", name: "近畿経済産業局", sortOrder: 5, prefectureCodes: [18, ...range(25, 30)] },
  { id: "meti-chugoku", ministry: "meti", name: "中国経済産業局", sortOrder: 6, prefectureCodes: range(31, 35) },
  { id: "meti-shikoku", ministry: "meti", name: "四国経済産業局", sortOrder: 7, prefectureCodes: range(36, 39) },
  { id: "meti-kyushu", ministry: "meti", name: "九州経済産業局", sortOrder: 8, prefectureCodes: range(40, 46) },
  // 沖縄総合事務局 経済産業部 does the METI bureau's work for 沖縄県.
  { id: "meti-okinawa", ministry: "meti", name: "沖縄総合事務局", sortOrder: 9, prefectureCodes: [47] },

  { id: "mhlw-hokkaido", ministry: "mhlw", name: "北海道厚生局", sortOrder: 10, prefectureCodes: [1] },
  { id: "mhlw-tohoku", ministry: "mhlw", name: "東北厚生局", sortOrder: 11, prefectureCodes: range(2, 7) },
  {
    id: "mhlw-kanto-shinetsu",
    ministry: "mhlw",
    name: "関東信越厚生局",
    sortOrder: 12,
    prefectureCodes: [...range(8, 15), 19, 20],
  },
  {
    id: "mhlw-tokai-hokuriku",
    ministry: "mhlw",
    name: "東海北陸厚生局",
    sortOrder: 13,
    prefectureCodes: [16, 17, 21, 22, 23, 24],
  },
  { id: "mhlw-kinki", ministry: "mhlw", name: "近畿厚生局", sortOrder: 14, prefectureCodes: [18, ...range(25, 30)] },
  {
    id: "mhlw-chugoku-shikoku",
    ministry: "mhlw",
    name: "中国四国厚生局",
    sortOrder: 15,
    prefectureCodes: range(31, 39),
  },
  { id: "mhlw-kyushu", ministry: "mhlw", name: "九州厚生局", sortOrder: 16, prefectureCodes: range(40, 47) },
];

export const BUREAU_PREFECTURE_LINK_COUNT = REGIONAL_BUREAUS.reduce((n, b) => n + b.prefectureCodes.length, 0);
