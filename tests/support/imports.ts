// Reads the imports of the application's own files (app/, db/) as text and resolves them to files of this tree,
// for the architecture test. Type-only imports are edges too (a type couples two modules as much as a value does);
// they are marked, because a type may cross into the browser bundle where a value may not.
import fs from "node:fs";
import path from "node:path";

export interface ImportEdge {
  /** The importing file, from the repository root ("app/domain/funding/ledgers.queries.server.ts"). */
  from: string;
  /** The file imported, from the repository root, or the package name for a package ("@remix-run/node"). */
  to: string;
  /** True for a package (not a file of this tree). */
  external: boolean;
  /** True when only types are imported (erased from the compiled code). */
  typeOnly: boolean;
  /** The specifier as written, and its line. */
  specifier: string;
  line: number;
}

export const ROOT = path.resolve(import.meta.dirname, "../..");
const SOURCE = /\.(ts|tsx|js|mjs)$/;

export function sourceFiles(...folders: string[]): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(path.join(ROOT, dir), { withFileTypes: true })) {
      const rel = path.posix.join(dir, entry.name);
      if (entry.isDirectory()) walk(rel);
      else if (SOURCE.test(entry.name) && !entry.name.endsWith(".d.ts")) out.push(rel);
    }
  };
  for (const folder of folders) walk(folder);
  return out.sort();
}

const exists = (rel: string) => fs.existsSync(path.join(ROOT, rel)) && fs.statSync(path.join(ROOT, rel)).isFile();

/** The file a specifier names (aliases ~/ for app/ and @db/ for db/), or null for a package. */
export function resolveSpecifier(from: string, specifier: string): string | null {
  let base: string;
  if (specifier.startsWith("~/")) base = path.posix.join("app", specifier.slice(2));
  else if (specifier.startsWith("@db/")) base = path.posix.join("db", specifier.slice(4));
  else if (specifier.startsWith(".")) base = path.posix.normalize(path.posix.join(path.posix.dirname(from), specifier));
  else return null;
  for (const candidate of [base, `${base}.ts`, `${base}.tsx`, `${base}.js`, `${base}/index.ts`])
    if (exists(candidate)) return candidate;
  return base; // a file that does not exist: the compiler reports it; keep the edge so that its layer is still checked
}

// import x from "a"; import { a, type b } from "a"; import type { T } from "a"; export { a } from "a";
// export * from "a"; import "a"; import("a"). Comments are blanked first so that an example in a comment is no edge.
const STATIC = /^\s*(import|export)\s+(type\s+)?([^;]*?)\s+from\s*["']([^"']+)["']|^\s*import\s+["']([^"']+)["']/gm;
const DYNAMIC = /\bimport\(\s*["']([^"']+)["']\s*\)/g;

function blankComments(source: string): string {
  return source
    .replace(/\/\*[\s\S]*?\*\//g, (m) => m.replace(/[^\n]/g, " "))
    .replace(/(^|[^:"'`])\/\/.*$/gm, (m, p) => p + " ".repeat(m.length - p.length));
}

function lineOf(source: string, index: number): number {
  return source.slice(0, index).split("\n").length;
}

function isTypeOnly(keyword: string | undefined, clause: string): boolean {
  if (keyword) return true;
  const named = /^\{([\s\S]*)\}$/.exec(clause.trim());
  if (!named) return false;
  const names = named[1]
    .split(",")
    .map((n) => n.trim())
    .filter(Boolean);
  return names.length > 0 && names.every((n) => n.startsWith("type "));
}

export function importsOf(file: string): ImportEdge[] {
  return parseImports(file, fs.readFileSync(path.join(ROOT, file), "utf8"));
}

/** The imports written in `text`, as if it were the file `file`. */
export function parseImports(file: string, text: string): ImportEdge[] {
  const source = blankComments(text);
  const edges: ImportEdge[] = [];
  const add = (specifier: string, typeOnly: boolean, index: number) => {
    const resolved = resolveSpecifier(file, specifier);
    edges.push({
      from: file,
      to: resolved ?? packageName(specifier),
      external: resolved === null,
      typeOnly,
      specifier,
      line: lineOf(source, index),
    });
  };
  for (const m of source.matchAll(STATIC)) {
    if (m[5]) add(m[5], false, m.index);
    else add(m[4], isTypeOnly(m[2], m[3]), m.index);
  }
  for (const m of source.matchAll(DYNAMIC)) add(m[1], false, m.index);
  return edges;
}

function packageName(specifier: string): string {
  if (specifier.startsWith("node:")) return specifier;
  const parts = specifier.split("/");
  return specifier.startsWith("@") ? parts.slice(0, 2).join("/") : parts[0];
}

/** Every import of every file in the folders. */
export function importGraph(...folders: string[]): ImportEdge[] {
  return sourceFiles(...folders).flatMap(importsOf);
}

/** The cycles of a directed graph (strongly connected components of more than one node, or a node on itself). */
export function cyclesOf(edges: Iterable<[string, string]>): string[][] {
  const next = new Map<string, Set<string>>();
  for (const [a, b] of edges) {
    if (!next.has(a)) next.set(a, new Set());
    if (!next.has(b)) next.set(b, new Set());
    next.get(a)!.add(b);
  }
  // Tarjan's algorithm.
  let index = 0;
  const indices = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[][] = [];
  const visit = (v: string) => {
    indices.set(v, index);
    low.set(v, index);
    index += 1;
    stack.push(v);
    onStack.add(v);
    for (const w of next.get(v)!) {
      if (!indices.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, indices.get(w)!));
    }
    if (low.get(v) === indices.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1 || next.get(v)!.has(v)) cycles.push(component.sort());
    }
  };
  for (const v of next.keys()) if (!indices.has(v)) visit(v);
  return cycles;
}
