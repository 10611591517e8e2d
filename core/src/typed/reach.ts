// Which files a change reaches, for the check cache: the include graph of the last run (analysis/include-graph.ts,
// kept in the cache entry with each file's share of the analysis), the files that import a changed file
// (transitively), and the partial program (analysis/project.ts `partial`) that re-analyses only those and reuses the
// rest. When that cannot be decided soundly (a changed file acts on others without being imported, a package is
// newly brought in or dropped, an import now resolves elsewhere) the whole project is analysed again, and the reason
// is said in the header.
import * as path from 'node:path';
import type { CachedRun } from './cacheFile';
import type { FileResult, IncludeGraph, IncludeNode, PartialProgram } from '../analysis/index';
import { actsOnOtherFiles } from '../analysis/include-graph';
import { isJavaScriptFile, ts } from '../analysis/ts-util';

/** The graph and each file's share of the analysis, as kept in the entry (paths written once, as indices into names). */
export interface ReachRecord {
  names: string[];
  /** Per name: the local files it brings in (indices into names). */
  imports: number[][];
  /** Per name: the package files it brings in directly (indices into externals). */
  external: number[][];
  /** Names that act on other files without being imported. */
  global: number[];
  externals: string[];
  /** Package files that declare globals or augment modules (indices into externals). */
  externalGlobals: number[];
  /** Per file of the analysis, in analysis.files order: its workflows, its findings, its first step call (-1: none). */
  parts: number[];
}

export function recordReach(graph: IncludeGraph, results: ReadonlyMap<string, FileResult>, files: readonly string[]): ReachRecord {
  const names = [...graph.files.keys()].sort();
  const index = new Map(names.map((n, i) => [n, i]));
  const externals = [...new Set([...[...graph.files.values()].flatMap((n) => n.external), ...graph.externalGlobals])].sort();
  const ext = new Map(externals.map((n, i) => [n, i]));
  const parts: number[] = [];
  for (const f of files) {
    const r = results.get(f);
    parts.push(r?.workflows.length ?? 0, r?.findings.length ?? 0, r?.firstStepCall ?? -1);
  }
  return {
    names,
    imports: names.map((n) => graph.files.get(n)!.imports.map((i) => index.get(i)!)),
    external: names.map((n) => graph.files.get(n)!.external.map((e) => ext.get(e)!)),
    global: names.flatMap((n, i) => (graph.files.get(n)!.global ? [i] : [])),
    externals,
    externalGlobals: graph.externalGlobals.map((e) => ext.get(e)!),
    parts,
  };
}

export function graphOf(record: ReachRecord): IncludeGraph {
  const global = new Set(record.global);
  const files = new Map<string, IncludeNode>();
  record.names.forEach((n, i) => files.set(n, {
    imports: record.imports[i]!.map((j) => record.names[j]!),
    external: record.external[i]!.map((j) => record.externals[j]!),
    global: global.has(i),
  }));
  return { files, externalGlobals: record.externalGlobals.map((j) => record.externals[j]!) };
}

/** Each file's share of a cached run (the run's findings end with the project-level ones, recomputed anyway). */
export function fileResultsOf(run: CachedRun, parts: readonly number[]): Map<string, FileResult> | undefined {
  const { files, workflows, findings } = run.analysis;
  if (parts.length !== files.length * 3) return undefined;
  const errors = new Map<string, FileResult['syntaxErrors']>();
  for (const e of run.syntaxErrors) errors.set(e.file, [...(errors.get(e.file) ?? []), e]);
  const out = new Map<string, FileResult>();
  let w = 0;
  let f = 0;
  files.forEach((file, i) => {
    const [nw, nf, first] = [parts[3 * i]!, parts[3 * i + 1]!, parts[3 * i + 2]!];
    out.set(file, { workflows: workflows.slice(w, w + nw), findings: findings.slice(f, f + nf), ...(first >= 0 ? { firstStepCall: first } : {}), syntaxErrors: errors.get(file) ?? [] });
    w += nw;
    f += nf;
  });
  return w === workflows.length && f <= findings.length ? out : undefined;
}

export type PartialPlan =
  | { partial: PartialProgram; previous: IncludeGraph; changed: ReadonlySet<string>; reached: ReadonlySet<string> }
  | { whole: string };

/**
 * The partial program for a run after `changed` files changed (deleted, added), or why the whole project must be
 * analysed: R = the changed files and every file whose imports reach one (in the old graph: a content change or a
 * deletion changes no other file's imports; files an added file can newly answer an import of are found by
 * resolving every file's imports again). The roots: R's source files, the source files without a cached result,
 * every file that acts on others without being imported, and the package files that declare globals.
 */
export function planPartial(record: ReachRecord | undefined, run: CachedRun, changed: ReadonlySet<string>, sources: readonly string[], options: ts.CompilerOptions, rootDir: string): PartialPlan {
  if (!record) return { whole: 'the cache entry has no import graph' };
  const results = fileResultsOf(run, record.parts);
  if (!results) return { whole: 'the cache entry does not split into files' };
  const graph = graphOf(record);
  const rel = (f: string) => path.relative(rootDir, f).split(path.sep).join('/');
  const texts = new Map<string, string | undefined>();
  const textOf = (f: string) => (texts.has(f) ? texts.get(f) : (texts.set(f, ts.sys.readFile(f)), texts.get(f)));
  const added = new Set<string>();
  for (const f of changed) {
    if (graph.files.get(f)?.global) return { whole: `${rel(f)} acts on other files without being imported` };
    const text = textOf(f);
    if (text === undefined) continue;
    if (!graph.files.has(f)) added.add(f);
    if (actsOnOtherFiles(ts.createSourceFile(f, text, ts.ScriptTarget.Latest, true), true)) return { whole: `${rel(f)} acts on other files without being imported` };
  }
  const importers = new Map<string, string[]>();
  for (const [f, node] of graph.files) for (const i of node.imports) importers.set(i, [...(importers.get(i) ?? []), f]);
  const reached = new Set<string>();
  const reach = (f: string) => {
    if (reached.has(f)) return;
    reached.add(f);
    for (const i of importers.get(f) ?? []) reach(i);
  };
  for (const f of changed) reach(f);
  if (added.size > 0) {
    // An import that failed, or found a file later in its lookup order, may now find an added file.
    const cache = ts.createModuleResolutionCache(rootDir, (f) => f, options);
    for (const f of graph.files.keys()) {
      if (reached.has(f)) continue;
      const text = textOf(f);
      if (text === undefined) continue;
      const info = ts.preProcessFile(text, true, true);
      const targets = [
        ...[...info.importedFiles.map((r) => r.fileName), ...jsDocImports(f, text)].map((name) => ts.resolveModuleName(name, f, options, ts.sys, cache).resolvedModule?.resolvedFileName),
        ...info.referencedFiles.map((r) => path.resolve(path.dirname(f), r.fileName)),
      ];
      if (targets.some((t) => t !== undefined && added.has(path.resolve(t)))) reach(f);
    }
  }
  const reuse = new Map<string, FileResult>();
  const roots = new Set<string>();
  for (const f of sources) {
    const cached = results.get(f);
    if (cached && !reached.has(f)) reuse.set(f, cached);
    else roots.add(f);
  }
  for (const [f, node] of graph.files) if (node.global && textOf(f) !== undefined) roots.add(f);
  for (const f of graph.externalGlobals) roots.add(f);
  return { partial: { roots: [...roots], reuse, sources }, previous: graph, changed, reached };
}

// In JSDoc: an import type (`{import('./model').Order}`) or an @import tag (`@import { Order } from './model'`).
const JSDOC_IMPORT = /\bimport\(\s*(['"`])([^'"`\r\n]+)\1\s*\)|@import\b[^;]*?\bfrom\s*(['"])([^'"\r\n]+)\3/g;

/**
 * The module names a JavaScript file's JSDoc imports types from. preProcessFile skips comments, but in a JS file
 * TypeScript resolves these, so a file added there changes the file's types. The whole text is searched, not only its
 * comments: a name found elsewhere only makes the file analysed again needlessly.
 */
function jsDocImports(file: string, text: string): string[] {
  if (!isJavaScriptFile(file) || (!text.includes('import(') && !text.includes('@import'))) return [];
  return [...text.matchAll(JSDOC_IMPORT)].map((m) => (m[2] ?? m[4])!);
}

/**
 * After the partial program is built: the graph now (the previous one with the analysed and changed files' nodes
 * from the program), or why its answers would not be those of the whole program: a file it did not re-analyse
 * imports other files than before, or the packages brought in changed (their globals would differ).
 */
export function graphAfter(plan: Extract<PartialPlan, { partial: unknown }>, fresh: IncludeGraph, rootDir: string): IncludeGraph | { whole: string } {
  const rel = (f: string) => path.relative(rootDir, f).split(path.sep).join('/');
  const files = new Map(plan.previous.files);
  for (const f of plan.changed) files.delete(f);
  for (const [f, node] of fresh.files) {
    const before = plan.previous.files.get(f);
    if (!plan.reached.has(f) && !plan.changed.has(f) && before && (before.imports.join('\n') !== node.imports.join('\n') || before.external.join('\n') !== node.external.join('\n'))) {
      return { whole: `the imports of ${rel(f)} resolve differently` };
    }
    if (plan.reached.has(f) || plan.changed.has(f) || !before) files.set(f, node);
  }
  const packages = (g: Map<string, IncludeNode>) => [...new Set([...g.values()].flatMap((n) => n.external))].sort().join('\n');
  if (packages(files) !== packages(plan.previous.files)) return { whole: 'the package files the project imports changed' };
  return { files, externalGlobals: plan.previous.externalGlobals };
}

/**
 * Each workflow's file and every project file it brings in (transitively), plus its steps' files: over the graphs
 * given (the one before a change too, so a deleted or no longer imported file still counts for its old importers).
 */
export function closuresFromGraph(graphs: ReadonlyArray<IncludeGraph | undefined>, workflows: ReadonlyArray<{ file: string; steps: ReadonlyArray<{ file: string }> }>): Map<string, Set<string>> {
  const importsOf = (f: string) => graphs.flatMap((g) => g?.files.get(f)?.imports ?? []);
  const out = new Map<string, Set<string>>();
  for (const w of workflows) {
    let seen = out.get(w.file);
    if (!seen) {
      seen = new Set([w.file]);
      const todo = [w.file];
      while (todo.length) for (const next of importsOf(todo.pop()!)) if (!seen.has(next)) (seen.add(next), todo.push(next));
      out.set(w.file, seen);
    }
    for (const s of w.steps) seen.add(s.file);
  }
  return out;
}
