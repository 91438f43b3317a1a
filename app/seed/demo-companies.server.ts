// Demo company profiles for the four demo companies, so that the public pages and the recommendations have
// something to show. Called by seedDemoData in its transaction; a profile that exists is left as it is.
import type { Transaction } from "kysely";
import type { DB } from "@db/schema";
import { recordAudit } from "~/domain/audit/audit.commands.server";

interface DemoProfile {
  name: string;
  summary: string;
  industries: string[];
  servesNationwide: boolean;
  prefectureCodes: number[];
  themes: string[];
  products: string;
  websiteUrl: string;
  contactName: string;
  contactEmail: string;
  contactPhone: string;
}

export const DEMO_COMPANY_PROFILES: readonly DemoProfile[] = [
  {
    name: "株式会社ほっかいどうヘルスケアラボ",
    summary:
      "道内の大学・医療機関と連携し、フレイル予防と口腔ケアの地域プログラムを企画・運営しています。通いの場での体力測定会や、保健師と連携したハイリスク高齢者へのアウトリーチの実績があります。",
    industries: ["healthcare", "care_services"],
    servesNationwide: false,
    prefectureCodes: [1],
    themes: ["frailty_prevention", "oral_care", "gathering_place", "dementia"],
    products:
      "・通いの場向け体力測定・フレイルチェックのパッケージ\n・LINEで使える口腔セルフチェック\n・介護予防サポーター養成講座の教材と講師派遣",
    websiteUrl: "https://healthcare-lab.example.jp",
    contactName: "事業開発部 木村",
    contactEmail: "healthcare-lab@example.jp",
    contactPhone: "011-555-0101",
  },
  {
    name: "みらい移動サービス株式会社",
    summary:
      "AIオンデマンド交通と住民ドライバーによる助け合い送迎の仕組みを、自治体・交通事業者と一緒につくっています。買い物や通院、通いの場への外出を支える運行設計が得意です。",
    industries: ["mobility", "ict"],
    servesNationwide: true,
    prefectureCodes: [],
    themes: ["mobility", "shopping", "gathering_place", "supporters"],
    products:
      "・AIオンデマンド配車システム「みらい号」\n・住民ドライバーの研修と保険の手配\n・運行データの分析レポート",
    websiteUrl: "https://mirai-mobility.example.jp",
    contactName: "自治体連携室 斎藤",
    contactEmail: "mirai-mobility@example.jp",
    contactPhone: "03-5555-0102",
  },
  {
    name: "株式会社まちなかスーパー",
    summary:
      "北海道・東北と関東でスーパーマーケットを展開しています。移動販売車と店舗を拠点にした「ついで見守り」、店舗の休憩スペースを使った居場所づくりに取り組んでいます。",
    industries: ["retail", "food"],
    servesNationwide: false,
    prefectureCodes: [1, 2, 3, 4, 13],
    themes: ["shopping", "watching", "gathering_place", "meal_delivery"],
    products: "・移動販売車の巡回（週2回〜）\n・電話・FAXでの注文と配達\n・店舗のイートインを使ったサロン運営の支援",
    websiteUrl: "https://machinaka-super.example.jp",
    contactName: "地域貢献推進部 山本",
    contactEmail: "machinaka-super@example.jp",
    contactPhone: "022-555-0103",
  },
  {
    name: "株式会社つながる見守りテック",
    summary:
      "電力センサーとスマートスピーカーを使った、カメラのない見守りサービスを提供しています。高齢者がデジタルに親しむ講座も自治体と共催しています。",
    industries: ["ict", "care_services"],
    servesNationwide: true,
    prefectureCodes: [],
    themes: ["watching", "digital", "dementia", "intergenerational"],
    products:
      "・電力センサー見守り「つながるメーター」\n・スマートスピーカーでの声かけと安否確認\n・シニア向けスマホ講座（中高生ボランティアと協働）",
    websiteUrl: "https://mimamori-tech.example.jp",
    contactName: "公共事業部 中島",
    contactEmail: "mimamori-tech@example.jp",
    contactPhone: "050-5555-0104",
  },
];

export async function seedDemoCompanies(trx: Transaction<DB>): Promise<{ profiles: number }> {
  let profiles = 0;
  for (const p of DEMO_COMPANY_PROFILES) {
    const organization = await trx
      .selectFrom("organization")
      .select("id")
      .where("kind", "=", "company")
      .where("name", "=", p.name)
      .executeTakeFirst();
    if (!organization) continue;
    const inserted = await trx
      .insertInto("company_profile")
      .values({
        organization_id: organization.id,
        summary: p.summary,
        industries: p.industries,
        serves_nationwide: p.servesNationwide,
        prefecture_codes: p.prefectureCodes,
        themes: p.themes,
        products: p.products,
        website_url: p.websiteUrl,
        contact_name: p.contactName,
        contact_email: p.contactEmail,
        contact_phone: p.contactPhone,
        published: true,
      })
      .onConflict((oc) => oc.column("organization_id").doNothing())
      .returning("organization_id")
      .executeTakeFirst();
    if (!inserted) continue;
    profiles += 1;
    await recordAudit(trx, {
      actor: null,
      organizationId: organization.id,
      action: "company_profile.create",
      entityType: "organization",
      entityId: organization.id,
      changes: { themes: p.themes, serves_nationwide: p.servesNationwide, prefecture_codes: p.prefectureCodes },
    });
  }
  return { profiles };
}
