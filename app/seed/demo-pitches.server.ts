// Demo pitches for a fresh installation, drawn from the situations in the source documents (seeds 001-003): 美唄市
// 茶志内地区, 江差町, 様似町, かすみがうら市, 東大和市, 池田市 (unverified: drafts only), plus fictional but plausible
// pitches of municipalities in other prefectures. Figures beyond the seeds are illustrative. Called by seedDemoData
// inside its transaction. Relative imports on purpose (see factories.server.ts).
import type { Transaction } from "kysely";
import type { DB, PitchStatus } from "@db/schema";
import { recordAudit } from "~/domain/audit/audit.commands.server";
import type { IndicatorCode, TargetStateCode, ThemeCode } from "~/domain/pitches/catalog.data";
import { createOrganization } from "./factories.server";
import { createPitch } from "./pitch-factory.server";

const DAY = 24 * 60 * 60 * 1000;
const JST_OFFSET = 9 * 60 * 60 * 1000;

/** 17:00 Asia/Tokyo on the day `days` after `now` (in Tokyo): the usual time of a proposal deadline. */
export function tokyoDeadline(now: Date, days: number): Date {
  const tokyoDate = new Date(now.getTime() + JST_OFFSET + days * DAY).toISOString().slice(0, 10);
  return new Date(`${tokyoDate}T17:00:00+09:00`);
}

/** The fiscal year (April-March) `now` falls in, by its starting calendar year, in Tokyo time. */
export function fiscalYearOf(now: Date): number {
  const tokyo = new Date(now.getTime() + JST_OFFSET);
  return tokyo.getUTCMonth() >= 3 ? tokyo.getUTCFullYear() : tokyo.getUTCFullYear() - 1;
}

/** Municipalities with demo pitches that have no demo account: verified organisations without users. */
export const EXTRA_DEMO_MUNICIPALITIES = [
  { prefecture: "岡山県", name: "真庭市" },
  { prefecture: "広島県", name: "三次市" },
  { prefecture: "沖縄県", name: "うるま市" },
  { prefecture: "長野県", name: "飯田市" },
  { prefecture: "福岡県", name: "八女市" },
] as const;

interface DemoPitch {
  municipality: string;
  status: PitchStatus;
  /** Deadline relative to the seeding time, in days (negative: already past). */
  deadlineInDays: number;
  /** Published this many days before the seeding time. */
  publishedDaysAgo?: number;
  /** Pilot: "next" = the whole next fiscal year; "late" = July of the next fiscal year to its end. */
  pilot?: "next" | "late";
  title: string;
  summary: string;
  vision: string;
  currentSituation: string;
  population: number;
  agingRatePercent: string;
  certificationRatePercent: string;
  problem: string;
  problemEvidence: string;
  targetPeople: string;
  targetStates: TargetStateCode[];
  themes: ThemeCode[];
  layer: "layer1" | "layer2";
  areaName?: string;
  triedSoFar: string;
  partnerWanted: string;
  solutionWanted: string;
  resourcesOffered: string;
  budgetCeilingYen: number;
  indicators: IndicatorCode[];
  contactName: string;
  contactEmail: string;
  contactPhone: string;
}

const BIBAI = { population: 19_870, agingRatePercent: "42.6", certificationRatePercent: "21.4" };
const ESASHI = { population: 7_010, agingRatePercent: "40.8", certificationRatePercent: "20.1" };
const SAMANI = { population: 3_777, agingRatePercent: "43.7", certificationRatePercent: "19.6" };
const KASUMIGAURA = { population: 40_120, agingRatePercent: "33.9", certificationRatePercent: "15.2" };
const HIGASHIYAMATO = { population: 83_150, agingRatePercent: "27.4", certificationRatePercent: "19.8" };
const IKEDA = { population: 100_480, agingRatePercent: "28.1", certificationRatePercent: "21.0" };
const MANIWA = { population: 42_600, agingRatePercent: "40.3", certificationRatePercent: "20.7" };
const MIYOSHI = { population: 48_900, agingRatePercent: "39.1", certificationRatePercent: "20.3" };
const URUMA = { population: 125_400, agingRatePercent: "24.2", certificationRatePercent: "16.8" };
const IIDA = { population: 96_800, agingRatePercent: "33.5", certificationRatePercent: "17.9" };
const YAME = { population: 59_700, agingRatePercent: "38.0", certificationRatePercent: "19.1" };

const ratesText = (m: { population: number; agingRatePercent: string; certificationRatePercent: string }) =>
  `人口${m.population.toLocaleString("ja-JP")}人、高齢化率${m.agingRatePercent}%、要介護（要支援）認定率${m.certificationRatePercent}%。`;

export const DEMO_PITCHES: readonly DemoPitch[] = [
  {
    municipality: "美唄市",
    status: "published",
    deadlineInDays: 21,
    publishedDaysAgo: 9,
    title: "茶志内地区に、みんなで顔を合わせる場をもう一度",
    summary:
      "町内会の統廃合と老人クラブの解散で、茶志内地区の住民が集まる機会がなくなりました。住民が自分たちで続けられる集いの場を、一緒につくってくれる企業を募集します。",
    vision:
      "茶志内地区の住民が、10年先も「近所の助け合いでなんとかできてるよ」と言える暮らしを続けられること。顔を合わせる場があり、伝統芸能や世代間交流が地域の誇りとして受け継がれていくまち。",
    currentSituation: `美唄市全体で${ratesText(BIBAI)}茶志内地区は屯田兵の開拓と2つの炭鉱で栄えた地域ですが、商店、農協支店、小中学校、JR支線、病院、バス路線が相次いでなくなりました。地区の高齢化率は55%を超えると見込まれます。`,
    ...BIBAI,
    problem:
      "買い物や移動は近所の助け合いで何とかできている一方、町内会と老人クラブの解散で「皆で顔を合わせる場がなくなったことが一番寂しい」という声が多く聞かれます。住民に負担をかけすぎずに集いの場を続ける仕組みがありません。",
    problemEvidence:
      "市と社会福祉協議会の生活支援コーディネーターが約6か月かけて戸別訪問を行い、住民座談会と「お宝探し」報告会を開催しました。参加者の多くが、集まる場の喪失を最も大きな困りごととして挙げました。地域ケア会議でも、閉じこもりがちな一人暮らし高齢者の事例が複数報告されています。",
    targetPeople: "茶志内地区に住む65歳以上の高齢者（特に一人暮らし・高齢夫婦世帯）と、その家族や近隣住民",
    targetStates: ["healthy", "prefrail", "frail"],
    themes: ["gathering_place", "intergenerational", "social_participation"],
    layer: "layer2",
    areaName: "茶志内地区",
    triedSoFar:
      "老人クラブに代わる自立型のサロンを住民が立ち上げ、役員を置かず会計も自分たちで行っています。一度は諦めた伝統芸能の復活や、地域プロ野球リーグの球団選手との世代間交流も始まりました。",
    partnerWanted:
      "住民の主体性を尊重し、地域に何度も足を運んで一緒に考えてくれる企業。移動販売、飲食、スポーツ、エンターテインメント等の分野を問いません。",
    solutionWanted:
      "既存のサロンや交流の場を無理なく続けられるよう、会場・送迎・話題づくりを組み合わせた仕組み。住民がやりたいことを形にし、自走できることを重視します。",
    resourcesOffered:
      "地区会館の無償利用、市SC・社協SCの伴走、広報びばいでの周知、住民座談会で集めた声の共有、地域ケア会議への参加",
    budgetCeilingYen: 4_000_000,
    pilot: "next",
    indicators: ["gathering_places", "continued_participation", "isolated_participants", "before_after_change"],
    contactName: "美唄市 地域包括ケア推進課 佐藤",
    contactEmail: "houkatsu@city.bibai.example.jp",
    contactPhone: "0126-00-1201",
  },
  {
    municipality: "美唄市",
    status: "published",
    deadlineInDays: 45,
    publishedDaysAgo: 4,
    title: "バス路線が廃止された地区の買い物と通院の足",
    summary:
      "市内の郊外地区ではバス路線の廃止が続き、免許を返納した高齢者の買い物や通院が家族や近所の厚意に頼っています。持続可能な移動と買い物の選択肢を提案してください。",
    vision: "車を運転しなくなっても、自分で選んだ店で買い物をし、通院や趣味の外出を続けられるまち。",
    currentSituation: `${ratesText(BIBAI)}郊外の複数の地区で路線バスが廃止され、市内のスーパーは中心部の3店舗に集まっています。運転免許の自主返納は年間約150件です。`,
    ...BIBAI,
    problem:
      "近所の助け合いによる送迎は担い手の高齢化で限界に近づいており、「頼みづらい」という理由で外出を控える高齢者が増えています。",
    problemEvidence:
      "令和6年度の介護予防・日常生活圏域ニーズ調査で「外出を控えている」と回答した人のうち41%が理由に「交通手段がない」を挙げました。地域ケア会議でも通院のための外出を諦めた事例が報告されています。",
    targetPeople: "郊外地区に住み、運転をやめた、またはやめようとしている高齢者",
    targetStates: ["prefrail", "frail"],
    themes: ["mobility", "shopping"],
    layer: "layer1",
    triedSoFar: "社協による買い物ツアーを月1回試行し、毎回15人前後が参加しました。デマンド交通は検討段階です。",
    partnerWanted: "交通事業者、小売事業者、配送事業者、またはこれらを組み合わせられる企業",
    solutionWanted: "買い物と通院をまとめて支える移動手段、または移動販売と送迎を組み合わせた仕組み",
    resourcesOffered: "公用車の空き時間の活用検討、市内スーパーとの調整、広報紙・回覧での周知、ニーズ調査の集計データ",
    budgetCeilingYen: 4_000_000,
    pilot: "next",
    indicators: ["service_variety", "reach_rate", "before_after_change"],
    contactName: "美唄市 地域包括ケア推進課 高橋",
    contactEmail: "houkatsu@city.bibai.example.jp",
    contactPhone: "0126-00-1202",
  },
  {
    municipality: "江差町",
    status: "published",
    deadlineInDays: 14,
    publishedDaysAgo: 12,
    title: "「バス簡単乗り方ガイド」を、実際に乗ってみる一歩へ",
    summary:
      "協議体と町民でつくった路線バスの乗り方ガイド動画を、高齢者が実際にバスで出かけるきっかけにつなげたい。体験会や外出の目的づくりを一緒に企画できる企業を募集します。",
    vision: "「みんなで作る」を合言葉に、町民が自分たちの足で出かけ続けられる江差町。",
    currentSituation: `${ratesText(ESASHI)}町内を路線バスが走っていますが、高齢者の利用は限られています。第1層協議体は設置から8年、委員とコーディネーターが力を合わせて活動を続けています。`,
    ...ESASHI,
    problem:
      "乗り方が分からない、乗り換えが不安、停留所まで歩けるか心配、という理由でバスを使わず、外出そのものが減っている高齢者が多くいます。動画を作っても、見るだけでは乗る人は増えません。",
    problemEvidence:
      "協議体が高齢者と小学生に行った聞き取りで、高齢者の約6割が「ここ1年バスに乗っていない」と答えました。上映会の参加者アンケートでも「一度誰かと一緒に乗ってみたい」という声が多数ありました。",
    targetPeople: "町内に住む65歳以上の高齢者、特に運転免許を返納した人とその家族",
    targetStates: ["healthy", "prefrail"],
    themes: ["mobility", "digital", "intergenerational"],
    layer: "layer1",
    triedSoFar:
      "協議体でオリジナル動画を企画・制作し、YouTubeで公開しました。上映会とバス体験会を1回ずつ開催しています。",
    partnerWanted:
      "交通事業者、観光・商業事業者、動画や地域メディアの企業など、外出の「目的」と「手段」を結びつけられる企業",
    solutionWanted:
      "バス体験会の定期開催と、買い物・温泉・イベント等の外出目的を組み合わせた企画。福祉有償運送など他制度との組み合わせも歓迎します。",
    resourcesOffered: "協議体委員の協力、動画素材、町広報での周知、体験会の会場、アンケート結果",
    budgetCeilingYen: 3_000_000,
    pilot: "late",
    indicators: ["sc_activity", "publicity", "social_participation_rate"],
    contactName: "江差町 健康福祉課 伊藤",
    contactEmail: "kenkou-fukushi@town.esashi.example.jp",
    contactPhone: "0139-00-2201",
  },
  {
    municipality: "江差町",
    status: "published",
    deadlineInDays: 60,
    publishedDaysAgo: 2,
    title: "小さな困りごとを町民同士で支える「まちづくりカフェ」の担い手づくり",
    summary:
      "第2層協議体「まちづくりカフェ」から生まれた助け合いプロジェクトの担い手が固定化しています。新しい担い手を増やす仕組みを募集します。",
    vision: "小さな困りごとは町のみんなで解決できる、支え合いの体制が続いていくまち。",
    currentSituation: `${ratesText(ESASHI)}平成28年度から第2層協議体「まちづくりカフェ」で困りごとを出し合い、プロジェクトの試行を重ねてきました。`,
    ...ESASHI,
    problem:
      "ごみ出しや電球交換などの助け合い活動を担う町民は20人ほどで、その多くが70歳代です。若い世代や働く世代が関わるきっかけがありません。",
    problemEvidence:
      "協議体の活動記録では、依頼の8割を同じ5人が対応しています。担い手アンケートでは半数が「今のペースを続けるのは難しい」と回答しました。",
    targetPeople: "助け合い活動の担い手と、これから担い手になりうる町民（働く世代・高校生を含む）",
    targetStates: ["healthy"],
    themes: ["supporters", "housework", "intergenerational"],
    layer: "layer1",
    triedSoFar: "担い手養成講座を年1回開催していますが、参加者は毎回数人にとどまっています。",
    partnerWanted: "地域ポイント、マッチングアプリ、人材育成などのノウハウを持つ企業",
    solutionWanted: "短時間・単発で参加できる助け合いの仕組みと、参加のきっかけになる仕掛け",
    resourcesOffered: "協議体の場、町内会・学校との調整、町広報・防災無線での周知",
    budgetCeilingYen: 2_000_000,
    pilot: "next",
    indicators: ["service_variety", "social_participation_rate", "continued_participation"],
    contactName: "江差町 健康福祉課 伊藤",
    contactEmail: "kenkou-fukushi@town.esashi.example.jp",
    contactPhone: "0139-00-2201",
  },
  {
    municipality: "様似町",
    status: "published",
    deadlineInDays: 30,
    publishedDaysAgo: 6,
    title: "訪問型サービスC「ココカラ応援サポート訪問」を本格実施へ",
    summary:
      "試験運用中の訪問型サービスCを本格実施に移すため、自宅での生活動作の改善を評価し、終了後に地域の活動へつなぐ仕組みを一緒に設計してくれる企業を募集します。",
    vision:
      "昆布漁や農業で働いてきた町民が、短期間の専門職の支援で自信を取り戻し、通いの場や地域の役割に戻っていける様似町。",
    currentSituation: `令和6年12月末で人口3,777人、高齢者人口1,649人、高齢化率43.7%、認定率${SAMANI.certificationRatePercent}%。令和6年度から通いの場お悩み相談会、介護予防教室「きらくらぶ」、訪問型サービスCの試験運用を始めました。`,
    ...SAMANI,
    problem:
      "作業療法士は1人しかおらず、訪問件数を増やせません。また、サービス終了後に通いの場などへ移行できた人の把握が紙の記録に頼っており、効果を説明できていません。",
    problemEvidence:
      "令和5年度の暮らしのニーズ調査（町事業参加者64名、65〜84歳の無作為抽出230名が回答）で、家事や買い物に不安を抱える人の多くが専門職への相談経験がありませんでした。試験運用の利用者8人のうち、終了後の状況を追えたのは3人でした。",
    targetPeople: "要支援1・2および事業対象者で、短期集中的な支援で生活機能の改善が見込まれる人",
    targetStates: ["prefrail", "frail"],
    themes: ["frailty_prevention", "digital", "social_participation"],
    layer: "layer1",
    triedSoFar:
      "介護予防普及展開事業の支援を受け、サービスCの素案と対象者像を整理しました。滝川市・深川市・歌志内市を視察し、他部署との連携も始めています。",
    partnerWanted: "リハビリテーション専門職の派遣やオンライン指導、生活機能評価のツールを持つ企業",
    solutionWanted:
      "少ない専門職でも訪問と評価を続けられる仕組み（遠隔での助言、記録と評価のデジタル化、終了後の地域資源へのつなぎ）",
    resourcesOffered: "町の作業療法士・保健師の同行、通いの場・きらくらぶとの連携、ニーズ調査データ（個人情報を除く）",
    budgetCeilingYen: 4_000_000,
    pilot: "next",
    indicators: ["professional_sessions", "before_after_change", "adjusted_mild_certification"],
    contactName: "様似町 保健福祉課 田中",
    contactEmail: "hoken-fukushi@town.samani.example.jp",
    contactPhone: "0146-00-3301",
  },
  {
    municipality: "様似町",
    status: "published",
    deadlineInDays: 75,
    publishedDaysAgo: 1,
    title: "通いの場の世話役の悩みを支える仕組みづくり",
    summary:
      "町内の通いの場の世話役が高齢化し、運営の悩みを抱えています。世話役を支え、通いの場を続けられる仕組みを提案してください。",
    vision: "アポイ岳の見える町で、どの地区にも歩いて行ける通いの場があり続けること。",
    currentSituation: `${ratesText(SAMANI)}町内には12か所の通いの場があり、令和6年度から「通いの場お悩み相談会」を開いています。`,
    ...SAMANI,
    problem:
      "世話役の多くが75歳以上で、体操の進行や参加者の体調変化への対応に不安を感じています。休止を考えている通いの場が3か所あります。",
    problemEvidence:
      "お悩み相談会で寄せられた相談は延べ27件で、「後継者がいない」「体操のマンネリ化」「男性が来ない」が上位でした。",
    targetPeople: "通いの場の世話役と参加者",
    targetStates: ["healthy", "prefrail"],
    themes: ["gathering_place", "supporters", "frailty_prevention"],
    layer: "layer1",
    triedSoFar: "相談会の開催、体操DVDの配布、保健師の巡回を行っています。",
    partnerWanted: "運動・健康プログラム、オンライン配信、コミュニティ運営の知見を持つ企業",
    solutionWanted: "世話役の負担を減らすプログラム提供と、参加者の体力測定を継続できる仕組み",
    resourcesOffered: "通いの場の会場、保健師の巡回、町広報、体力測定の機材",
    budgetCeilingYen: 1_500_000,
    pilot: "late",
    indicators: ["gathering_places", "fitness_checks", "over75_participation"],
    contactName: "様似町 保健福祉課 田中",
    contactEmail: "hoken-fukushi@town.samani.example.jp",
    contactPhone: "0146-00-3301",
  },
  {
    municipality: "かすみがうら市",
    status: "published",
    deadlineInDays: 10,
    publishedDaysAgo: 15,
    title: "白い歯キラリ：20〜30歳代の口腔ケアを習慣に",
    summary:
      "20〜30歳代に口腔ケアのアプローチができていません。対象者が自発的に歯科健診を受け、正しいオーラルケアを続けられる環境づくりを提案してください。",
    vision: "「白い歯キラリ 笑顔あふれる健康の街へ」。誰もが自分の白い歯に自信を持ち、笑顔があふれるまち。",
    currentSituation: `${ratesText(KASUMIGAURA)}市の成人歯科健診は20歳から5歳刻みで実施していますが、20〜30歳代の受診率は5%前後にとどまっています。`,
    ...KASUMIGAURA,
    problem:
      "口腔衛生に関心の低い若い世代に情報が届かず、歯周病が進んでから受診する人が多くいます。将来のオーラルフレイルや生活習慣病の予防につながっていません。",
    problemEvidence:
      "市の健康意識調査で、20〜30歳代の47%が「この1年歯科健診を受けていない」、32%が「歯間清掃を全くしない」と回答しました。",
    targetPeople: "市内に住む・働く20〜30歳代の市民",
    targetStates: ["healthy"],
    themes: ["oral_care", "digital"],
    layer: "layer1",
    triedSoFar: "成人式や乳幼児健診の場でのチラシ配布、SNSでの発信を行いましたが、健診予約にはつながっていません。",
    partnerWanted: "LINE等の身近なツールで健康状態を見える化し、行動変容を促すサービスを持つ企業",
    solutionWanted: "自分の状態を知ることをきっかけに、歯科健診やオーラルケアの自発的な行動につながる仕組み",
    resourcesOffered: "市公式LINEでの配信、市内事業所・歯科医師会との調整、健診データの集計値",
    budgetCeilingYen: 4_000_000,
    pilot: "next",
    indicators: ["publicity", "reach_rate", "before_after_change"],
    contactName: "かすみがうら市 健康づくり増進課 小林",
    contactEmail: "kenkou@city.kasumigaura.example.jp",
    contactPhone: "029-000-4401",
  },
  {
    municipality: "東大和市",
    status: "published",
    deadlineInDays: 40,
    publishedDaysAgo: 5,
    title: "第2層協議体と一緒に「通いの場」を見える化し、広げたい",
    summary:
      "健康で生きがいを持って暮らせるまちを目指し、サロン等の通いの場の情報を住民に届け、新しい通いの場を増やす仕組みを募集します。",
    vision: "健康で生きがいを持って暮らせるまち 東大和。誰もが気軽に集い、仲間づくりの輪が広がるまち。",
    currentSituation: `${ratesText(HIGASHIYAMATO)}生活支援体制整備広報紙「てととて」を年3回発行し、第2層協議体が地域の社会資源を把握しています。`,
    ...HIGASHIYAMATO,
    problem:
      "通いの場の情報が紙の広報紙と口コミに限られ、転入してきた高齢者や男性、家族に届いていません。活動の空き状況も分からず、参加につながりません。",
    problemEvidence:
      "第2層協議体の調査で把握したサロンは約80か所ですが、介護予防把握事業の対象者のうち6割が「近くの通いの場を知らない」と答えました。",
    targetPeople: "市内の65歳以上の高齢者とその家族、通いの場の運営者",
    targetStates: ["healthy", "prefrail"],
    themes: ["gathering_place", "digital"],
    layer: "layer2",
    areaName: "中部圏域",
    triedSoFar: "「てととて」の発行、第2層協議体交流会、地域資源マップの作成を行いました。",
    partnerWanted: "地域情報の発信、予約・参加管理、地図サービスなどのノウハウを持つ企業",
    solutionWanted: "紙とデジタルを組み合わせて通いの場の情報を届け、運営者の負担なく更新できる仕組み",
    resourcesOffered: "第2層協議体・生活支援コーディネーターの協力、「てととて」誌面、社会資源リスト",
    budgetCeilingYen: 4_000_000,
    pilot: "next",
    indicators: ["gathering_places", "publicity", "social_participation_rate"],
    contactName: "東大和市 介護保険課 加藤",
    contactEmail: "kaigo@city.higashiyamato.example.jp",
    contactPhone: "042-000-5501",
  },
  {
    municipality: "東大和市",
    status: "published",
    deadlineInDays: 90,
    publishedDaysAgo: 3,
    title: "坂の多い地域の高齢者の外出と社会参加を支える移動支援",
    summary:
      "高齢者の社会参加を促進するため、移動支援の充実を図りたい。地域の力と企業の仕組みを組み合わせた移動支援を提案してください。",
    vision: "足腰が弱くなっても、通いの場や買い物に出かけ、地域で役割を持ち続けられるまち。",
    currentSituation: `${ratesText(HIGASHIYAMATO)}市の北部は坂が多く、駅やバス停から離れた住宅地があります。`,
    ...HIGASHIYAMATO,
    problem:
      "通いの場に行きたくても坂道や距離のために通えない高齢者がいます。ボランティアによる送迎は保険や責任の問題から広がっていません。",
    problemEvidence:
      "地域包括ケア推進会議の専門部会（第1層協議体）で、移動が理由で通いの場をやめた事例が複数報告されました。",
    targetPeople: "北部地域に住む高齢者",
    targetStates: ["prefrail", "frail"],
    themes: ["mobility", "social_participation"],
    layer: "layer1",
    triedSoFar: "一部のサロンで社協の車両による送迎を試行しました。",
    partnerWanted: "移動サービス、車両シェア、保険などの知見を持つ企業",
    solutionWanted: "住民ボランティアが安心して関われる移動支援の仕組み",
    resourcesOffered: "専門部会での協議の場、社協車両の活用検討、市報での周知",
    budgetCeilingYen: 4_000_000,
    pilot: "late",
    indicators: ["service_variety", "continued_participation", "home_continuation"],
    contactName: "東大和市 介護保険課 加藤",
    contactEmail: "kaigo@city.higashiyamato.example.jp",
    contactPhone: "042-000-5501",
  },
  {
    municipality: "真庭市",
    status: "published",
    deadlineInDays: 25,
    publishedDaysAgo: 8,
    title: "中山間地の集落に「買い物の楽しみ」を届けたい",
    summary:
      "中山間地の集落では商店の閉店が続いています。移動販売や宅配を、買い物の楽しみと見守りにつなげる仕組みを募集します。",
    vision: "山あいの集落でも、自分の目で選んで買い物を楽しみ、顔なじみと言葉を交わせる暮らし。",
    currentSituation: `${ratesText(MANIWA)}市域の約8割が森林で、北部の集落では最寄りの店まで車で20分以上かかります。`,
    ...MANIWA,
    problem:
      "宅配は使えても「自分で選ぶ楽しみ」がなくなり、外出の機会そのものが減っています。移動販売は採算が合わず撤退が続いています。",
    problemEvidence:
      "生活支援コーディネーターの集落訪問（令和6年度、18集落）で、買い物の不便を挙げた世帯が7割を超えました。",
    targetPeople: "北部地域の集落に住む高齢者",
    targetStates: ["prefrail", "frail"],
    themes: ["shopping", "watching"],
    layer: "layer2",
    areaName: "北房・湯原地域",
    triedSoFar: "地元スーパーの移動販売に市が一部補助を行いましたが、2路線が休止しました。",
    partnerWanted: "小売・物流事業者、地域商社",
    solutionWanted: "移動販売と見守り、集いの場を組み合わせた採算の取れる仕組み",
    resourcesOffered: "公民館等の販売拠点、集落支援員との連携、市報・ケーブルテレビでの周知",
    budgetCeilingYen: 4_000_000,
    pilot: "next",
    indicators: ["service_variety", "isolated_outreach", "home_continuation"],
    contactName: "真庭市 高齢者支援課 岡田",
    contactEmail: "koureisha@city.maniwa.example.jp",
    contactPhone: "0867-00-6601",
  },
  {
    municipality: "三次市",
    status: "published",
    deadlineInDays: 50,
    publishedDaysAgo: 7,
    title: "一人暮らし高齢者の見守りを、配食と地域の目で",
    summary:
      "一人暮らし高齢者の増加に、民生委員の見守りだけでは追いつきません。配食や日常の事業活動と組み合わせた見守りを提案してください。",
    vision: "一人暮らしでも、異変に早く気づいてもらえる安心のある暮らし。",
    currentSituation: `${ratesText(MIYOSHI)}65歳以上の一人暮らし世帯は約4,300世帯で、5年前から15%増えました。`,
    ...MIYOSHI,
    problem: "民生委員1人あたりの見守り世帯が多く、訪問頻度が下がっています。発見が遅れた事例もありました。",
    problemEvidence:
      "地域ケア会議で、体調の急変から発見まで数日かかった事例が昨年度3件報告されました。民生委員アンケートでは8割が負担感を訴えています。",
    targetPeople: "一人暮らしまたは高齢者のみ世帯の高齢者",
    targetStates: ["prefrail", "frail", "care_needed"],
    themes: ["watching", "meal_delivery"],
    layer: "layer1",
    triedSoFar: "新聞・郵便・電気事業者等との見守り協定を締結していますが、通報は年数件にとどまります。",
    partnerWanted: "配食、宅配、IoT機器等で日常的に高齢者と接点を持つ企業",
    solutionWanted: "本人の負担が少なく、異変を関係者へ確実につなぐ見守りの仕組み",
    resourcesOffered: "地域包括支援センターとの連携体制、民生委員協議会への説明の場、協定事業者ネットワーク",
    budgetCeilingYen: 4_000_000,
    pilot: "next",
    indicators: ["isolated_outreach", "reach_rate", "home_continuation"],
    contactName: "三次市 高齢者福祉課 藤井",
    contactEmail: "kourei@city.miyoshi.example.jp",
    contactPhone: "0824-00-7701",
  },
  {
    municipality: "うるま市",
    status: "published",
    deadlineInDays: 35,
    publishedDaysAgo: 10,
    title: "通い慣れた店舗を使い続けられるまちへ（ツドレバ区分①）",
    summary:
      "高齢のお客さんが、足腰が弱っても通い慣れたスーパーや商店を使い続けられるよう、店舗と一緒に取り組む企業を募集します。",
    vision: "フードコートや店先のベンチがゆんたく（おしゃべり）の場になり、買い物が介護予防になるまち。",
    currentSituation: `${ratesText(URUMA)}沖縄県版プラットフォーム「ツドレバ」の3区分のうち「①通い慣れた店舗を利用し続ける」取組を進めています。`,
    ...URUMA,
    problem:
      "カートを押して店内を回るのがつらい、重い物を持ち帰れない、という理由で店に来なくなる高齢顧客がいます。店舗側も対応方法を知りません。",
    problemEvidence:
      "市内3店舗の協力による来店者アンケート（回答312人）で、65歳以上の23%が「以前より来店回数が減った」と答え、理由の上位は「持ち帰りがつらい」でした。",
    targetPeople: "市内の店舗を利用する高齢顧客と店舗スタッフ",
    targetStates: ["healthy", "prefrail", "frail"],
    themes: ["shopping", "gathering_place", "frailty_prevention"],
    layer: "layer1",
    triedSoFar: "店舗での体力測定会と出前講座を2回開催しました。",
    partnerWanted: "小売事業者、配送事業者、店舗内の健康サービスを提供する企業",
    solutionWanted: "店内の休憩・交流スペース、買い物の持ち帰り支援、スタッフ向け研修を組み合わせた仕組み",
    resourcesOffered: "ツドレバ参加企業とのネットワーク、地域包括支援センターの専門職、市の広報",
    budgetCeilingYen: 4_000_000,
    pilot: "next",
    indicators: ["fitness_checks", "outreach_lectures", "social_participation_rate"],
    contactName: "うるま市 介護長寿課 比嘉",
    contactEmail: "choju@city.uruma.example.jp",
    contactPhone: "098-000-8801",
  },
  {
    municipality: "うるま市",
    status: "published",
    deadlineInDays: 120,
    publishedDaysAgo: 2,
    title: "高齢者が役割をもって働き続けられる場づくり（ツドレバ区分③）",
    summary: "短時間でも、得意を生かして働きたい高齢者と、人手不足に悩む事業所をつなぐ仕組みを募集します。",
    vision: "年齢を重ねても役割があり、「ありがとう」と言われる場所があるまち。",
    currentSituation: `${ratesText(URUMA)}市内の介護・小売・飲食の事業所では人手不足が続いています。`,
    ...URUMA,
    problem: "働きたい高齢者はいても、長時間勤務が前提の求人が多く、短時間・軽作業の仕事の切り出しが進んでいません。",
    problemEvidence:
      "ニーズ調査で65〜74歳の28%が「条件が合えば働きたい」と回答しました。事業所アンケートでは6割が「高齢者の短時間雇用を検討したい」と答えています。",
    targetPeople: "働く意欲のある65歳以上の市民と市内事業所",
    targetStates: ["healthy", "prefrail"],
    themes: ["social_participation", "supporters"],
    layer: "layer1",
    triedSoFar: "シルバー人材センターと連携した説明会を開催しました。",
    partnerWanted: "人材サービス、業務の切り出しやマッチングのノウハウを持つ企業",
    solutionWanted: "業務の切り出しと、高齢者と事業所のマッチング、就労後のフォローを一体で行う仕組み",
    resourcesOffered: "ツドレバ参加企業への呼びかけ、市の広報、シルバー人材センターとの調整",
    budgetCeilingYen: 3_500_000,
    pilot: "late",
    indicators: ["social_participation_rate", "continued_participation", "first_certification_age"],
    contactName: "うるま市 介護長寿課 比嘉",
    contactEmail: "choju@city.uruma.example.jp",
    contactPhone: "098-000-8801",
  },
  {
    municipality: "飯田市",
    status: "published",
    deadlineInDays: 18,
    publishedDaysAgo: 11,
    title: "認知症になっても地域の行事に参加し続けられるまち",
    summary: "認知症の人と家族が、公民館活動や地域の行事に参加し続けられるよう、本人の声を生かした仕組みを募集します。",
    vision: "認知症になっても、これまでの役割や楽しみを続けられる地域。",
    currentSituation: `${ratesText(IIDA)}公民館活動が盛んで、地区ごとに行事が続いています。認知症高齢者は推計約5,000人です。`,
    ...IIDA,
    problem:
      "診断後に地域の行事から離れてしまう人が多く、家族も周囲への説明に悩んでいます。地域側も関わり方が分かりません。",
    problemEvidence: "認知症カフェの参加者・家族への聞き取り（42人）で、6割が診断後に地域活動をやめたと答えました。",
    targetPeople: "認知症の人とその家族、公民館や地区の活動者",
    targetStates: ["frail", "care_needed"],
    themes: ["dementia", "intergenerational", "gathering_place"],
    layer: "layer1",
    triedSoFar: "認知症サポーター養成講座と認知症カフェを市内8か所で開催しています。",
    partnerWanted: "認知症の人の参加を支える仕組みやツール、研修を提供できる企業",
    solutionWanted: "本人が参加しやすい行事の工夫と、地域の担い手向けの実践的な研修",
    resourcesOffered: "公民館・地区組織との調整、認知症地域支援推進員の協力、市の広報",
    budgetCeilingYen: 4_000_000,
    pilot: "next",
    indicators: ["professional_sessions", "isolated_participants", "home_continuation"],
    contactName: "飯田市 長寿支援課 宮下",
    contactEmail: "chojushien@city.iida.example.jp",
    contactPhone: "0265-00-9901",
  },
  {
    municipality: "八女市",
    status: "published",
    deadlineInDays: 55,
    publishedDaysAgo: 6,
    title: "茶どころの山間地で、家事の困りごとを支える担い手づくり",
    summary:
      "庭の草取り、ごみ出し、電球交換など、介護保険では対応しにくい家事の困りごとを地域で支える仕組みを募集します。",
    vision: "住み慣れた山あいの家で、小さな困りごとを気軽に頼み合える暮らし。",
    currentSituation: `${ratesText(YAME)}山間部の旧町村では高齢化率が50%を超える地区もあります。`,
    ...YAME,
    problem: "軽微な家事の困りごとを頼める先がなく、家の手入れができなくなったことが施設入所の理由になる例があります。",
    problemEvidence:
      "地域ケア会議で、草刈りや雪囲いができないことを理由に転居・入所を検討した事例が昨年度5件ありました。",
    targetPeople: "山間部に住む高齢者世帯と、担い手になりうる住民・事業者",
    targetStates: ["prefrail", "frail", "care_needed"],
    themes: ["housework", "supporters"],
    layer: "layer2",
    areaName: "上陽地域",
    triedSoFar: "社協の有償ボランティアを試行しましたが、担い手が5人にとどまっています。",
    partnerWanted: "生活支援サービス、マッチング、農業・造園などの事業者",
    solutionWanted: "有償ボランティアと事業者サービスを組み合わせた、山間地でも続く家事支援",
    resourcesOffered: "社協との連携、支所の会議室、市報・ケーブルテレビでの周知",
    budgetCeilingYen: 4_000_000,
    pilot: "next",
    indicators: ["service_variety", "reach_rate", "home_continuation"],
    contactName: "八女市 介護長寿課 松尾",
    contactEmail: "choju@city.yame.example.jp",
    contactPhone: "0943-00-1101",
  },

  // Already past their deadline.
  {
    municipality: "真庭市",
    status: "closed",
    deadlineInDays: -12,
    publishedDaysAgo: 70,
    title: "体力測定会を、地域の楽しみに",
    summary:
      "体力測定会の参加者が固定化しています。測定を楽しみながら続けられる仕組みを募集しました（募集は終了しました）。",
    vision: "自分の体の変化に気づき、楽しみながら介護予防を続けられる地域。",
    currentSituation: `${ratesText(MANIWA)}体力測定会を年10回開催しています。`,
    ...MANIWA,
    problem: "参加者の半数以上が毎回同じ人で、初めての人や男性の参加が少ない状況です。",
    problemEvidence: "令和6年度の体力測定会参加者延べ420人のうち、初参加は48人でした。",
    targetPeople: "市内の65歳以上の高齢者",
    targetStates: ["healthy", "prefrail"],
    themes: ["frailty_prevention"],
    layer: "layer1",
    triedSoFar: "会場を増やし、案内を回覧で配布しました。",
    partnerWanted: "健康測定機器やアプリ、スポーツ関連の企業",
    solutionWanted: "測定結果を楽しく振り返り、次回の参加につながる仕組み",
    resourcesOffered: "測定会の会場、保健師・運動指導員、市報",
    budgetCeilingYen: 2_000_000,
    pilot: "next",
    indicators: ["fitness_checks", "continued_participation"],
    contactName: "真庭市 高齢者支援課 岡田",
    contactEmail: "koureisha@city.maniwa.example.jp",
    contactPhone: "0867-00-6601",
  },
  {
    municipality: "三次市",
    status: "matched",
    deadlineInDays: -60,
    publishedDaysAgo: 120,
    title: "地域の集会所に、オンラインで専門職の相談を",
    summary:
      "専門職が少ない周辺地域の集会所で、オンラインの健康相談を行う仕組みを募集し、企業とのマッチングが成立しました。",
    vision: "どこに住んでいても、専門職に気軽に相談できる地域。",
    currentSituation: `${ratesText(MIYOSHI)}周辺地域では医療機関や相談窓口まで車で30分以上かかります。`,
    ...MIYOSHI,
    problem: "専門職の巡回が月1回に限られ、相談したいときに相談できません。",
    problemEvidence: "集会所での聞き取りで、相談先が分からないと答えた人が4割いました。",
    targetPeople: "周辺地域の高齢者と家族",
    targetStates: ["prefrail", "frail"],
    themes: ["digital", "frailty_prevention"],
    layer: "layer1",
    triedSoFar: "タブレットを使った相談の試行を1地区で行いました。",
    partnerWanted: "オンライン相談、遠隔健康支援のサービスを持つ企業",
    solutionWanted: "集会所に端末を置き、地域の世話役が接続を手伝える相談の仕組み",
    resourcesOffered: "集会所、通信環境の整備、地域包括支援センターの専門職",
    budgetCeilingYen: 3_000_000,
    pilot: "next",
    indicators: ["professional_sessions", "reach_rate"],
    contactName: "三次市 高齢者福祉課 藤井",
    contactEmail: "kourei@city.miyoshi.example.jp",
    contactPhone: "0824-00-7701",
  },
];

/** Drafts: 池田市 is unverified and cannot publish; 飯田市 is preparing one more. Drafts may be incomplete. */
export const DEMO_DRAFTS: readonly (Partial<DemoPitch> & { municipality: string; title: string })[] = [
  {
    municipality: "池田市",
    title: "介護予防に関心の薄い層に届く情報発信（ガバメントピッチ2024 課題1）",
    summary: "介護予防教室や通いの場に来ない層に、どう情報を届けるか。ガバメントピッチ2024で発表した課題を整理中です。",
    vision: "誰もが自分に合った方法で介護予防に取り組めるまち。",
    currentSituation: `${ratesText(IKEDA)}`,
    ...IKEDA,
    problem: "介護予防事業の参加者が固定化し、関心の薄い層に情報が届いていません。",
    themes: ["frailty_prevention", "digital"],
    targetStates: ["healthy", "prefrail"],
    layer: "layer1",
  },
  {
    municipality: "池田市",
    title: "男性高齢者が参加したくなる通いの場（ガバメントピッチ2024 課題2）",
    summary: "通いの場の参加者の9割が女性です。男性が参加したくなる場の提案を募集する予定です。",
    ...IKEDA,
    themes: ["gathering_place", "social_participation"],
    layer: "layer1",
  },
  {
    municipality: "池田市",
    title: "生活支援の担い手不足への対応（ガバメントピッチ2024 課題3）",
    ...IKEDA,
    themes: ["supporters", "housework"],
  },
  {
    municipality: "飯田市",
    title: "（作成中）買い物支援と移動販売の連携",
    summary: "中山間地の買い物支援について、内容を検討中です。",
    ...IIDA,
    themes: ["shopping"],
  },
];

export interface DemoPitchSeedResult {
  published: number;
  drafts: number;
  other: number;
}

/**
 * Creates the extra municipality organisations and every demo pitch. `organizations` maps the names of the demo
 * municipalities already created by seedDemoData to their id and the user who writes their pitches.
 */
export async function seedDemoPitches(
  trx: Transaction<DB>,
  options: {
    organizations: Map<string, { id: string; authorId: string | null }>;
    verifiedBy: string | null;
    now?: Date;
  },
): Promise<DemoPitchSeedResult> {
  const now = options.now ?? new Date();
  const organizations = new Map(options.organizations);
  for (const extra of EXTRA_DEMO_MUNICIPALITIES) {
    const row = await trx
      .selectFrom("municipality as m")
      .innerJoin("prefecture as p", "p.code", "m.prefecture_code")
      .select("m.code")
      .where("p.name", "=", extra.prefecture)
      .where("m.name", "=", extra.name)
      .executeTakeFirst();
    if (!row)
      throw new Error(`Demo data: municipality ${extra.prefecture}${extra.name} is missing from the reference data`);
    const organization = await createOrganization(trx, {
      kind: "municipality",
      name: extra.name,
      municipalityCode: row.code,
      verificationStatus: "verified",
      verifiedBy: options.verifiedBy,
    });
    await recordAudit(trx, {
      actor: null,
      organizationId: organization.id,
      action: "demo.seed",
      entityType: "organization",
      entityId: organization.id,
      changes: {
        kind: "municipality",
        name: organization.name,
        municipality_code: row.code,
        verification_status: "verified",
        members: [],
      },
    });
    organizations.set(extra.name, { id: organization.id, authorId: null });
  }

  const fiscalYear = fiscalYearOf(now);
  const pilotDates = (pilot: DemoPitch["pilot"]) =>
    pilot === "late"
      ? { pilot_start_on: `${fiscalYear + 1}-07-01`, pilot_end_on: `${fiscalYear + 2}-03-31` }
      : { pilot_start_on: `${fiscalYear + 1}-04-01`, pilot_end_on: `${fiscalYear + 2}-03-31` };
  const ownerOf = (name: string) => {
    const owner = organizations.get(name);
    if (!owner) throw new Error(`Demo data: no organisation for ${name}`);
    return owner;
  };

  const result: DemoPitchSeedResult = { published: 0, drafts: 0, other: 0 };
  for (const p of DEMO_PITCHES) {
    const owner = ownerOf(p.municipality);
    const deadline = tokyoDeadline(now, p.deadlineInDays);
    const publishedAt = new Date(now.getTime() - (p.publishedDaysAgo ?? 7) * DAY);
    await createPitch(trx, {
      organizationId: owner.id,
      status: p.status,
      createdBy: owner.authorId,
      now: publishedAt,
      title: p.title,
      summary: p.summary,
      vision: p.vision,
      current_situation: p.currentSituation,
      population: p.population,
      aging_rate_percent: p.agingRatePercent,
      certification_rate_percent: p.certificationRatePercent,
      problem: p.problem,
      problem_evidence: p.problemEvidence,
      target_people: p.targetPeople,
      target_states: p.targetStates,
      themes: p.themes,
      layer: p.layer,
      area_name: p.areaName ?? "",
      tried_so_far: p.triedSoFar,
      partner_wanted: p.partnerWanted,
      solution_wanted: p.solutionWanted,
      resources_offered: p.resourcesOffered,
      budget_ceiling_yen: p.budgetCeilingYen,
      ...pilotDates(p.pilot),
      indicators: p.indicators,
      proposal_deadline: deadline,
      contact_name: p.contactName,
      contact_email: p.contactEmail,
      contact_phone: p.contactPhone,
      published_at: publishedAt,
      closed_at: p.status === "published" ? null : deadline,
      created_at: new Date(publishedAt.getTime() - 3 * DAY),
      updated_at: p.status === "published" ? publishedAt : deadline,
    });
    if (p.status === "published") result.published++;
    else result.other++;
  }

  for (const d of DEMO_DRAFTS) {
    const owner = ownerOf(d.municipality);
    await createPitch(trx, {
      organizationId: owner.id,
      status: "draft",
      createdBy: owner.authorId,
      now,
      title: d.title,
      summary: d.summary ?? "",
      vision: d.vision ?? "",
      current_situation: d.currentSituation ?? "",
      population: d.population ?? null,
      aging_rate_percent: d.agingRatePercent ?? null,
      certification_rate_percent: d.certificationRatePercent ?? null,
      problem: d.problem ?? "",
      problem_evidence: d.problemEvidence ?? "",
      target_people: d.targetPeople ?? "",
      target_states: d.targetStates ?? [],
      themes: d.themes ?? [],
      layer: d.layer ?? null,
      area_name: d.areaName ?? "",
      tried_so_far: "",
      partner_wanted: "",
      solution_wanted: "",
      resources_offered: "",
      budget_ceiling_yen: null,
      pilot_start_on: null,
      pilot_end_on: null,
      indicators: [],
      proposal_deadline: null,
      contact_name: "",
      contact_email: "",
      contact_phone: "",
    });
    result.drafts++;
  }
  return result;
}
