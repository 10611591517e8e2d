// Where the language server's step result types come from (definition hashes), as the typed worker and the
// in-process fallback hold it. The main thread's rules analysis already knows every step's site, so on
// TypeScript 7 this holds nothing but the native checker, its snapshot updated with the edited files' text:
// no second JS program to load (in a worker, with a cold JIT, that was most of the first lens's wait).
// Where the native package does not load (the .vsix carries no node_modules), or the folder has no
// tsconfig.json, or TypeScript 7 fails, the JS API's typed analysis answers instead (jsAnswerer.ts, loaded only
// then); the log says which. A file TypeScript 7's project does not hold (never saved, or outside the tsconfig's
// include) is not a failure: the JS API answers for that file's sites only, and TypeScript 7 keeps the rest.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { FirstProgram } from '../../../core/src/analysis';
import type { ResultType, StepSite } from '../../../core/src/typed/engine';
import { loadNative, NativeEngine } from '../../../core/src/typed/nativeEngine';
import { nativeFailure } from '../../../core/src/typed/nativeStderr';
import type { ProjectSource } from '../openProject';
import { loadJsAnswerer } from './loadJsAnswerer';

export interface TypedLogger {
  info(message: string): void;
  error(message: string): void;
}

/** The types of the sites asked for, in order, and the compiler that answered (for errors). */
export interface ResultTypes {
  types: ResultType[];
  compiler: string;
}

/** The sites of one file's workflows (`scope`: that file, as the rules analysed it) or of the whole project (null). */
export type Scope = string | null;

export interface Answerer {
  /** `TypeScript 7.0.2 (native)`, or the JS API and why it runs. */
  readonly compiler: string;
  changed(file: string, text: string | null): void;
  resultTypes(sites: readonly StepSite[], scope: Scope): ResultType[];
  dispose(): void;
}

export class ResultTypeSource {
  private answerer: Answerer | undefined;
  /** The JS API beside TypeScript 7, for the sites of files outside its project (opened at the first one). */
  private outside: Answerer | undefined;
  /** Files whose sites went to the JS API, said once each in the log. */
  private readonly toldOutside = new Set<string>();
  /** Every edit (text, or null: removed), newest per file: TypeScript 7's overlay, replayed into the JS API if it takes over. */
  private readonly edits: Map<string, string | null>;

  constructor(
    private readonly source: ProjectSource,
    files: Iterable<readonly [string, string | null]>,
    private readonly log: TypedLogger,
    /** Appended to the load message (" (worker)"). */
    private readonly where = '',
  ) {
    this.edits = new Map([...files].map(([f, t]) => [path.resolve(f), t]));
  }

  /**
   * Opens the checker now (the worker does on `open`, so the first request does not wait for it). `first`: TypeScript 7
   * opens at the rules' first program's roots, not the whole project, until widen() or a site outside it.
   */
  open(first?: FirstProgram): void {
    if (this.answerer) return;
    const started = Date.now();
    const native = this.openNative(first);
    this.answerer = 'why' in native ? this.openJs(native.why) : native;
    // The open files' lenses are asked for first: their calls that look like steps are typed now, while the main
    // thread still loads the project for the rules (their sites are then answered from these).
    if (native instanceof NativeAnswerer) native.guess(this.edits);
    const opened = native instanceof NativeAnswerer && first ? ` (at its first ${first.roots.length} root file(s); the rest with the rules' analysis)` : '';
    this.log.info(`awaitly-lens: loaded ${this.source.rootDir} for definition hashes in ${Date.now() - started} ms${this.where}${opened}, result types from ${this.answerer.compiler}`);
  }

  /** The rules' analysis took the whole project: TypeScript 7 does too (the JS API widens when asked for it). */
  widen(): void {
    if (this.answerer instanceof NativeAnswerer) this.answerer.widen();
  }

  updateFile(file: string, text: string): void {
    this.changed(path.resolve(file), text);
  }

  removeFile(file: string): void {
    this.changed(path.resolve(file), null);
  }

  /** An edit (null: removed) goes to the record and to both answerers. */
  private changed(file: string, text: string | null): void {
    this.edits.set(file, text);
    this.answerer?.changed(file, text);
    this.outside?.changed(file, text);
  }

  resultTypes(sites: readonly StepSite[], scope: Scope): ResultTypes {
    this.open();
    const a = this.answerer!;
    if (!(a instanceof NativeAnswerer)) return { types: a.resultTypes(sites, scope), compiler: a.compiler };
    let types: ResultType[];
    try {
      types = a.resultTypes(sites);
      // Opened at the first files: a site elsewhere (another file, the whole project) makes TypeScript 7's project whole.
      if (a.partial && types.some((t) => t.shape === '')) {
        a.widen();
        types = a.resultTypes(sites);
      }
    } catch (e) {
      a.dispose();
      this.outside?.dispose();
      this.outside = undefined;
      const js = this.openJs('TypeScript 7 failed');
      this.log.error(`awaitly-lens: TypeScript 7 failed (${nativeFailure(e)}); result types from ${js.compiler} from now on`);
      this.answerer = js;
      return { types: js.resultTypes(sites, scope), compiler: js.compiler };
    }
    const missing = sites.flatMap((s, i) => (types[i]!.shape === '' ? [i] : []));
    if (missing.length === 0) return { types, compiler: a.compiler };
    // Asked of TypeScript 7 first at every request, so a file saved into its project goes back to it.
    const js = (this.outside ??= this.openJs("for files outside TypeScript 7's project"));
    const answered = js.resultTypes(missing.map((i) => sites[i]!), scope);
    missing.forEach((at, k) => { types[at] = answered[k]!; });
    const files = [...new Set(missing.map((i) => sites[i]!.file))];
    for (const file of files.filter((f) => !this.toldOutside.has(f))) {
      this.toldOutside.add(file);
      this.log.info(a.holds(file)
        ? `awaitly-lens: TypeScript 7 found no step call at some sites of ${file}: their result types come from ${js.compiler}`
        : `awaitly-lens: ${file} is not in TypeScript 7's project (not saved, or outside the tsconfig's include): its result types come from ${js.compiler}`);
    }
    return { types, compiler: `${a.compiler}; ${js.compiler} for ${files.length} file(s)` };
  }

  dispose(): void {
    this.answerer?.dispose();
    this.answerer = undefined;
    this.outside?.dispose();
    this.outside = undefined;
  }

  /** TypeScript 7's answerer, or why the JS API answers instead. */
  private openNative(first?: FirstProgram): Answerer | { why: string } {
    if (process.env.AWAITLY_LENS_ENGINE === 'js') return { why: 'AWAITLY_LENS_ENGINE=js' };
    const { rootDir, tsconfig: configured } = this.source;
    const tsconfig = configured ? path.resolve(rootDir, configured) : path.join(rootDir, 'tsconfig.json');
    if (!fs.existsSync(tsconfig)) return { why: 'the native engine needs a tsconfig.json' };
    const native = loadNative();
    if ('error' in native) return { why: native.error };
    try {
      // One core fewer than the machine has: the first answers wait on this process's main thread too (its parse and
      // analysis of the open files), which would otherwise share its core with TypeScript 7's threads.
      const cores = Math.max(1, os.availableParallelism() - 1);
      return new NativeAnswerer(new NativeEngine(native, { tsconfig, overlay: this.edits, cores, ...(first ? { roots: first.roots } : {}) }), first?.listed);
    } catch (e) {
      return { why: `TypeScript 7 could not open ${tsconfig}: ${nativeFailure(e)}` };
    }
  }

  private openJs(why: string): Answerer {
    return loadJsAnswerer().openJsAnswerer(this.source, this.edits, why, (m) => this.log.error(m));
  }
}

/** TypeScript 7's checker; the overlay is the source's `edits` map itself, so a change only marks the file. */
class NativeAnswerer implements Answerer {
  /** Changes since the last snapshot, by file (a file TypeScript 7 did not list is `created`: it may join the project). */
  private readonly dirty = new Map<string, 'changed' | 'created' | 'deleted'>();
  /** The project's files: TypeScript 7's list, or (opened at some roots) the rules' analysis's list until widened. */
  private roots: Set<string>;

  constructor(
    private readonly engine: NativeEngine,
    listed?: readonly string[],
  ) {
    this.roots = new Set(listed ?? engine.rootFiles());
  }

  get compiler(): string {
    return this.engine.compiler;
  }

  get partial(): boolean {
    return this.engine.partial;
  }

  widen(): void {
    if (!this.engine.partial) return;
    this.flush();
    this.engine.widen();
    this.roots = new Set(this.engine.rootFiles());
  }

  /** The file is one of TypeScript 7's project files (as of the last request). */
  holds(file: string): boolean {
    return this.roots.has(file);
  }

  changed(file: string, text: string | null): void {
    this.dirty.set(file, text === null ? 'deleted' : this.roots.has(file) ? 'changed' : 'created');
  }

  /** Types the calls that look like steps in these files (the ones with text); the engine answers their sites from these until the next change. */
  guess(files: ReadonlyMap<string, string | null>): void {
    this.engine.typeLikelySteps((f) => files.get(f) ?? undefined);
  }

  /** The changes since the last snapshot go to TypeScript 7. */
  private flush(): void {
    if (this.dirty.size === 0) return;
    const kinds = [...this.dirty];
    const of = (k: string) => kinds.filter(([, kind]) => kind === k).map(([f]) => f);
    this.engine.changed({ changed: of('changed'), created: of('created'), deleted: of('deleted') });
    this.dirty.clear();
    if (!this.engine.partial) this.roots = new Set(this.engine.rootFiles());
  }

  resultTypes(sites: readonly StepSite[]): ResultType[] {
    this.flush();
    // A site with no type ('' shape): its file is only in the editor (never saved) or outside the tsconfig's include,
    // so not in TypeScript 7's project; the caller asks the JS API, which takes any file given to it.
    return this.engine.resultTypes(sites);
  }

  dispose(): void {
    try {
      this.engine.dispose();
    } catch {
      // Its process is gone already.
    }
  }
}
