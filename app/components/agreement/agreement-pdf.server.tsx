// The agreement as a PDF (A4, Japanese), laid out like the print view: title, preamble, articles, signature block.
import { Document, Page, renderToBuffer, StyleSheet, Text, View } from "@react-pdf/renderer";
import { Children, isValidElement, type ReactNode } from "react";
import { formatDateTime, formatDateJa, formatYen } from "~/lib/format";
import { japaneseFontFamilies } from "~/components/pdf-fonts.server";
import { AGREEMENT_SECTIONS, KPI_DIRECTION_LABELS } from "~/domain/pilots/agreement-content.schema";
import type { AgreementDocument } from "~/domain/pilots/agreement-page.queries.server";
import { milestoneTotal } from "~/domain/pilots/agreement.rules";

const MM = 72 / 25.4;

const styles = StyleSheet.create({
  // No lineHeight on the page itself: it hides the page-number footer (a `render` Text) in react-pdf 4.
  page: { paddingTop: 20 * MM, paddingBottom: 22 * MM, paddingHorizontal: 20 * MM, fontSize: 10.5, color: "#000" },
  content: { fontSize: 10.5, lineHeight: 1.7 },
  draft: {
    borderWidth: 1.5,
    borderColor: "#000",
    paddingVertical: 3,
    paddingHorizontal: 8,
    marginBottom: 10,
    fontWeight: 700,
  },
  title: {
    fontSize: 18,
    lineHeight: 1.5,
    fontWeight: 700,
    textAlign: "center",
    letterSpacing: 6,
    paddingLeft: 6,
    marginBottom: 2,
  },
  subtitle: { textAlign: "center", marginBottom: 14 },
  preamble: { marginBottom: 8 },
  heading: { fontSize: 11, fontWeight: 700, marginTop: 10, marginBottom: 2 },
  body: { marginLeft: 10.5 },
  term: { fontWeight: 700, marginLeft: 10.5, marginTop: 3 },
  definition: { marginLeft: 21 },
  muted: { color: "#444" },
  row: { flexDirection: "row", marginLeft: 10.5 },
  rowNumber: { width: 16 },
  rowBody: { flex: 1 },
  table: { borderTopWidth: 1, borderLeftWidth: 1, borderColor: "#000", marginTop: 6 },
  tr: { flexDirection: "row" },
  cell: {
    borderRightWidth: 1,
    borderBottomWidth: 1,
    borderColor: "#000",
    paddingVertical: 3,
    paddingHorizontal: 5,
    fontSize: 9.5,
  },
  footer: {
    position: "absolute",
    bottom: 10 * MM,
    left: 20 * MM,
    right: 20 * MM,
    flexDirection: "row",
    fontSize: 8.5,
    color: "#444",
  },
  footerTitle: { flex: 1 },
  footerPage: { width: 60, textAlign: "right" },
});

const COLUMNS = [{ width: "16%" }, { width: "34%" }, { width: "26%" }, { width: "24%" }] as const;

const orBlank = (s: string) => (s.trim() ? s : "（未記入）");
const sectionLabel = (key: (typeof AGREEMENT_SECTIONS)[number]["key"]) =>
  AGREEMENT_SECTIONS.find((s) => s.key === key)!.label;

function Article({ id, children }: { id: (typeof AGREEMENT_SECTIONS)[number]["key"]; children: ReactNode }) {
  return (
    <View>
      <Text style={styles.heading} minPresenceAhead={30}>
        {sectionLabel(id)}
      </Text>
      {children}
    </View>
  );
}

function Definition({ term, value }: { term: string; value: string }) {
  return (
    <View wrap={false}>
      <Text style={styles.term}>{term}</Text>
      <Text style={value.trim() ? styles.definition : [styles.definition, styles.muted]}>{orBlank(value)}</Text>
    </View>
  );
}

function Numbered({ items }: { items: { title: string; detail: string }[] }) {
  return (
    <View>
      {items.map((item, i) => (
        <View key={i} style={styles.row} wrap={false}>
          <Text style={styles.rowNumber}>{i + 1}.</Text>
          <View style={styles.rowBody}>
            <Text style={{ fontWeight: 700 }}>{item.title}</Text>
            <Text>{item.detail}</Text>
          </View>
        </View>
      ))}
    </View>
  );
}

function body(doc: AgreementDocument) {
  const { parties, version } = doc;
  const c = version.content;
  const period =
    c.periodStart || c.periodEnd
      ? `${formatDateJa(c.periodStart) || "（未記入）"}から${formatDateJa(c.periodEnd) || "（未記入）"}まで`
      : "";
  const para = (value: string) => (
    <Text style={value.trim() ? styles.body : [styles.body, styles.muted]}>{orBlank(value)}</Text>
  );
  const rows = [
    { mark: "甲（自治体）", name: parties.municipalityName, s: doc.signatures.find((x) => x.side === "municipality") },
    { mark: "乙（企業）", name: parties.companyName, s: doc.signatures.find((x) => x.side === "company") },
  ];
  return (
    <>
      {doc.concluded ? null : (
        <Text style={styles.draft}>
          案（{version.locked ? "一方のみ署名済み" : "未署名"}）: この版は双方の署名がそろっていません。
        </Text>
      )}
      <Text style={styles.title}>実証協定書</Text>
      <Text style={styles.subtitle}>
        「{doc.title}」の試行的実施に関する協定（第{version.number}版）
      </Text>
      <Text style={styles.preamble}>
        {`\u3000${parties.municipalityName}（以下「甲」という。）と${parties.companyName}（以下「乙」という。）は、住民参画・官民連携推進事業として行う「${doc.title}」の試行的実施（以下「本実証」という。）について、次のとおり協定を締結する。`}
      </Text>
      <Article id="scope">{para(c.scope)}</Article>
      <Article id="period">{para(period)}</Article>
      <Article id="area">{para(c.area)}</Article>
      <Article id="roles">
        <Definition term={`自治体（${parties.municipalityName}）`} value={c.roles.municipality} />
        <Definition term={`企業（${parties.companyName}）`} value={c.roles.company} />
        <Definition term="住民" value={c.roles.residents} />
      </Article>
      <Article id="personalData">
        <Definition term="利用目的" value={c.personalData.purpose} />
        <Definition term="取得する項目" value={c.personalData.items} />
        <Definition term="管理者" value={c.personalData.holder} />
        <Definition term="保存期間" value={c.personalData.retention} />
        <Definition term="削除の方法" value={c.personalData.deletion} />
      </Article>
      <Article id="kpis">
        {c.kpis.length === 0 ? (
          para("")
        ) : (
          <Numbered
            items={c.kpis.map((k) => ({
              title: `${k.name}${k.unit ? `（単位: ${k.unit}）` : ""}`,
              detail: `基準値: ${orBlank(k.baseline)}／目標値: ${orBlank(k.target)}／目指す方向: ${KPI_DIRECTION_LABELS[k.direction]}`,
            }))}
          />
        )}
      </Article>
      <Article id="funding">
        <Text style={styles.body}>
          支払総額: {c.fundingAmountYen === null ? "（未記入）" : formatYen(c.fundingAmountYen)}
        </Text>
        {c.milestones.length === 0 ? (
          <Text style={[styles.body, styles.muted]}>支払予定: （未記入）</Text>
        ) : (
          <>
            <Text style={styles.body}>支払予定:</Text>
            <Numbered
              items={c.milestones.map((m) => ({
                title: m.title,
                detail: `支払予定日: ${orBlank(formatDateJa(m.dueDate))}／金額: ${formatYen(m.amountYen)}`,
              }))}
            />
            <Text style={styles.body}>支払予定の合計: {formatYen(milestoneTotal(c))}</Text>
          </>
        )}
      </Article>
      <Article id="ipAndPublicity">{para(c.ipAndPublicity)}</Article>
      <Article id="termination">{para(c.termination)}</Article>
      <View wrap={false}>
        <Text style={styles.heading}>署名</Text>
        <Text style={styles.body}>
          本協定の締結を証するため、甲乙それぞれの権限ある者が本システム上で第{version.number}版に署名した。
        </Text>
        <View style={styles.table}>
          <View style={styles.tr}>
            {["当事者", "組織", "署名者", "署名日時"].map((h, i) => (
              <Text key={h} style={[styles.cell, COLUMNS[i]!, { fontWeight: 700 }]}>
                {h}
              </Text>
            ))}
          </View>
          {rows.map((r) => (
            <View key={r.mark} style={styles.tr}>
              <Text style={[styles.cell, COLUMNS[0], { fontWeight: 700 }]}>{r.mark}</Text>
              <Text style={[styles.cell, COLUMNS[1]]}>{r.name}</Text>
              <Text style={[styles.cell, COLUMNS[2]]}>{r.s ? r.s.signerName : "（未署名）"}</Text>
              <Text style={[styles.cell, COLUMNS[3]]}>{r.s ? formatDateTime(r.s.signedAt) : "—"}</Text>
            </View>
          ))}
        </View>
      </View>
    </>
  );
}

/** Every string in an element tree (to choose the font subsets the document needs). */
function textOf(node: ReactNode): string {
  if (node === null || node === undefined || typeof node === "boolean") return "";
  if (typeof node === "string" || typeof node === "number") return String(node);
  if (Array.isArray(node)) return node.map(textOf).join("");
  if (isValidElement<{ children?: ReactNode }>(node)) {
    if (typeof node.type === "function") return textOf((node.type as (p: unknown) => ReactNode)(node.props));
    return Children.toArray(node.props.children).map(textOf).join("");
  }
  return "";
}

export async function renderAgreementPdf(doc: AgreementDocument): Promise<Uint8Array> {
  const content = body(doc);
  const footer = `実証協定書「${doc.title}」第${doc.version.number}版`;
  const fontFamily = await japaneseFontFamilies(`${textOf(content)}${footer}0123456789/ `);
  const buffer = await renderToBuffer(
    <Document
      title={`実証協定書（第${doc.version.number}版）${doc.title}`}
      author="ガバメントピッチ・マッチング"
      language="ja"
    >
      <Page size="A4" style={[styles.page, { fontFamily }]}>
        <View style={styles.content}>{content}</View>
        <View style={styles.footer} fixed>
          <Text style={styles.footerTitle}>{footer}</Text>
          <Text style={styles.footerPage} render={({ pageNumber, totalPages }) => `${pageNumber} / ${totalPages}`} />
        </View>
      </Page>
    </Document>,
  );
  return new Uint8Array(buffer);
}
