// Fiscal years run April to March and are decided in Asia/Tokyo; labels are in the Reiwa era.
import { describe, expect, it } from "vitest";
import { fiscalYearLabel, fiscalYearOf, fiscalYearRange } from "~/domain/funding/fiscal-year.rules";

describe("fiscalYearOf", () => {
  it("starts a fiscal year on 1 April in Tokyo, not in UTC", () => {
    // 2027-04-01 00:30 in Tokyo.
    expect(fiscalYearOf(new Date("2027-03-31T15:30:00Z"))).toBe(2027);
    // 2027-03-31 23:59:59 in Tokyo.
    expect(fiscalYearOf(new Date("2027-03-31T14:59:59Z"))).toBe(2026);
    expect(fiscalYearOf(new Date("2027-03-31T15:00:00Z"))).toBe(2027);
  });

  it("puts January to March in the previous fiscal year and April to December in the current one", () => {
    expect(fiscalYearOf("2026-01-15T03:00:00Z")).toBe(2025);
    expect(fiscalYearOf("2026-04-15T03:00:00Z")).toBe(2026);
    expect(fiscalYearOf("2026-12-31T14:59:59Z")).toBe(2026);
    // 2027-01-01 00:00 in Tokyo is still FY2026.
    expect(fiscalYearOf("2026-12-31T15:00:00Z")).toBe(2026);
  });
});

describe("fiscalYearLabel", () => {
  it("names fiscal years in the Reiwa era, the first one 元年度", () => {
    expect(fiscalYearLabel(2026)).toBe("令和8年度");
    expect(fiscalYearLabel(2025)).toBe("令和7年度");
    expect(fiscalYearLabel(2019)).toBe("令和元年度");
    expect(fiscalYearLabel(2020)).toBe("令和2年度");
  });
});

describe("fiscalYearRange", () => {
  it("runs from 1 April to 31 March of the next year", () => {
    expect(fiscalYearRange(2026)).toEqual({ start: "2026-04-01", end: "2027-03-31" });
    expect(fiscalYearRange(2025)).toEqual({ start: "2025-04-01", end: "2026-03-31" });
  });
});
