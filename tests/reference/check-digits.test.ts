import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import {
  corporateNumberCheckDigit,
  isValidCorporateNumber,
  isValidLocalGovernmentCode,
  localGovernmentCodeCheckDigit,
} from "@db/reference/check-digits";
import { parseCsv } from "@db/reference/load-reference-data.server";

function lgcodesFromCsv(): string[] {
  const [header, ...rows] = parseCsv(
    fs.readFileSync(path.resolve(process.cwd(), "db/data/localgovjp-utf8.csv"), "utf8"),
  );
  const column = header.fields.indexOf("lgcode");
  return rows.map((r) => r.fields[column]);
}

/** Replaces the digit at index i with another digit. */
function tamper(value: string, i: number): string {
  return value.slice(0, i) + String((Number(value[i]) + 1) % 10) + value.slice(i + 1);
}

describe("全国地方公共団体コード", () => {
  it("computes the check digit", () => {
    expect(localGovernmentCodeCheckDigit("01100")).toBe(2); // 札幌市 011002
    expect(localGovernmentCodeCheckDigit("13101")).toBe(6); // 千代田区 131016
    expect(localGovernmentCodeCheckDigit("01101")).toBe(1); // remainder 0: 札幌市中央区 011011
    expect(localGovernmentCodeCheckDigit("01107")).toBe(0); // remainder 1: 札幌市西区 011070
  });

  it("accepts every code in the municipality file", () => {
    const codes = lgcodesFromCsv();
    expect(codes).toHaveLength(1912);
    const invalid = codes.filter((c) => !isValidLocalGovernmentCode(c));
    expect(invalid).toEqual([]);
  });

  it("rejects a code with any single digit changed", () => {
    for (let i = 0; i < 6; i++) expect(isValidLocalGovernmentCode(tamper("011002", i))).toBe(false);
  });

  it("rejects wrong lengths and non-ASCII digits", () => {
    for (const code of ["", "01100", "0110020", "01100a", "０１１００２", " 011002", "01100-2"]) {
      expect(isValidLocalGovernmentCode(code)).toBe(false);
    }
    expect(() => localGovernmentCodeCheckDigit("0110")).toThrow();
  });
});

describe("法人番号", () => {
  const valid = [
    "7000012050002", // 国税庁
    "7000020010006", // 北海道
    "9000020011002", // 札幌市
    "8000020130001", // 東京都
    "1180301018771", // トヨタ自動車株式会社
  ];

  it("accepts known corporate numbers", () => {
    for (const n of valid) expect(isValidCorporateNumber(n), n).toBe(true);
    expect(corporateNumberCheckDigit("000012050002")).toBe(7);
  });

  it("gives 9, never 0, when the weighted sum is a multiple of 9", () => {
    expect(corporateNumberCheckDigit("000000000000")).toBe(9);
    expect(isValidCorporateNumber("0000000000000")).toBe(false);
  });

  it("rejects a number with any single digit changed", () => {
    for (const n of valid) {
      for (let i = 0; i < 13; i++) expect(isValidCorporateNumber(tamper(n, i)), tamper(n, i)).toBe(false);
    }
  });

  it("rejects wrong lengths and non-ASCII digits", () => {
    for (const n of [
      "",
      "700001205000",
      "70000120500020",
      "７００００１２０５０００２",
      "7000-12050002",
      "700001205000x",
    ]) {
      expect(isValidCorporateNumber(n)).toBe(false);
    }
    expect(() => corporateNumberCheckDigit("12345")).toThrow();
  });
});

describe("parseCsv", () => {
  it("handles a BOM, quoted fields with commas, doubled quotes and line breaks, CRLF and a missing final newline", () => {
    const rows = parseCsv('\uFEFFa,b,c\r\n1,"x, ""y""",3\n2,"multi\nline",\n\n4,5,6');
    expect(rows).toEqual([
      { line: 1, fields: ["a", "b", "c"] },
      { line: 2, fields: ["1", 'x, "y"', "3"] },
      { line: 3, fields: ["2", "multi\nline", ""] },
      { line: 6, fields: ["4", "5", "6"] },
    ]);
  });

  it("rejects an unterminated quote", () => {
    expect(() => parseCsv('a,"b\n')).toThrow(/unterminated/);
  });
});
