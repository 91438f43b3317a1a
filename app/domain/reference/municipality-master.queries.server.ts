// The municipality master, read side: the current rows, an abolished code's current successors (following later
// changes: a successor may itself have been abolished since), and an uploaded master's difference from the database.
import { sql } from "kysely";
import type { Executor } from "@db/database.server";
import { parseMunicipalityMaster } from "@db/reference/load-reference-data.server";
import type { MunicipalityKind } from "@db/schema";
import { AppError } from "~/lib/errors";
import {
  defaultSuccessors,
  diffMaster,
  successorChoices,
  type MasterDiff,
  type MasterRow,
} from "./municipality-master.rules";

export interface Successor {
  code: string;
  name: string;
}

/** The current rows of the master, in code order. */
export async function currentMasterRows(ex: Executor): Promise<MasterRow[]> {
  const rows = await ex
    .selectFrom("municipality")
    .select(["code", "prefecture_code", "name", "kana", "kind", "parent_code"])
    .where("abolished_on", "is", null)
    .orderBy("code")
    .execute();
  return rows.map(toMasterRow);
}

export const toMasterRow = (r: {
  code: string;
  prefecture_code: number;
  name: string;
  kana: string;
  kind: MunicipalityKind;
  parent_code?: string | null;
}): MasterRow => ({
  code: r.code,
  prefectureCode: r.prefecture_code,
  name: r.name,
  kana: r.kana,
  kind: r.kind,
  parentCode: r.parent_code ?? null,
});

/**
 * The current successors of each abolished code among `codes` (a current code maps to nothing): successors are
 * followed through later abolitions until current rows are reached (a recursive walk of municipality_successor).
 */
export async function currentSuccessors(ex: Executor, codes: readonly string[]): Promise<Map<string, Successor[]>> {
  const result = new Map<string, Successor[]>();
  const wanted = [...new Set(codes.filter(Boolean))];
  if (wanted.length === 0) return result;
  const { rows } = await sql<{ origin: string; code: string; name: string }>`
    with recursive walk(origin, code, depth) as (
      select s.code, s.successor_code, 1
        from municipality_successor s
       where s.code in (${sql.join(wanted)})
      union
      select w.origin, s.successor_code, w.depth + 1
        from walk w
        join municipality_successor s on s.code = w.code
       where w.depth < 10
    )
    select distinct w.origin, m.code, m.name
      from walk w
      join municipality m on m.code = w.code
     where m.abolished_on is null
     order by w.origin, m.code`.execute(ex);
  for (const row of rows) {
    const list = result.get(row.origin) ?? [];
    list.push({ code: row.code, name: row.name });
    result.set(row.origin, list);
  }
  return result;
}

/** A record's municipality as pages show it: its own name, and when abolished, the date and its current successors. */
export interface MunicipalityLabel {
  code: string;
  name: string;
  abolishedOn: string | null;
  successors: Successor[];
}

export async function municipalityLabels(
  ex: Executor,
  codes: readonly string[],
): Promise<Map<string, MunicipalityLabel>> {
  const wanted = [...new Set(codes.filter(Boolean))];
  const labels = new Map<string, MunicipalityLabel>();
  if (wanted.length === 0) return labels;
  const rows = await ex
    .selectFrom("municipality")
    .select(["code", "name", "abolished_on"])
    .where("code", "in", wanted)
    .execute();
  const abolished = rows.filter((r) => r.abolished_on !== null).map((r) => r.code);
  const successors = await currentSuccessors(ex, abolished);
  for (const r of rows)
    labels.set(r.code, {
      code: r.code,
      name: r.name,
      abolishedOn: r.abolished_on,
      successors: successors.get(r.code) ?? [],
    });
  return labels;
}

export interface ImportPreview {
  id: string;
  fileName: string;
  uploadedAt: string;
  appliedAt: string | null;
  effectiveOn: string | null;
  rows: number;
  diff: MasterDiff;
  /** For each abolished code: the codes offered (likely ones first, the others folded away) and those ticked. */
  choices: Record<string, { likely: MasterRow[]; others: MasterRow[]; ticked: string[] }>;
}

/** An uploaded master and what applying it would change, against the database as it is now. */
export async function previewImport(ex: Executor, importId: string): Promise<ImportPreview> {
  const row = await ex
    .selectFrom("reference_import")
    .select(["id", "file_name", "content", "uploaded_at", "applied_at", "effective_on"])
    .where("id", "=", importId)
    .executeTakeFirst();
  if (!row) throw new AppError("not_found", "アップロードしたマスタファイルが見つかりません。");
  const incoming = await parseStoredMaster(ex, row.content);
  const diff = diffMaster(await currentMasterRows(ex), incoming);
  const choices: ImportPreview["choices"] = {};
  for (const abolished of diff.abolished)
    choices[abolished.code] = {
      ...successorChoices(abolished, diff, incoming),
      ticked: defaultSuccessors(abolished, diff),
    };
  return {
    id: row.id,
    fileName: row.file_name,
    uploadedAt: row.uploaded_at.toISOString(),
    appliedAt: row.applied_at?.toISOString() ?? null,
    effectiveOn: row.effective_on,
    rows: incoming.length,
    diff,
    choices,
  };
}

/** A stored master's rows (it was checked when uploaded; the prefectures are the database's). */
export async function parseStoredMaster(ex: Executor, content: string): Promise<MasterRow[]> {
  const prefectures = await ex.selectFrom("prefecture").select("code").execute();
  return parseMunicipalityMaster(content, new Set(prefectures.map((p) => p.code))).map(toMasterRow);
}

/** The codes abolished so far, newest first, with their current successors: the history the operator page shows. */
export async function listAbolishedMunicipalities(ex: Executor, limit = 50) {
  const rows = await ex
    .selectFrom("municipality")
    .select(["code", "name", "abolished_on"])
    .where("abolished_on", "is not", null)
    .orderBy("abolished_on", "desc")
    .orderBy("code")
    .limit(limit)
    .execute();
  const successors = await currentSuccessors(
    ex,
    rows.map((r) => r.code),
  );
  return rows.map((r) => ({
    code: r.code,
    name: r.name,
    abolishedOn: r.abolished_on ?? "",
    successors: successors.get(r.code) ?? [],
  }));
}
