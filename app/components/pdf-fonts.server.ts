// Japanese text in PDFs made with @react-pdf/renderer, using Noto Sans JP from @fontsource/noto-sans-jp (OFL-1.1).
//
// That package ships the font as ~120 subsets split by unicode-range (as Google Fonts serves it to browsers), not as
// one file. Each subset is registered as its own family ("NotoSansJP-57"), and a document names, as its fontFamily
// list, only the subsets that cover the characters it contains: react-pdf then picks, character by character, the
// first family that has the glyph, and loads (and embeds, subsetted) only those files. The files are read from
// node_modules at run time (resolved from this module, so the same code works under vitest and in the server bundle).
//
// Line breaking: react-pdf breaks lines at spaces and at the parts a "hyphenation callback" returns, and inserts a "-"
// at a hyphenation point. Japanese has no spaces and no hyphens, so the callback returns every CJK character as its own
// part followed by an empty part, which react-pdf treats as a zero-width space (a break without a hyphen); every word
// ends with one too, because a font change (a new subset) splits the text into runs and a run boundary without it
// would be a hyphenation point. Characters
// that must not start a line (、。」…) or end one (「（…) stay glued to their neighbour (禁則処理, simplified).
import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { Font } from "@react-pdf/renderer";

interface Subset {
  family: string;
  ranges: [number, number][];
}

let subsets: Subset[] | null = null;

function parseRanges(value: string): [number, number][] {
  return value.split(",").map((part) => {
    const [start, end] = part.trim().replace(/^U\+/i, "").split("-");
    const a = parseInt(start!, 16);
    return [a, end ? parseInt(end, 16) : a];
  });
}

const CJK = /[\u2E80-\u9FFF\uF900-\uFAFF\uFE30-\uFE4F\uFF00-\uFFEF\u{20000}-\u{3FFFF}]/u;
const NO_LINE_START = new Set([
  ..."、。，．・：；？！ー―…‥）］｝〕〉》」』】〙〗〟’”｠»ぁぃぅぇぉっゃゅょゎゕゖァィゥェォッャュョヮヵヶㇰㇱㇲㇳㇴㇵㇶㇷㇸㇹㇺㇻㇼㇽㇾㇿ々〻゛゜ゝゞヽヾ%％)]}",
]);
const NO_LINE_END = new Set([..."（［｛〔〈《「『【〘〖〝‘“｟«([{¥￥$＄"]);

/** Splits a "word" (text between spaces) into parts with a line-break opportunity between them (see above). */
export function breakJapanese(word: string): string[] {
  const segments: string[] = [];
  for (const char of word) {
    const last = segments[segments.length - 1];
    const lastChar = last === undefined ? undefined : [...last].pop()!;
    const glue =
      last !== undefined &&
      ((!CJK.test(char) && !CJK.test(lastChar!)) || NO_LINE_START.has(char) || NO_LINE_END.has(lastChar!));
    if (glue) segments[segments.length - 1] = last + char;
    else segments.push(char);
  }
  const parts: string[] = [];
  for (const segment of segments) parts.push(segment, "");
  return parts;
}

/** Registers the subsets once per process; returns them with the code points each covers. */
export function registerJapaneseFonts(): Subset[] {
  if (subsets) return subsets;
  const require = createRequire(import.meta.url);
  const unicodeFile = require.resolve("@fontsource/noto-sans-jp/unicode.json");
  const dir = path.join(path.dirname(unicodeFile), "files");
  const table = JSON.parse(fs.readFileSync(unicodeFile, "utf8")) as Record<string, string>;
  const list: Subset[] = [];
  for (const [key, value] of Object.entries(table)) {
    const name = key.replace(/^\[|\]$/g, "");
    const file = (weight: number) => path.join(dir, `noto-sans-jp-${name}-${weight}-normal.woff`);
    if (!fs.existsSync(file(400)) || !fs.existsSync(file(700))) continue;
    const family = `NotoSansJP-${name}`;
    Font.register({
      family,
      fonts: [
        { src: file(400), fontWeight: 400 },
        { src: file(700), fontWeight: 700 },
      ],
    });
    list.push({ family, ranges: parseRanges(value) });
  }
  if (list.length === 0) throw new Error("Noto Sans JP font files were not found in @fontsource/noto-sans-jp");
  // Latin first, so that digits and letters come from one consistent subset.
  list.sort((a, b) => Number(b.family === "NotoSansJP-latin") - Number(a.family === "NotoSansJP-latin"));
  Font.registerHyphenationCallback(breakJapanese);
  subsets = list;
  return list;
}

const WEIGHTS = [400, 700] as const;
const renamed = new WeakSet<object>();

/**
 * The families to name for a document containing `text`: the subsets covering its characters, Latin first; loaded.
 *
 * Every subset file calls itself "NotoSansJP-Regular" (or -Bold). pdfkit reuses an embedded font by that name only
 * when it is the very same font, so subsets sharing one name would each be embedded again at every change of font
 * (hundreds of copies, megabytes and seconds per document). Each loaded subset is therefore given a name of its own.
 */
export async function japaneseFontFamilies(text: string): Promise<string[]> {
  const list = registerJapaneseFonts();
  const codePoints = new Set<number>();
  for (const char of text) codePoints.add(char.codePointAt(0)!);
  const needed = list.filter((s) => [...codePoints].some((c) => s.ranges.some(([a, b]) => c >= a && c <= b)));
  const families = (needed.length > 0 ? needed : [list[0]!]).map((s) => s.family);
  for (const family of families) {
    for (const fontWeight of WEIGHTS) {
      const source = Font.getFont({ fontFamily: family, fontWeight });
      await source.load();
      const data = source.data as object | null;
      if (data && !renamed.has(data)) {
        Object.defineProperty(data, "postscriptName", { value: `${family}-${fontWeight}`, configurable: true });
        renamed.add(data);
      }
    }
  }
  return families;
}
