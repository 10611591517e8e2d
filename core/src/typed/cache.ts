// The persisted cache of `check` (node_modules/.cache/awaitly-lens/): the analysis with its step result types,
// keyed by the compiler options, the TypeScript versions, awaitly-lens's build, the awaitly semantics and the
// installed packages (lock file); valid for the recorded content hash of every source file. Nothing changed: the
// analysis is served without opening a program. Files changed: the rules analysis runs again and only the
// workflows that import a changed file (transitively) ask the checker for result types. An entry that does not
// parse, whose checksum does not match, or that was written for another key is ignored, never trusted.
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ProjectAnalysis, WorkflowInfo } from '../analysis/types';
import { detectSemantics } from '../analysis/semantics';
import { isInNodeModules, ts } from '../analysis/ts-util';
import { TOOL_VERSION } from '../cli/version';
import type { EngineReport } from './session';

const FORMAT = 1;
const SOURCE_EXT = /\.(ts|tsx|mts|cts|js|jsx|mjs|cjs)$/;

export interface CachedRun {
  analysis: ProjectAnalysis;
  syntaxErrors: Array<{ file: string; message: string; line: number; column: number }>;
  engine: EngineReport;
}

interface Entry extends CachedRun {
  format: number;
  key: string;
  files: Record<string, string>;
}

export type Lookup =
  | { status: 'hit'; run: CachedRun }
  | { status: 'changed'; previous: CachedRun; changed: Set<string> }
  | { status: 'miss'; reason: string };

const sha = (text: string | Buffer) => createHash('sha256').update(text).digest('hex');

/**
 * The running build: a rebuilt awaitly-lens never reads an older build's entries. In a bundle, its size and time;
 * run from the sources (tsx), those of every core source file, since any of them may change the analysis.
 */
function buildIdentity(): string {
  const files = __filename.endsWith('.ts') ? sourceFiles(path.resolve(__dirname, '..')) : [__filename];
  try {
    return `${TOOL_VERSION}:${files.map((f) => {
      const s = fs.statSync(f);
      return `${s.size}:${s.mtimeMs}`;
    }).join(',')}`;
  } catch {
    return `${TOOL_VERSION}:${Date.now()}`;
  }
}

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    return e.isDirectory() ? sourceFiles(full) : e.name.endsWith('.ts') ? [full] : [];
  }).sort();
}

function nearest(start: string, name: string): string | undefined {
  for (let dir = start; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, name);
    if (fs.existsSync(candidate)) return candidate;
    if (path.dirname(dir) === dir) return undefined;
  }
}

export interface CacheOptions {
  tsconfig: string;
  semantics?: string;
  includeResultTypes: boolean;
  /** The engine asked for ('native' | 'js' | default). */
  engine: string;
  /** Versions of the compilers that may answer (JS API and native). */
  compilers: string;
}

export class CheckCache {
  private constructor(
    readonly file: string,
    private readonly key: string,
    private readonly sources: () => string[],
    readonly compilerOptions: ts.CompilerOptions,
  ) {}

  /** undefined when the project has no node_modules folder to keep the cache in. */
  static open(options: CacheOptions): CheckCache | undefined {
    const rootDir = path.dirname(options.tsconfig);
    const modules = nearest(rootDir, 'node_modules');
    if (!modules) return undefined;
    const parsed = ts.getParsedCommandLineOfConfigFile(options.tsconfig, {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => {} });
    const lockFile = nearest(rootDir, 'package-lock.json');
    const semantics = detectSemantics(rootDir, options.semantics as never);
    const key = sha(JSON.stringify({
      format: FORMAT,
      build: buildIdentity(),
      tsconfig: options.tsconfig,
      compilerOptions: parsed?.options ?? null,
      compilers: options.compilers,
      engine: options.engine,
      includeResultTypes: options.includeResultTypes,
      semantics,
      packages: lockFile ? sha(fs.readFileSync(lockFile)) : null,
    }));
    const sources = () => (parsed?.fileNames ?? []).filter((f) => SOURCE_EXT.test(f) && !f.endsWith('.d.ts') && !isInNodeModules(f)).map((f) => path.resolve(f));
    return new CheckCache(path.join(modules, '.cache', 'awaitly-lens', `check-${key.slice(0, 24)}.json`), key, sources, parsed?.options ?? {});
  }

  lookup(): Lookup {
    let entry: Entry;
    try {
      const text = fs.readFileSync(this.file, 'utf8');
      const newline = text.indexOf('\n');
      const body = text.slice(newline + 1);
      if (newline < 0 || text.slice(0, newline) !== sha(body)) return { status: 'miss', reason: 'the cache entry is corrupt (checksum)' };
      entry = JSON.parse(body) as Entry;
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      return { status: 'miss', reason: code === 'ENOENT' ? 'no cache entry yet' : `the cache entry is unreadable: ${error instanceof Error ? error.message : String(error)}` };
    }
    if (entry.format !== FORMAT || entry.key !== this.key) return { status: 'miss', reason: 'the cache entry was written for other options or versions' };
    const now = this.sources();
    const recorded = Object.keys(entry.files);
    const run: CachedRun = { analysis: entry.analysis, syntaxErrors: entry.syntaxErrors, engine: entry.engine };
    const changed = new Set<string>();
    for (const f of new Set([...now, ...recorded])) {
      let hash: string | undefined;
      try {
        hash = sha(fs.readFileSync(f));
      } catch {
        hash = undefined;
      }
      if (hash !== entry.files[f]) changed.add(f);
    }
    return changed.size === 0 ? { status: 'hit', run } : { status: 'changed', previous: run, changed };
  }

  /** Written whole to a temporary file and renamed, so a reader never sees half an entry. Returns why not, if not. */
  store(run: CachedRun): string | undefined {
    try {
      this.write(run);
      return undefined;
    } catch (error) {
      return `the cache could not be written: ${error instanceof Error ? error.message : String(error)}`;
    }
  }

  private write(run: CachedRun): void {
    const files: Record<string, string> = {};
    // Also files outside the tsconfig's include that a workflow imports (transitively): their change must count.
    const imported = [...importClosures(run.analysis.workflows, this.compilerOptions).values()].flatMap((s) => [...s]);
    for (const f of new Set([...this.sources(), ...run.analysis.files, ...imported])) {
      try {
        files[f] = sha(fs.readFileSync(f));
      } catch {
        // A file that cannot be read now is recorded as absent, so it counts as changed when it reappears.
      }
    }
    const { cache: _cache, ...engine } = run.engine;
    const body = JSON.stringify({ format: FORMAT, key: this.key, files, ...run, engine } satisfies Entry);
    fs.mkdirSync(path.dirname(this.file), { recursive: true });
    const tmp = `${this.file}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, `${sha(body)}\n${body}`);
    fs.renameSync(tmp, this.file);
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
