// The municipality master, write side: an operator uploads a newer master file (checked before it is kept), sees
// its difference, chooses the successors of every abolished code and applies it, all in one transaction with its
// audit row. Rows are never deleted: an abolished code stays for the records that point at it.
import { sql, type Transaction } from "kysely";
import type { DB } from "@db/schema";
import { isValidLocalGovernmentCode } from "@db/reference/check-digits";
import { parseCsv } from "@db/reference/load-reference-data.server";
import { assertCan, type MemberActor } from "~/auth/permissions";
import { recordAudit } from "~/domain/audit/audit.commands.server";
import { db, inLockedTransaction, inTransaction } from "~/lib/db.server";
import { AppError } from "~/lib/errors";
import { diffMaster, successorRefusal, type MasterRow } from "./municipality-master.rules";
import { currentMasterRows, parseStoredMaster } from "./municipality-master.queries.server";

export const MAX_MASTER_BYTES = 2 * 1024 * 1024;
/** A file with fewer rows than this share of the current master is refused: most likely cut short. */
const MIN_SHARE_OF_CURRENT = 0.9;
const APPLY_LOCK = 4_202_612_03;
const FORBIDDEN = "市区町村マスタの更新は、運営事務局が行います。";

const refuse = (message: string) => new AppError("bad_request", message, { field: "file" });

/** Checks an uploaded master and keeps it for its preview; returns the import's id. */
export async function uploadMunicipalityMaster(actor: MemberActor, file: { name: string; bytes: Uint8Array }) {
  assertCan(actor, { action: "operator.manageReferenceData" }, FORBIDDEN);
  if (file.bytes.byteLength > MAX_MASTER_BYTES) throw refuse("ファイルが大きすぎます。2MB以下のCSVを選んでください。");
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(file.bytes);
  } catch {
    throw refuse("文字コードがUTF-8ではありません。UTF-8（BOM付きでも可）のCSVを選んでください。");
  }
  if (text.includes("\u0000")) throw refuse("CSVとして読めない文字が含まれています。");
  checkCodes(text);
  return inTransaction(async (trx) => {
    let rows: MasterRow[];
    try {
      rows = await parseStoredMaster(trx, text);
    } catch (error) {
      throw refuse(
        `マスタファイルの形式が正しくありません（${error instanceof Error ? error.message : "読み込めません"}）。`,
      );
    }
    const current = await currentMasterRows(trx);
    if (rows.length < current.length * MIN_SHARE_OF_CURRENT)
      throw refuse(
        `行数（${rows.length}行）が現在のマスタ（${current.length}行）の9割に満たないため、途中で切れたファイルの可能性があります。`,
      );
    const stored = await trx
      .insertInto("reference_import")
      .values({ file_name: file.name.slice(0, 200) || "master.csv", content: text, uploaded_by: actor.userId })
      .returning("id")
      .executeTakeFirstOrThrow();
    await recordAudit(trx, {
      actor,
      organizationId: null,
      action: "reference.master_uploaded",
      entityType: "reference_import",
      entityId: stored.id,
      changes: { file_name: file.name.slice(0, 200), rows: rows.length },
    });
    return { importId: stored.id };
  });
}

/** Every lgcode must carry its check digit (JIS X 0402): the first five bad lines are named, in Japanese. */
function checkCodes(text: string) {
  let records: { line: number; fields: string[] }[];
  try {
    records = parseCsv(text);
  } catch {
    throw refuse("CSVとして読み込めません。引用符の閉じ忘れがないか確認してください。");
  }
  const [header, ...rows] = records;
  const column = header?.fields.map((f) => f.trim()).indexOf("lgcode") ?? -1;
  if (column < 0) throw refuse("1行目に lgcode（全国地方公共団体コード）の列がありません。");
  const bad = rows.filter((r) => !isValidLocalGovernmentCode(r.fields[column] ?? ""));
  if (bad.length > 0) {
    const lines = bad.slice(0, 5).map((r) => `${r.line}行目（${r.fields[column] ?? ""}）`);
    throw refuse(
      `地方公共団体コードの検査数字が正しくない行があります: ${lines.join("、")}${bad.length > 5 ? ` ほか${bad.length - 5}行` : ""}。`,
    );
  }
}

export interface ApplyInput {
  effectiveOn: string;
  /** For each abolished code, the code(s) that take it over. */
  successors: Record<string, string[]>;
}

/** Applies an uploaded master: added, renamed and abolished rows, successors, the import marked, one audit row. */
export async function applyMunicipalityMaster(actor: MemberActor, importId: string, input: ApplyInput) {
  assertCan(actor, { action: "operator.manageReferenceData" }, FORBIDDEN);
  // One apply at a time, and against the master as it is once the lock is held.
  return inLockedTransaction(db(), APPLY_LOCK, async (trx) => {
    const stored = await trx
      .selectFrom("reference_import")
      .select(["id", "content", "applied_at"])
      .where("id", "=", importId)
      .forUpdate()
      .executeTakeFirst();
    if (!stored) throw new AppError("not_found", "アップロードしたマスタファイルが見つかりません。");
    if (stored.applied_at) throw new AppError("conflict", "このマスタファイルはすでに適用されています。");
    const incoming = await parseStoredMaster(trx, stored.content);
    const diff = diffMaster(await currentMasterRows(trx), incoming);
    const refusal = successorRefusal(diff, input.successors, incoming);
    if (refusal) throw new AppError("bad_request", refusal.message, { field: `successor_${refusal.code}` });
    await refuseEarlierThanValidity(trx, diff.abolished, input.effectiveOn);

    const byKind = (rows: MasterRow[]) => [
      ...rows.filter((r) => r.kind !== "ward"),
      ...rows.filter((r) => r.kind === "ward"),
    ];
    const changed = new Set([...diff.renamed.map((r) => r.code), ...diff.reshaped.map((r) => r.code)]);
    const added = new Set(diff.added.map((r) => r.code));
    // Cities before wards: a ward's parent must exist first.
    for (const row of byKind(incoming.filter((r) => added.has(r.code) || changed.has(r.code)))) {
      const values = {
        code: row.code,
        prefecture_code: row.prefectureCode,
        name: row.name,
        kana: row.kana,
        kind: row.kind,
        parent_code: row.parentCode,
      };
      await trx
        .insertInto("municipality")
        .values({ ...values, valid_from: input.effectiveOn })
        .onConflict((oc) =>
          oc.column("code").doUpdateSet({
            ...values,
            abolished_on: null,
            // A code that comes back takes effect again; a renamed one keeps its date.
            valid_from: added.has(row.code) ? input.effectiveOn : sql`municipality.valid_from`,
          }),
        )
        .execute();
    }
    for (const row of diff.abolished) {
      await trx
        .updateTable("municipality")
        .set({ abolished_on: input.effectiveOn })
        .where("code", "=", row.code)
        .execute();
      await trx
        .insertInto("municipality_successor")
        .values((input.successors[row.code] ?? []).map((s) => ({ code: row.code, successor_code: s })))
        .onConflict((oc) => oc.columns(["code", "successor_code"]).doNothing())
        .execute();
    }
    const summary = {
      added: diff.added.map((r) => ({ code: r.code, name: r.name })),
      abolished: diff.abolished.map((r) => ({ code: r.code, name: r.name, successors: input.successors[r.code] })),
      renamed: diff.renamed.map((r) => ({ code: r.code, from: r.from.name, to: r.to.name })),
      reshaped: diff.reshaped,
    };
    await trx
      .updateTable("reference_import")
      .set({
        applied_at: new Date(),
        applied_by: actor.userId,
        effective_on: input.effectiveOn,
        summary: JSON.stringify(summary),
      })
      .where("id", "=", stored.id)
      .execute();
    await recordAudit(trx, {
      actor,
      organizationId: null,
      action: "reference.municipalities_changed",
      entityType: "reference_import",
      entityId: stored.id,
      changes: { effective_on: input.effectiveOn, ...summary },
    });
    return { added: diff.added.length, abolished: diff.abolished.length, renamed: diff.renamed.length };
  });
}

async function refuseEarlierThanValidity(trx: Transaction<DB>, abolished: MasterRow[], effectiveOn: string) {
  if (abolished.length === 0) return;
  const later = await trx
    .selectFrom("municipality")
    .select(["name", "valid_from"])
    .where(
      "code",
      "in",
      abolished.map((r) => r.code),
    )
    .where("valid_from", ">", effectiveOn)
    .executeTakeFirst();
  if (later)
    throw new AppError(
      "bad_request",
      `適用日は${later.name}が発足した日（${later.valid_from}）より後にしてください。`,
      {
        field: "effectiveOn",
      },
    );
}
