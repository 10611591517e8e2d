// The persisted cache of `check` (node_modules/.cache/awaitly-lens/), the TypeScript side: the analysis with its
// step result types, keyed by the compiler options, the TypeScript versions, awaitly-lens's build, the awaitly
// semantics and the installed packages (lock file); valid for the recorded content hash of every source file.
// Nothing changed: the analysis is served without opening a program (and usually without loading TypeScript at
// all: typed/warmCache.ts answers first). Files changed: only the files that import a changed file (transitively) are
// analysed again, in a program rooted at them (typed/reach.ts), the others' results are reused, and only the
// workflows that import a changed file ask the checker for result types. An entry that does not parse, whose
// checksum does not match, or that was written for another key is ignored, never trusted.
import * as path from 'node:path';
import type { WorkflowInfo } from '../analysis/types';
import type { FileResult, IncludeGraph } from '../analysis/index';
import { detectSemantics } from '../analysis/semantics';
import { isInNodeModules, isProjectSource, ts } from '../analysis/ts-util';
import { buildIdentity, FORMAT, packageInputs, packRun, readEntry, runOf, sha, slotFile, stampedHash, writeEntry, type CachedRun, type CacheSlot, type Entry, type Validity, type WarmRecord } from './cacheFile';
import { warmInputs, warmRecord, type WarmInputs } from './warmCache';
import { graphOf, planPartial, recordReach, type PartialPlan } from './reach';
import { timePhase } from '../timings';

export type { CachedRun } from './cacheFile';

export type Lookup =
  | { status: 'hit'; run: CachedRun }
  | { status: 'changed'; previous: CachedRun; changed: Set<string>; plan: PartialPlan; previousGraph?: IncludeGraph }
  | { status: 'miss'; reason: string };

export interface CacheOptions extends CacheSlot {
  /** Versions of the compilers that may answer (JS API and native). */
  compilers: string;
}

export class CheckCache {
  /** What the served or written entry rests on, when it has a warm record (a check output may then be replayed). */
  validity?: Validity;

  private constructor(
    readonly file: string,
    private readonly key: string,
    private readonly sources: () => string[],
    readonly compilerOptions: ts.CompilerOptions,
    private readonly warm: WarmInputs | undefined,
    private readonly tsconfig: string,
  ) {}

  /** undefined when the project has no node_modules folder to keep the cache in. */
  static open(options: CacheOptions): CheckCache | undefined {
    const { compilers, ...slot } = options;
    const file = slotFile(slot);
    if (!file) return undefined;
    // Before the analysis: what the warm path will compare (an edit made while this run analyses is then a change).
    const warm = warmInputs(slot);
    const rootDir = path.dirname(options.tsconfig);
    const parsed = ts.getParsedCommandLineOfConfigFile(options.tsconfig, {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => {} });
    const semantics = detectSemantics(rootDir, options.semantics as never);
    const key = sha(JSON.stringify({
      format: FORMAT,
      build: buildIdentity(),
      tsconfig: options.tsconfig,
      compilerOptions: parsed?.options ?? null,
      compilers,
      engine: options.engine,
      includeResultTypes: options.includeResultTypes,
      semantics,
      ...packageInputs(rootDir),
    }));
    const sources = () => (parsed?.fileNames ?? []).filter(isProjectSource).map((f) => path.resolve(f));
    return new CheckCache(file, key, sources, parsed?.options ?? {}, warm, options.tsconfig);
  }

  /** Hash and stamp of each file, taken once and before the analysis reads it (so an edit made meanwhile is a change next run). */
  private readonly hashes = new Map<string, { hash: string | undefined; stamp: string | undefined }>();

  private hashOf(file: string, recorded?: Entry): { hash: string | undefined; stamp: string | undefined } {
    let h = this.hashes.get(file);
    if (!h) {
      // A file whose stat stamp is the one recorded with its hash has not been written since: not read again.
      h = stampedHash(file, recorded && { stamp: recorded.stamps?.[file], hash: recorded.files[file] });
      this.hashes.set(file, h);
    }
    return h;
  }

  lookup(): Lookup {
    const now = this.sources();
    const entry = readEntry(this.file);
    for (const f of now) this.hashOf(f, 'reason' in entry ? undefined : entry);
    if ('reason' in entry) return { status: 'miss', reason: entry.reason };
    if (entry.key !== this.key) return { status: 'miss', reason: 'the cache entry was written for other options or versions' };
    const recorded = Object.keys(entry.files);
    const run = runOf(entry);
    const changed = new Set<string>();
    for (const f of new Set([...now, ...recorded])) if (this.hashOf(f, entry).hash !== entry.files[f]) changed.add(f);
    // A file the program no longer includes (a new "exclude", say) is unchanged on disk but gone from the analysis.
    const included = new Set(now);
    for (const f of run.analysis.files) if (!included.has(f)) changed.add(f);
    if (changed.size > 0) {
      const plan = timePhase('  cache: files the change reaches', () => planPartial(entry.reach, run, changed, now, this.compilerOptions, path.dirname(this.tsconfig)));
      return { status: 'changed', previous: run, changed, plan, ...(entry.reach ? { previousGraph: graphOf(entry.reach) } : {}) };
    }
    const warm = this.refreshWarm(entry);
    if (warm) this.validity = { warm, files: entry.files, ...(entry.stamps ? { stamps: entry.stamps } : {}) };
    return { status: 'hit', run };
  }

  /**
   * A hit here that the warm path missed (a file the include does not match was added, say): the warm record is
   * brought up to date, so the next run is answered without TypeScript again. Returns the record now on disk.
   */
  private refreshWarm(entry: Entry): WarmRecord | undefined {
    const warm = warmRecord(this.warm, Object.keys(entry.files));
    if (warm?.key === entry.warm?.key && warm?.listing === entry.warm?.listing) return entry.warm;
    const { warm: _old, ...rest } = entry;
    try {
      writeEntry(this.file, { ...rest, ...(warm ? { warm } : {}) });
      return warm;
    } catch {
      // Not written: the next run takes this path again.
      return undefined;
    }
  }

  /**
   * Returns why the entry was not written, if not. `reach`: the program's include graph and each file's share of the
   * analysis, for the next run after a change (without it, that run analyses the whole project).
   */
  store(run: CachedRun, reach?: { graph: IncludeGraph; results: ReadonlyMap<string, FileResult> }): string | undefined {
    try {
      const files: Record<string, string> = {};
      const stamps: Record<string, string> = {};
      // Also files outside the tsconfig's include that the project imports: their change must count.
      const imported = reach ? [...reach.graph.files.keys()] : [...importClosures(run.analysis.workflows, this.compilerOptions).values()].flatMap((s) => [...s]);
      for (const f of new Set([...this.sources(), ...run.analysis.files, ...imported])) {
        // A file that cannot be read now is recorded as absent, so it counts as changed when it reappears.
        const { hash, stamp } = this.hashOf(f);
        if (hash !== undefined) files[f] = hash;
        if (hash !== undefined && stamp !== undefined) stamps[f] = stamp;
      }
      const { cache: _cache, ...engine } = run.engine;
      const warm = warmRecord(this.warm, Object.keys(files));
      const record = reach && recordReach(reach.graph, reach.results, run.analysis.files);
      writeEntry(this.file, { format: FORMAT, key: this.key, files, stamps, ...(warm ? { warm } : {}), run: packRun({ ...run, engine }), ...(record ? { reach: record } : {}) });
      if (warm) this.validity = { warm, files, stamps };
      return undefined;
    } catch (error) {
      return `the cache could not be written: ${error instanceof Error ? error.message : String(error)}`;
    }
  }
}

/**
 * Files each workflow's result types can depend on: its own file and every project file it imports,
 * transitively (declaration packages are covered by the key's lock file hash).
 */
export function importClosures(workflows: readonly WorkflowInfo[], options: ts.CompilerOptions): Map<string, Set<string>> {
  const direct = new Map<string, string[]>();
  const host = ts.sys;
  const cache = ts.createModuleResolutionCache(process.cwd(), (f) => f, options);
  const importsOf = (file: string): string[] => {
    let hit = direct.get(file);
    if (hit) return hit;
    hit = [];
    direct.set(file, hit);
    const text = host.readFile(file);
    if (text === undefined) return hit;
    for (const ref of ts.preProcessFile(text, true, true).importedFiles) {
      const resolved = ts.resolveModuleName(ref.fileName, file, options, host, cache).resolvedModule;
      if (resolved && !isInNodeModules(resolved.resolvedFileName) && !resolved.isExternalLibraryImport) hit.push(path.resolve(resolved.resolvedFileName));
    }
    return hit;
  };
  const out = new Map<string, Set<string>>();
  for (const w of workflows) {
    if (out.has(w.file)) continue;
    const seen = new Set<string>([w.file]);
    const todo = [w.file];
    while (todo.length) for (const next of importsOf(todo.pop()!)) if (!seen.has(next)) (seen.add(next), todo.push(next));
    for (const s of w.steps) seen.add(s.file);
    out.set(w.file, seen);
  }
  return out;
}
