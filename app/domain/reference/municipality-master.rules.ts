// The difference between the municipality master in the database and a newer master file, and the successors an
// operator is offered for each abolished code (総務省's 廃置分合). Pure: the commands read and write; this decides.

export interface MasterRow {
  code: string;
  prefectureCode: number;
  name: string;
  kana: string;
  kind: "municipality" | "designated_city" | "ward";
  parentCode: string | null;
}

export interface Renamed {
  code: string;
  from: { name: string; kana: string };
  to: { name: string; kana: string };
}

export interface MasterDiff {
  /** In the file, not current in the database (new codes, or abolished codes that come back). */
  added: MasterRow[];
  /** Current in the database, missing from the file: to be abolished, each with its successor(s). */
  abolished: MasterRow[];
  /** Same code, another name or reading. */
  renamed: Renamed[];
  /** Same code, another kind or parent (a city becoming a designated city, say). */
  reshaped: { code: string; name: string }[];
  unchanged: number;
}

/** What applying `incoming` to the `current` rows (the database's current ones) would change. */
export function diffMaster(current: readonly MasterRow[], incoming: readonly MasterRow[]): MasterDiff {
  const now = new Map(current.map((r) => [r.code, r]));
  const next = new Map(incoming.map((r) => [r.code, r]));
  const diff: MasterDiff = { added: [], abolished: [], renamed: [], reshaped: [], unchanged: 0 };
  for (const row of incoming) {
    const before = now.get(row.code);
    if (!before) {
      diff.added.push(row);
      continue;
    }
    const renamed = before.name !== row.name || before.kana !== row.kana;
    const reshaped = before.kind !== row.kind || before.parentCode !== row.parentCode;
    if (renamed)
      diff.renamed.push({
        code: row.code,
        from: { name: before.name, kana: before.kana },
        to: { name: row.name, kana: row.kana },
      });
    if (reshaped) diff.reshaped.push({ code: row.code, name: row.name });
    if (!renamed && !reshaped) diff.unchanged++;
  }
  for (const row of current) if (!next.has(row.code)) diff.abolished.push(row);
  return diff;
}

/**
 * The successors offered for an abolished code: the codes of the file in the same prefecture, the added ones of the
 * same designated city first (an abolished ward is usually followed by the new wards of its city), then the other
 * added ones of the prefecture (a merger creates a new code), then the same city's other wards (`likely`); the rest
 * of the prefecture's codes come after (`others`).
 */
export function successorChoices(
  abolished: MasterRow,
  diff: MasterDiff,
  incoming: readonly MasterRow[],
): { likely: MasterRow[]; others: MasterRow[] } {
  const samePrefecture = (r: MasterRow) => r.prefectureCode === abolished.prefectureCode;
  const addedCodes = new Set(diff.added.map((r) => r.code));
  const rank = (r: MasterRow) => {
    const sameCity = abolished.parentCode !== null && r.parentCode === abolished.parentCode;
    if (addedCodes.has(r.code)) return sameCity ? 0 : 1;
    return sameCity ? 2 : 3;
  };
  const ranked = incoming
    .filter(samePrefecture)
    .map((r) => ({ r, rank: rank(r) }))
    .sort((a, b) => a.rank - b.rank || a.r.code.localeCompare(b.r.code));
  // Likely: the added codes and the same city's current wards; the others are offered folded away.
  return {
    likely: ranked.filter((x) => x.rank <= 2).map((x) => x.r),
    others: ranked.filter((x) => x.rank > 2).map((x) => x.r),
  };
}

/**
 * The successors ticked before the operator changes anything: the added codes of the same designated city, else the
 * added codes of the prefecture when there is exactly one (a merger). Otherwise nothing: the operator must choose.
 */
export function defaultSuccessors(abolished: MasterRow, diff: MasterDiff): string[] {
  const added = diff.added.filter((r) => r.prefectureCode === abolished.prefectureCode);
  const sameCity = added.filter((r) => abolished.parentCode !== null && r.parentCode === abolished.parentCode);
  if (sameCity.length > 0) return sameCity.map((r) => r.code);
  return added.length === 1 ? [added[0].code] : [];
}

/** Why the chosen successors cannot be applied, or null: each abolished code needs one or more codes of the file. */
export function successorRefusal(
  diff: MasterDiff,
  chosen: Readonly<Record<string, readonly string[]>>,
  incoming: readonly MasterRow[],
): { code: string; message: string } | null {
  const inFile = new Set(incoming.map((r) => r.code));
  for (const row of diff.abolished) {
    const picks = chosen[row.code] ?? [];
    if (picks.length === 0) return { code: row.code, message: `${row.name}の後継の市区町村を1つ以上選んでください。` };
    if (picks.some((c) => !inFile.has(c)))
      return { code: row.code, message: `${row.name}の後継には、新しいマスタにある市区町村を選んでください。` };
  }
  return null;
}
