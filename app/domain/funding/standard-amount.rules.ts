// The standard amount (基準額) of 住民参画・官民連携推進事業: 4,000千円 per unit. A municipality is one unit, a 指定都市
// counts its wards, a 一部事務組合 or 広域連合 counts its member municipalities. Pure, browser-safe.

export const STANDARD_AMOUNT_PER_UNIT_YEN = 4_000_000;

export type StandardAmountBasis = "municipality" | "designated_city" | "association";

export interface StandardAmount {
  basis: StandardAmountBasis;
  units: number;
  amountYen: number;
  formula: string;
}

const PER_UNIT_LABEL = "4,000千円";

/**
 * The standard amount for one basis. `units` is the number of wards for a designated city and the number of member
 * municipalities for an association; it is ignored (1) for an ordinary municipality. Null when an association has not
 * given its number of members yet.
 */
export function standardAmount(basis: StandardAmountBasis, units?: number | null): StandardAmount | null {
  if (basis === "municipality") {
    return { basis, units: 1, amountYen: STANDARD_AMOUNT_PER_UNIT_YEN, formula: `${PER_UNIT_LABEL} × 市町村数 1` };
  }
  if (units === undefined || units === null || !Number.isInteger(units) || units < 1) return null;
  const label = basis === "designated_city" ? "区の数" : "構成市町村数";
  return {
    basis,
    units,
    amountYen: STANDARD_AMOUNT_PER_UNIT_YEN * units,
    formula: `${PER_UNIT_LABEL} × ${label} ${units}`,
  };
}
