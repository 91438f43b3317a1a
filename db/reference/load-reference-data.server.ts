import { createHash } from "node:crypto";
import fs from "node:fs/promises";
import path from "node:path";
import { sql, type Insertable, type Kysely, type Transaction } from "kysely";
import { isValidLocalGovernmentCode } from "./check-digits";
import type { DB, MunicipalityTable, PrefectureTable } from "../schema";
import { BUREAU_PREFECTURE_LINK_COUNT, REGIONAL_BUREAUS } from "./bureaus";

const MUNICIPALITY_FILE = "localgovjp-utf8.csv";
const PREFECTURE_FILE = "prefjp-utf8.csv";
/** The 廃置分合 the master does not carry: abolished codes (with their successors) and the dates rows took effect. */
const CHANGES_FILE = "municipality-changes.csv";
const VERSION_NAME = "municipalities";
const BATCH_SIZE = 500;

type PrefectureRow = Insertable<PrefectureTable>;
type MunicipalityRow = Insertable<MunicipalityTable>;

export interface ReferenceData {
  prefectures: PrefectureRow[];
  /** The current municipalities and wards: the master file. */
  municipalities: MunicipalityRow[];
  changes: MunicipalityChange[];
  /** A digest of the files (and the bureaus), stored once loaded. */
  sha256: string;
}

/** A row of the changes file: an abolished code with its successors, or the day a current code took effect. */
export interface MunicipalityChange {
  row: MunicipalityRow;
  validFrom: string | null;
  abolishedOn: string | null;
  successors: string[];
}

export interface ReferenceDataCounts {
  prefectures: number;
  /** Current municipalities and wards (the master's rows). */
  municipalities: number;
  /** Abolished codes kept for the records that point at them. */
  abolished: number;
  bureaus: number;
  /** True when the database already held exactly these files and nothing was written. */
  skipped: boolean;
}

/**
 * Loads prefectures, municipalities (with wards of designated cities), their history of 廃置分合 and regional
 * bureaus. Runs on every server start, so it does nothing when the database already holds these files (by digest);
 * pass force to re-upsert anyway. Rows are never deleted: a code missing from a newer master stays until the changes
 * file (or an operator's import) abolishes it.
 */
export async function loadReferenceData(
  db: Kysely<DB>,
  options: { dataDir?: string; force?: boolean } = {},
): Promise<ReferenceDataCounts> {
  const data = await readReferenceData(options.dataDir ?? path.resolve(process.cwd(), "db/data"));
  const result = {
    prefectures: data.prefectures.length,
    municipalities: data.municipalities.length,
    abolished: data.changes.filter((c) => c.abolishedOn).length,
    bureaus: REGIONAL_BUREAUS.length,
  };
  if (!options.force && (await loadedVersion(db)) === data.sha256 && (await countsMatch(db, result)))
    return { ...result, skipped: true };

  // PGlite has a single connection: everything inside must go through trx, never db.
  await db.transaction().execute(async (trx) => {
    await upsertPrefectures(trx, data.prefectures);
    // Cities before wards: a ward's parent_code references its city.
    await upsertMunicipalities(
      trx,
      data.municipalities.filter((m) => m.kind !== "ward"),
    );
    await upsertMunicipalities(
      trx,
      data.municipalities.filter((m) => m.kind === "ward"),
    );
    await applyChanges(trx, data.changes);
    await upsertBureaus(trx);
    await trx
      .insertInto("reference_data_version")
      .values({ name: VERSION_NAME, sha256: data.sha256 })
      .onConflict((oc) => oc.column("name").doUpdateSet({ sha256: data.sha256, loaded_at: new Date() }))
      .execute();
  });
  return { ...result, skipped: false };
}

/** The rows are all there (a row deleted by hand is put back on the next start). */
async function countsMatch(db: Kysely<DB>, expected: Omit<ReferenceDataCounts, "skipped">): Promise<boolean> {
  const { rows } = await sql<{
    prefectures: string;
    current: string;
    abolished: string;
    bureaus: string;
    links: string;
  }>`
    select (select count(*) from prefecture) as prefectures,
           (select count(*) from municipality where abolished_on is null) as current,
           (select count(*) from municipality where abolished_on is not null) as abolished,
           (select count(*) from regional_bureau) as bureaus,
           (select count(*) from regional_bureau_prefecture) as links`.execute(db);
  const counts = rows[0];
  return (
    Number(counts.prefectures) === expected.prefectures &&
    Number(counts.current) === expected.municipalities &&
    Number(counts.abolished) >= expected.abolished &&
    Number(counts.bureaus) === expected.bureaus &&
    Number(counts.links) === BUREAU_PREFECTURE_LINK_COUNT
  );
}

async function loadedVersion(db: Kysely<DB>): Promise<string | undefined> {
  const row = await db
    .selectFrom("reference_data_version")
    .select("sha256")
    .where("name", "=", VERSION_NAME)
    .executeTakeFirst();
  return row?.sha256;
}

/**
 * The history the master does not carry: abolished rows are inserted when missing (a fresh database) and marked with
 * their date and successors; rows that took effect on a known day get it. Everything else in the master is current.
 */
async function applyChanges(trx: Transaction<DB>, changes: MunicipalityChange[]) {
  for (const change of changes) {
    if (change.abolishedOn) {
      await trx
        .insertInto("municipality")
        .values({ ...change.row, valid_from: change.validFrom, abolished_on: change.abolishedOn })
        .onConflict((oc) =>
          oc.column("code").doUpdateSet({ abolished_on: change.abolishedOn, valid_from: change.validFrom }),
        )
        .execute();
    } else {
      await trx
        .updateTable("municipality")
        .set({ valid_from: change.validFrom })
        .where("code", "=", change.row.code)
        .execute();
    }
  }
  const links = changes.flatMap((c) =>
    c.successors.map((successor) => ({ code: c.row.code, successor_code: successor })),
  );
  if (links.length > 0) {
    await trx
      .insertInto("municipality_successor")
      .values(links)
      .onConflict((oc) => oc.columns(["code", "successor_code"]).doNothing())
      .execute();
  }
}

async function upsertPrefectures(trx: Transaction<DB>, rows: PrefectureRow[]) {
  await trx
    .insertInto("prefecture")
    .values(rows)
    .onConflict((oc) =>
      oc.column("code").doUpdateSet((eb) => ({
        name: eb.ref("excluded.name"),
        kana: eb.ref("excluded.kana"),
        short_name: eb.ref("excluded.short_name"),
        name_en: eb.ref("excluded.name_en"),
        lg_code: eb.ref("excluded.lg_code"),
      })),
    )
    .execute();
}

async function upsertMunicipalities(trx: Transaction<DB>, rows: MunicipalityRow[]) {
  for (let i = 0; i < rows.length; i += BATCH_SIZE) {
    await trx
      .insertInto("municipality")
      .values(rows.slice(i, i + BATCH_SIZE))
      .onConflict((oc) =>
        oc.column("code").doUpdateSet((eb) => ({
          prefecture_code: eb.ref("excluded.prefecture_code"),
          name: eb.ref("excluded.name"),
          kana: eb.ref("excluded.kana"),
          kind: eb.ref("excluded.kind"),
          parent_code: eb.ref("excluded.parent_code"),
          url: eb.ref("excluded.url"),
          latitude: eb.ref("excluded.latitude"),
          longitude: eb.ref("excluded.longitude"),
          // A code in the master is current.
          abolished_on: null,
        })),
      )
      .execute();
  }
}

async function upsertBureaus(trx: Transaction<DB>) {
  await trx
    .insertInto("regional_bureau")
    .values(REGIONAL_BUREAUS.map((b) => ({ id: b.id, ministry: b.ministry, name: b.name, sort_order: b.sortOrder })))
    .onConflict((oc) =>
      oc.column("id").doUpdateSet((eb) => ({
        ministry: eb.ref("excluded.ministry"),
        name: eb.ref("excluded.name"),
        sort_order: eb.ref("excluded.sort_order"),
      })),
    )
    .execute();
  await trx
    .insertInto("regional_bureau_prefecture")
    .values(
      REGIONAL_BUREAUS.flatMap((b) => b.prefectureCodes.map((code) => ({ bureau_id: b.id, prefecture_code: code }))),
    )
    .onConflict((oc) => oc.columns(["bureau_id", "prefecture_code"]).doNothing())
    .execute();
  // Drop links that are no longer in the data (bureau rows themselves stay: organisations may reference them).
  await trx
    .deleteFrom("regional_bureau_prefecture")
    .where((eb) =>
      eb.not(
        eb.or(
          REGIONAL_BUREAUS.map((b) =>
            eb.and([eb("bureau_id", "=", b.id), eb("prefecture_code", "in", [...b.prefectureCodes])]),
          ),
        ),
      ),
    )
    .execute();
}

// ---------------------------------------------------------------------------------------------------------
// Reading and validating the CSV files

export async function readReferenceData(dataDir: string): Promise<ReferenceData> {
  const [prefectureText, municipalityText, changesText] = await Promise.all([
    fs.readFile(path.join(dataDir, PREFECTURE_FILE), "utf8"),
    fs.readFile(path.join(dataDir, MUNICIPALITY_FILE), "utf8"),
    fs.readFile(path.join(dataDir, CHANGES_FILE), "utf8"),
  ]);
  const prefectures = toPrefectures(readRecords(prefectureText, PREFECTURE_FILE));
  const prefectureCodes = new Set(prefectures.map((p) => p.code));
  const municipalities = parseMunicipalityMaster(municipalityText, prefectureCodes);
  const changes = toChanges(readRecords(changesText, CHANGES_FILE), prefectureCodes, municipalities);
  const sha256 = createHash("sha256")
    .update(prefectureText)
    .update(municipalityText)
    .update(changesText)
    .update(JSON.stringify(REGIONAL_BUREAUS))
    .digest("hex");
  return { prefectures, municipalities, changes, sha256 };
}

/** The municipalities and wards of a master file (localgovjp format); throws on any bad row (check digits first). */
export function parseMunicipalityMaster(text: string, prefectureCodes: Set<number>): MunicipalityRow[] {
  return toMunicipalities(readRecords(text, MUNICIPALITY_FILE), prefectureCodes);
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

function toChanges(
  records: CsvRecord[],
  prefectureCodes: Set<number>,
  master: MunicipalityRow[],
): MunicipalityChange[] {
  const fail = (r: CsvRecord, message: string) => new ReferenceDataError(CHANGES_FILE, r.line, message);
  const current = new Map(master.map((m) => [m.code, m]));
  const changes = records.map((r): MunicipalityChange => {
    const code = r.get("code");
    if (!isValidLocalGovernmentCode(code)) throw fail(r, `invalid check digit in code "${code}"`);
    const prefectureCode = Number(r.get("pid"));
    if (!prefectureCodes.has(prefectureCode) || Number(code.slice(0, 2)) !== prefectureCode)
      throw fail(r, `code "${code}" does not belong to prefecture "${r.get("pid")}"`);
    const date = (column: string) => {
      const value = r.get(column).trim();
      if (value && !ISO_DATE.test(value)) throw fail(r, `${column} "${value}" is not YYYY-MM-DD`);
      return value || null;
    };
    const validFrom = date("valid_from");
    const abolishedOn = date("abolished_on");
    const successors = r.get("successors").trim().split(/\s+/).filter(Boolean);
    const parentCode = r.get("parent_code").trim() || null;
    if (abolishedOn && current.has(code)) throw fail(r, `code "${code}" is abolished but still in the master`);
    if (!abolishedOn && !current.has(code)) throw fail(r, `code "${code}" is neither abolished nor in the master`);
    if (abolishedOn && successors.length === 0) throw fail(r, `abolished code "${code}" names no successor`);
    for (const s of successors) if (!current.has(s)) throw fail(r, `successor "${s}" is not in the master`);
    if (parentCode && current.get(parentCode)?.kind !== "designated_city")
      throw fail(r, `parent "${parentCode}" is not a designated city of the master`);
    return {
      row: {
        code,
        prefecture_code: prefectureCode,
        name: required(r, "city", fail).replace(/\s+/g, ""),
        kana: required(r, "citykana", fail).replace(/\s+/g, ""),
        kind: parentCode ? "ward" : "municipality",
        parent_code: parentCode,
        url: null,
        latitude: null,
        longitude: null,
      },
      validFrom,
      abolishedOn,
      successors,
    };
  });
  if (new Set(changes.map((c) => c.row.code)).size !== changes.length)
    throw new Error(`Reference data ${CHANGES_FILE}: a code appears twice`);
  return changes;
}

interface CsvRecord {
  line: number;
  get(column: string): string;
}

class ReferenceDataError extends Error {
  constructor(file: string, line: number, message: string) {
    super(`Reference data ${file} line ${line}: ${message}`);
    this.name = "ReferenceDataError";
  }
}

function toPrefectures(records: CsvRecord[]): PrefectureRow[] {
  const fail = (r: CsvRecord, message: string) => new ReferenceDataError(PREFECTURE_FILE, r.line, message);
  const rows = records.map((r): PrefectureRow => {
    const code = Number(r.get("pid"));
    if (!Number.isInteger(code) || code < 1 || code > 47) throw fail(r, `invalid prefecture id "${r.get("pid")}"`);
    // The file drops the leading zero of 北海道 … 福島 ("10006"); the column is char(6).
    const lgCode = r.get("lgcode").padStart(6, "0");
    if (!isValidLocalGovernmentCode(lgCode)) throw fail(r, `invalid check digit in lgcode "${lgCode}"`);
    if (lgCode.slice(0, 5) !== `${String(code).padStart(2, "0")}000`) {
      throw fail(r, `lgcode "${lgCode}" is not the code of prefecture ${code}`);
    }
    return {
      code,
      name: required(r, "pref", fail),
      kana: required(r, "prefkana", fail),
      short_name: required(r, "prefshort", fail),
      name_en: required(r, "pref_en", fail),
      lg_code: lgCode,
    };
  });
  if (new Set(rows.map((p) => p.code)).size !== 47 || rows.length !== 47) {
    throw new Error(
      `Reference data ${PREFECTURE_FILE}: expected the 47 prefectures once each, got ${rows.length} rows`,
    );
  }
  return rows;
}

function toMunicipalities(records: CsvRecord[], prefectureCodes: Set<number>): MunicipalityRow[] {
  const fail = (r: CsvRecord, message: string) => new ReferenceDataError(MUNICIPALITY_FILE, r.line, message);
  const rows = records.map((r) => {
    const code = r.get("lgcode");
    if (!isValidLocalGovernmentCode(code)) throw fail(r, `invalid check digit in lgcode "${code}" (${r.get("city")})`);
    const prefectureCode = Number(r.get("pid"));
    if (!prefectureCodes.has(prefectureCode) || Number(code.slice(0, 2)) !== prefectureCode) {
      throw fail(r, `lgcode "${code}" does not belong to prefecture "${r.get("pid")}"`);
    }
    if (Number(r.get("cid")) !== Number(code.slice(0, 5))) {
      throw fail(r, `cid "${r.get("cid")}" does not match lgcode "${code}"`);
    }
    // Wards of designated cities are written "札幌市 中央区"; we store "札幌市中央区".
    const parts = required(r, "city", fail).split(" ");
    if (parts.length > 2 || parts.some((p) => p === "")) throw fail(r, `unexpected name "${r.get("city")}"`);
    const row: MunicipalityRow = {
      code,
      prefecture_code: prefectureCode,
      name: parts.join(""),
      kana: required(r, "citykana", fail).replace(/\s+/g, ""),
      kind: "municipality",
      parent_code: null,
      url: r.get("url").trim() || null,
      latitude: optionalNumber(r, "lat", fail),
      longitude: optionalNumber(r, "lng", fail),
    };
    return { record: r, parentName: parts.length === 2 ? parts[0] : null, row };
  });

  const seen = new Set<string>();
  const cities = new Map<string, MunicipalityRow>();
  for (const { record, row, parentName } of rows) {
    if (seen.has(row.code)) throw fail(record, `duplicate lgcode "${row.code}"`);
    seen.add(row.code);
    if (parentName === null) cities.set(`${row.prefecture_code}:${row.name}`, row);
  }
  for (const { record, row, parentName } of rows) {
    if (parentName === null) continue;
    const city = cities.get(`${row.prefecture_code}:${parentName}`);
    if (!city) throw fail(record, `ward "${row.name}" has no city row "${parentName}"`);
    city.kind = "designated_city";
    row.kind = "ward";
    row.parent_code = city.code;
  }
  return rows.map((r) => r.row);
}

function required(r: CsvRecord, column: string, fail: (r: CsvRecord, message: string) => Error): string {
  const value = r.get(column).trim();
  if (!value) throw fail(r, `empty ${column}`);
  return value;
}

function optionalNumber(r: CsvRecord, column: string, fail: (r: CsvRecord, message: string) => Error): number | null {
  const raw = r.get(column).trim();
  if (!raw) return null;
  const value = Number(raw);
  if (!Number.isFinite(value)) throw fail(r, `${column} "${raw}" is not a number`);
  return value;
}

function readRecords(text: string, file: string): CsvRecord[] {
  const [header, ...rows] = parseCsv(text);
  if (!header) throw new Error(`Reference data ${file} is empty`);
  const index = new Map(header.fields.map((name, i) => [name.trim(), i]));
  return rows.map(({ line, fields }) => {
    if (fields.length !== header.fields.length) {
      throw new ReferenceDataError(file, line, `expected ${header.fields.length} fields, got ${fields.length}`);
    }
    return {
      line,
      get(column: string) {
        const i = index.get(column);
        if (i === undefined) throw new Error(`Reference data ${file} has no column "${column}"`);
        return fields[i];
      },
    };
  });
}

/**
 * RFC 4180 CSV: fields may be quoted, a quoted field may hold commas, line breaks and doubled quotes ("").
 * Strips a UTF-8 byte order mark; skips blank lines. line is the 1-based line on which the row starts.
 */
export function parseCsv(text: string): { line: number; fields: string[] }[] {
  const input = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const rows: { line: number; fields: string[] }[] = [];
  let fields: string[] = [];
  let field = "";
  let quoted = false;
  let line = 1;
  let rowLine = 1;
  const endRow = () => {
    fields.push(field);
    if (fields.length > 1 || fields[0] !== "") rows.push({ line: rowLine, fields });
    fields = [];
    field = "";
  };
  for (let i = 0; i < input.length; i++) {
    const c = input[i];
    if (quoted) {
      if (c === '"') {
        if (input[i + 1] === '"') {
          field += '"';
          i++;
        } else {
          quoted = false;
        }
      } else {
        if (c === "\n") line++;
        field += c;
      }
    } else if (c === '"' && field === "") {
      quoted = true;
    } else if (c === ",") {
      fields.push(field);
      field = "";
    } else if (c === "\n" || c === "\r") {
      if (c === "\r" && input[i + 1] === "\n") i++;
      endRow();
      line++;
      rowLine = line;
    } else {
      field += c;
    }
  }
  if (quoted) throw new Error(`CSV: unterminated quoted field starting on line ${rowLine}`);
  endRow();
  return rows;
}
