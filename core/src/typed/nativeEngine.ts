// The typed engine on TypeScript 7's native checker (`typescript-native`, the pinned typescript@7.0.2, through
// its unstable synchronous API). It asks only for what the hash needs: the step calls' types in one batched
// request, and the few strings the shapes print. Types are interned by the checker, so shapes are memoised by
// type id. The walk over types runs breadth first (nativeJobs.ts), so each round's questions to the Go process
// go out in one flight (nativePipeline.ts): a cold check asks ~10,000 of them.
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { routeNativeStderr } from './nativeStderr';
import type * as Sync from 'typescript-native/unstable/sync';
import type * as Ast from 'typescript-native/unstable/ast';
import { isCompilerLibFile, normalizeTypeText } from '../hash/type-text';
import { NO_TYPE, type ResultType, type StepSite, type TypedEngine } from './engine';
import { ask, inBatch, results, runJobs, type Batch, type Gen, type Job } from './nativeJobs';
import { pipelineOf, type Pipeline } from './nativePipeline';
import { mayCallAwaitlySteps, stepCallStarts } from '../analysis/step-call-text';

/** The package alias the native compiler is installed under (package.json pins typescript@7.0.2). */
export const NATIVE_PACKAGE = 'typescript-native';

interface NativeModules {
  sync: typeof Sync;
  version: string;
}

/**
 * Whether the native compiler's API is installed, and its version, without loading it: what planning a run needs.
 * Loading it (loadNative: ESM modules through require) took ~40 ms of the main thread before the project could
 * open, and TypeScript 7's thread loads it again anyway; if it cannot (a broken install), that thread fails and the
 * run falls back to the JS API, saying so (session.ts, withResultTypes).
 */
export function probeNative(): { version: string } | { error: string } {
  try {
    const req = createRequire(__filename);
    req.resolve(`${NATIVE_PACKAGE}/unstable/sync`);
    return { version: (req(`${NATIVE_PACKAGE}/package.json`) as { version: string }).version };
  } catch (error) {
    return { error: notLoaded(error) };
  }
}

const notLoaded = (error: unknown): string => `${NATIVE_PACKAGE} (TypeScript 7) could not be loaded: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`;

/** Loads the native compiler's API, or says why it cannot (not installed, no binary for this platform). */
export function loadNative(): NativeModules | { error: string } {
  try {
    routeNativeStderr();
    const req = createRequire(__filename);
    const sync = req(`${NATIVE_PACKAGE}/unstable/sync`) as typeof Sync;
    const version = (req(`${NATIVE_PACKAGE}/package.json`) as { version: string }).version;
    return { sync, version };
  } catch (error) {
    return { error: notLoaded(error) };
  }
}

// Flag values of TypeScript 7's enums (the same numbers as in 5.9).
const TypeFlags = { Union: 1 << 27, Intersection: 1 << 28, Object: 1 << 20 } as const;
const ObjectFlags = { Reference: 1 << 2, ObjectLiteral: 1 << 7 } as const;
const SymbolFlags = { Optional: 1 << 24 } as const;
const CALL_EXPRESSION = 214;
const SIGNATURE_CALL = 0;
const NO_TRUNCATION = 1;
const FLAT = NO_TRUNCATION | 8; // UseStructuralFallback

export interface NativeEngineOptions {
  tsconfig: string;
  /**
   * Print each result type for people too (StepInfo.resultType). Default true; `check` asks only for what the hash
   * reads (the shape), which saves one round trip to the Go process per distinct type.
   */
  display?: boolean;
  /** Text of files edited in memory (the language server's open buffers) by absolute path; null: removed. */
  overlay?: ReadonlyMap<string, string | null>;
  /** Send each round's questions in one flight (default true; false: one round trip each, as the API does). */
  pipeline?: boolean;
  /**
   * Open only these files (and what they reach) instead of the tsconfig's include: after a change, the files the
   * change reaches (the JS side's partial program has the same roots). TypeScript 7 gets a tsconfig beside the real
   * one that extends it with `files` set to these, through the API's file system (nothing is written to disk).
   */
  roots?: readonly string[];
  /**
   * Cores for TypeScript 7's process (its Go runtime's GOMAXPROCS; one the environment sets wins). Default: all. The
   * language server leaves one to its main thread.
   */
  cores?: number;
}

/** The tsconfig TypeScript 7 opens for `roots`: in the real one's folder (paths resolve as they do there), extending it. */
function partialConfig(tsconfig: string, roots: readonly string[]): { file: string; text: string } {
  const base = path.basename(tsconfig);
  return {
    file: path.join(path.dirname(tsconfig), `${base.replace(/\.json$/i, '')}.awaitly-lens-partial.json`),
    text: JSON.stringify({ extends: `./${base}`, files: roots, include: [] }),
  };
}

/** `spawn` run with GOMAXPROCS set to `cores` (the API takes no environment for the process it spawns). */
function withCores<T>(cores: number | undefined, spawn: () => T): T {
  if (cores === undefined || process.env.GOMAXPROCS) return spawn();
  process.env.GOMAXPROCS = String(cores);
  try {
    return spawn();
  } finally {
    delete process.env.GOMAXPROCS;
  }
}

export class NativeEngine implements TypedEngine {
  readonly name = 'native' as const;
  readonly compiler: string;
  private readonly api: Sync.API;
  private snapshot: Sync.Snapshot;
  private project: Sync.Project;
  /** Where resultTypes spent its time (ms), for the bench's profile: AST decoding, the checker, printing shapes. */
  readonly timings = { decode: 0, check: 0, shapes: 0 };
  private readonly pipeline: Pipeline | null;
  /** Finished jobs (awaited members, shapes, result types) by key, for this snapshot. */
  private done = new Map<string, unknown>();
  /** Result types answered for this snapshot, by site (siteKey): sites typed ahead are not typed again. */
  private typed = new Map<string, ResultType>();
  private texts = new Map<number, string>();
  private readonly symbolTypes: Batch<Sync.Symbol, Sync.Type | undefined> = { run: (symbols) => this.project.checker.getTypeOfSymbol(symbols) };

  /** The tsconfig opened: options.tsconfig, or the partial one over it (options.roots) until widen(). */
  private configFile: string;

  constructor(native: NativeModules, private readonly options: NativeEngineOptions) {
    this.compiler = `TypeScript ${native.version} (native)`;
    const partial = options.roots ? partialConfig(options.tsconfig, options.roots) : undefined;
    this.configFile = partial?.file ?? options.tsconfig;
    // The overlay is read live (the language server keeps editing the map it passed); the partial tsconfig sits in
    // front of it.
    const overlay = options.overlay;
    const text = (f: string) => (f === partial?.file ? partial.text : overlay?.get(f));
    const known = (f: string) => f === partial?.file || !!overlay?.has(f);
    this.api = withCores(options.cores, () => new native.sync.API({
      cwd: options.tsconfig.slice(0, options.tsconfig.lastIndexOf('/')) || '/',
      ...(overlay || partial ? { fs: { readFile: text, fileExists: (f: string) => (known(f) ? text(f) !== null : undefined) } } : {}),
    }));
    this.pipeline = options.pipeline === false ? null : pipelineOf((this.api as unknown as { client: unknown }).client);
    this.snapshot = this.api.updateSnapshot({ openProject: this.configFile });
    this.project = this.projectOf(this.snapshot);
  }

  /** Opened at options.roots, not yet widened. */
  get partial(): boolean {
    return this.configFile !== this.options.tsconfig;
  }

  /**
   * From the roots' project to the tsconfig's whole one (the partial one is closed). The language server opens at
   * its open documents, as its rules analysis does, and widens with it.
   */
  widen(): void {
    if (!this.partial) return;
    const next = this.api.updateSnapshot({ openProject: this.options.tsconfig, closeProjects: [this.configFile] });
    this.configFile = this.options.tsconfig;
    this.use(next);
  }

  /** Requests sent in flights so far (0 where the channel could not be pipelined: then each call waits for its answer). */
  get pipelined(): number {
    return this.pipeline?.sent ?? 0;
  }

  private projectOf(snapshot: Sync.Snapshot): Sync.Project {
    const project = snapshot.getProject(this.configFile) ?? snapshot.getProjects()[0];
    if (!project) throw new Error(`TypeScript 7 did not open ${this.configFile}`);
    return project;
  }

  /** The project's root files (its tsconfig's), as TypeScript 7 listed them for the current snapshot. */
  rootFiles(): readonly string[] {
    return this.project.rootFiles;
  }

  /**
   * Files changed, created or deleted on disk or in the overlay: a new snapshot (the checker re-checks what depends on
   * them). A created file joins the project where its tsconfig's include finds it on disk.
   */
  changed(files: { changed?: string[]; created?: string[]; deleted?: string[] }): void {
    this.use(this.api.updateSnapshot({ fileChanges: files }));
  }

  /** A new snapshot: what was asked of the last one is asked again. */
  private use(next: Sync.Snapshot): void {
    this.snapshot.dispose();
    this.snapshot = next;
    this.project = this.projectOf(next);
    this.done = new Map();
    this.typed = new Map();
    this.texts = new Map();
  }

  /**
   * Sites that look like step calls in the project's root files that mention awaitly, by their text: a call whose
   * callee is `step` or `step.<method>`. A guess (the rules decide what is a step, by symbol), to type ahead of the
   * rules' sites; `readText` gives a file's text (undefined: skipped).
   */
  likelySites(readText: (file: string) => string | undefined): StepSite[] {
    const program = this.project.program;
    const files = this.project.rootFiles.filter((f) => !f.endsWith('.d.ts'));
    const texts = files.map(readText);
    const wanted = files.flatMap((_, i) => (texts[i] !== undefined && mayCallAwaitlySteps(texts[i]!) ? [i] : []));
    const sourceFiles = this.send(wanted.map((i) => () => program.getSourceFile(files[i]!))) as Array<Ast.SourceFile | undefined>;
    const sites: StepSite[] = [];
    wanted.forEach((i, k) => {
      const sf = sourceFiles[k];
      if (!sf) return;
      const starts = stepCallStarts(texts[i]!);
      callsAt(sf, starts.map((start) => ({ start }))).forEach((call, j) => {
        if (call) sites.push({ file: files[i]!, start: starts[j]!, end: call.end });
      });
    });
    return sites;
  }

  private send = (calls: ReadonlyArray<() => unknown>): unknown[] => (this.pipeline ? this.pipeline.run(calls) : calls.map((f) => f()));

  /**
   * Types the calls that look like steps (likelySites) now, so that resultTypes answers their sites from what they got.
   * A failure here is left for resultTypes, which asks again.
   */
  typeLikelySteps(readText: (file: string) => string | undefined): void {
    try {
      this.resultTypes(this.likelySites(readText));
    } catch {
      // Asked again, and answered or reported, when the sites are asked for.
    }
  }

  resultTypes(sites: readonly StepSite[]): ResultType[] {
    const todo = sites.filter((s) => !this.typed.has(siteKey(s)));
    if (todo.length > 0) {
      const types = this.typeSites(todo);
      todo.forEach((s, i) => this.typed.set(siteKey(s), types[i]!));
    }
    return sites.map((s) => this.typed.get(siteKey(s))!);
  }

  private typeSites(sites: readonly StepSite[]): ResultType[] {
    const out: ResultType[] = sites.map(() => NO_TYPE);
    const byFile = new Map<string, number[]>();
    sites.forEach((s, i) => (byFile.get(s.file) ?? byFile.set(s.file, []).get(s.file)!).push(i));
    const nodes: Ast.Node[] = [];
    const slots: number[] = [];
    const t0 = performance.now();
    const program = this.project.program;
    const files = [...byFile];
    const sourceFiles = this.send(files.map(([file]) => () => program.getSourceFile(file))) as Array<Ast.SourceFile | undefined>;
    files.forEach(([, indexes], f) => {
      const sf = sourceFiles[f];
      if (!sf) return;
      callsAt(sf, indexes.map((i) => sites[i]!)).forEach((node, j) => {
        if (node) {
          nodes.push(node);
          slots.push(indexes[j]!);
        }
      });
    });
    const t1 = performance.now();
    this.timings.decode += t1 - t0;
    if (nodes.length === 0) return out;
    const types = this.project.checker.getTypeAtLocation(nodes);
    const t2 = performance.now();
    this.timings.check += t2 - t1;
    const found = types.flatMap((t, k) => (t ? [[t, k] as const] : []));
    const answers = runJobs(found.map(([t]) => this.resultJob(t)), this.done, this.send);
    found.forEach(([, k], j) => (out[slots[k]!] = answers[j]!));
    this.timings.shapes += performance.now() - t2;
    return out;
  }

  private resultJob(t: Sync.Type): Job<ResultType> {
    return { key: `r${t.id}`, run: () => this.computeResult(t) };
  }

  private *computeResult(t: Sync.Type): Gen<ResultType> {
    const [awaited] = yield* results([this.awaitedJob(t)]);
    const members = awaited!;
    let display = '';
    if (this.options.display !== false) {
      const texts = yield* ask(...members.map((a) => () => this.print(a, NO_TRUNCATION)));
      display = members.length === 1 ? texts[0]! : normalizeTypeText(texts.join(' | '));
    }
    const shape = members.length === 1 ? (yield* results([this.shapeJob(members[0]!, 0)]))[0]! : (yield* results(members.map((a) => this.shapeJob(a, 1)))).sort().join(' | ');
    return { display, shape };
  }

  private awaitedJob(t: Sync.Type): Job<Sync.Type[]> {
    return { key: `a${t.id}`, run: () => this.computeAwaited(t) };
  }

  /**
   * The awaited type, as members: TypeScript 7's API has no getAwaitedType, so a Promise<T> / PromiseLike<T>
   * reference is unwrapped to T (recursively, per union member), which is what awaiting it gives.
   */
  private *computeAwaited(t: Sync.Type): Gen<Sync.Type[]> {
    const checker = this.project.checker;
    if (t.flags & TypeFlags.Object && (t as Sync.ObjectType).objectFlags & ObjectFlags.Reference) {
      const [name] = yield* results([this.targetNameJob(t as Sync.TypeReference)]);
      if (name === 'Promise' || name === 'PromiseLike') {
        const [[arg]] = yield* ask(() => checker.getTypeArguments(t as Sync.TypeReference));
        return arg ? (yield* results([this.awaitedJob(arg)]))[0]! : [t];
      }
    }
    if (t.flags & TypeFlags.Union) {
      const [members] = yield* ask(() => (t as Sync.UnionType).getTypes());
      if (members.some((m) => m.flags & TypeFlags.Object && (m as Sync.ObjectType).objectFlags & ObjectFlags.Reference)) {
        const flat = (yield* results(members.map((m) => this.awaitedJob(m)))).flat();
        if (flat.length !== members.length || flat.some((m, i) => m.id !== members[i]!.id)) return flat;
      }
    }
    return [t];
  }

  /**
   * The name of a reference's target (Promise, Array, ...): one question per target, not per reference (the
   * API keeps a target once fetched, but the references of one round would all ask for it at once).
   */
  private targetNameJob(t: Sync.TypeReference): Job<string | undefined> {
    const target = (t as unknown as { target?: number }).target;
    return {
      key: target === undefined ? `n:${t.id}` : `n${target}`,
      run: function* () {
        const [type] = yield* ask(() => t.getTarget());
        const [symbol] = yield* ask(() => type.getSymbol());
        return symbol?.name;
      },
    };
  }

  private print(t: Sync.Type, flags: number): string {
    const key = t.id * 16 + flags;
    let s = this.texts.get(key);
    if (s === undefined) {
      s = normalizeTypeText(this.project.checker.typeToString(t, undefined, flags));
      this.texts.set(key, s);
    }
    return s;
  }

  private shapeJob(t: Sync.Type, depth: number): Job<string> {
    const d = Math.min(depth, 4);
    return { key: `s${t.id}:${d}`, run: () => this.computeShape(t, d) };
  }

  private *shapes(types: readonly Sync.Type[], depth: number): Gen<string[]> {
    return yield* results(types.map((u) => this.shapeJob(u, depth)));
  }

  /** jsTypes.ts typeShape, on TypeScript 7's API (keep the two in step): each question to the checker is a yield. */
  private *computeShape(t: Sync.Type, depth: number): Gen<string> {
    const checker = this.project.checker;
    const flat = () => ask(() => this.print(t, FLAT));
    if (depth > 3) return (yield* flat())[0];
    if (t.flags & TypeFlags.Union) return (yield* this.shapes((yield* ask(() => (t as Sync.UnionType).getTypes()))[0], depth + 1)).sort().join(' | ');
    if (t.flags & TypeFlags.Intersection) return (yield* this.shapes((yield* ask(() => (t as Sync.IntersectionType).getTypes()))[0], depth + 1)).sort().join(' & ');
    if (!(t.flags & TypeFlags.Object)) return (yield* flat())[0];
    const objectFlags = (t as Sync.ObjectType).objectFlags;
    // Arrays and tuples are type references, and object literals have no call signatures: those questions are
    // asked only when the answer can be yes.
    if (objectFlags & ObjectFlags.Reference) {
      const ref = t as Sync.TypeReference;
      if ((yield* ask(() => checker.isArrayType(ref)))[0]) {
        const [[el]] = yield* ask(() => checker.getTypeArguments(ref));
        return el ? `Array<${(yield* this.shapes([el], depth + 1))[0]}>` : (yield* flat())[0];
      }
      if ((yield* ask(() => checker.isTupleType(ref)))[0]) return `[${(yield* this.shapes((yield* ask(() => checker.getTypeArguments(ref)))[0], depth + 1)).join(', ')}]`;
    }
    if (!(objectFlags & ObjectFlags.ObjectLiteral) && (yield* ask(() => checker.getSignaturesOfType(t, SIGNATURE_CALL)))[0].length > 0) return (yield* flat())[0];
    const [props] = yield* ask(() => checker.getPropertiesOfType(t));
    if (props.length === 0 || props.length > 40) return (yield* flat())[0];
    const decl = props[0]!.valueDeclaration ?? props[0]!.declarations[0];
    // Library types (Date, Map, ...) are identified by name; expanding them would only add noise.
    if (decl && isCompilerLibFile(decl.path)) return (yield* flat())[0];
    const propTypes = yield* inBatch(this.symbolTypes, props);
    const typed = propTypes.flatMap((pt) => (pt ? [pt] : []));
    const shapes = yield* this.shapes(typed, depth + 1);
    let k = 0;
    const fields = props.map((p, i) => {
      const optional = p.flags & SymbolFlags.Optional ? '?' : '';
      return `${p.name}${optional}: ${propTypes[i] ? shapes[k++] : 'any'}`;
    });
    return `{ ${fields.sort().join('; ')} }`;
  }

  dispose(): void {
    try {
      this.snapshot.dispose();
    } finally {
      this.api.close();
    }
  }
}

const siteKey = (s: StepSite): string => `${s.start}:${s.end}:${s.file}`;

/** Where a call is looked for: its first token's offset and, when known, its end. */
interface CallSpan {
  start: number;
  end?: number;
}

/**
 * For each span, the call expression whose first token is at `start` and which ends at `end`; without `end`, the
 * outermost one starting there (`step.retry(...)`, not `step.retry`). One descent for all of a file's spans: each
 * node's children are scanned once, the spans shared out among them in order (a 2,000-line workflow body holds
 * hundreds of statements, and one descent per span scanned them again for each of its steps).
 */
export function callsAt(sf: Ast.SourceFile, spans: readonly CallSpan[]): Array<Ast.Node | undefined> {
  const out: Array<Ast.Node | undefined> = spans.map(() => undefined);
  const descend = (node: Ast.Node, ids: readonly number[]): void => {
    let open = ids;
    if (node.kind === CALL_EXPRESSION) {
      const start = node.getStart(sf);
      open = ids.filter((i) => {
        const span = spans[i]!;
        if (span.start !== start || (span.end !== undefined && span.end !== node.end)) return true;
        out[i] = node;
        return false;
      });
    }
    if (open.length === 0) return;
    let k = 0;
    node.forEachChild((child) => {
      while (k < open.length && spans[open[k]!]!.start < child.pos) k++;
      const from = k;
      while (k < open.length && spans[open[k]!]!.start < child.end) k++;
      if (k > from) descend(child, open.slice(from, k));
      return k === open.length ? true : undefined;
    });
  };
  descend(sf, spans.map((_, i) => i).sort((a, b) => spans[a]!.start - spans[b]!.start));
  return out;
}
