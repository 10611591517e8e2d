// The typed engine on TypeScript 7's native checker (`typescript-native`, the pinned typescript@7.0.2, through
// its unstable synchronous API). It asks only for what the hash needs: the step calls' types in one batched
// request per file, and the few strings the shapes print. Types are interned by the checker, so shapes are
// memoised by type id (a project's steps return the same few types many times).
import { createRequire } from 'node:module';
import type * as Sync from 'typescript-native/unstable/sync';
import type * as Ast from 'typescript-native/unstable/ast';
import { isCompilerLibFile, normalizeTypeText } from '../hash/type-text';
import { NO_TYPE, type ResultType, type StepSite, type TypedEngine } from './engine';

/** The package alias the native compiler is installed under (package.json pins typescript@7.0.2). */
export const NATIVE_PACKAGE = 'typescript-native';

interface NativeModules {
  sync: typeof Sync;
  version: string;
}

/** Loads the native compiler's API, or says why it cannot (not installed, no binary for this platform). */
export function loadNative(): NativeModules | { error: string } {
  try {
    const req = createRequire(__filename);
    const sync = req(`${NATIVE_PACKAGE}/unstable/sync`) as typeof Sync;
    const version = (req(`${NATIVE_PACKAGE}/package.json`) as { version: string }).version;
    return { sync, version };
  } catch (error) {
    return { error: `${NATIVE_PACKAGE} (TypeScript 7) could not be loaded: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}` };
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
}

export class NativeEngine implements TypedEngine {
  readonly name = 'native' as const;
  readonly compiler: string;
  private readonly api: Sync.API;
  private snapshot: Sync.Snapshot;
  private project: Sync.Project;
  /** Where resultTypes spent its time (ms), for the bench's profile: AST decoding, the checker, printing shapes. */
  readonly timings = { decode: 0, check: 0, shapes: 0 };
  private shapes = new Map<number, string>();
  private awaited = new Map<number, Sync.Type[]>();
  private texts = new Map<number, string>();

  constructor(native: NativeModules, private readonly options: NativeEngineOptions) {
    this.compiler = `TypeScript ${native.version} (native)`;
    const overlay = options.overlay;
    this.api = new native.sync.API({
      cwd: options.tsconfig.slice(0, options.tsconfig.lastIndexOf('/')) || '/',
      ...(overlay ? { fs: { readFile: (f: string) => overlay.get(f), fileExists: (f: string) => (overlay.has(f) ? overlay.get(f) !== null : undefined) } } : {}),
    });
    this.snapshot = this.api.updateSnapshot({ openProject: options.tsconfig });
    this.project = this.projectOf(this.snapshot);
  }

  private projectOf(snapshot: Sync.Snapshot): Sync.Project {
    const project = snapshot.getProject(this.options.tsconfig) ?? snapshot.getProjects()[0];
    if (!project) throw new Error(`TypeScript 7 did not open ${this.options.tsconfig}`);
    return project;
  }

  /** Files changed on disk or in the overlay: a new snapshot (the checker re-checks what depends on them). */
  changed(files: readonly string[]): void {
    const next = this.api.updateSnapshot({ fileChanges: { changed: [...files] } });
    this.snapshot.dispose();
    this.snapshot = next;
    this.project = this.projectOf(next);
    this.shapes = new Map();
    this.texts = new Map();
    this.awaited = new Map();
  }

  resultTypes(sites: readonly StepSite[]): ResultType[] {
    const out: ResultType[] = sites.map(() => NO_TYPE);
    const byFile = new Map<string, number[]>();
    sites.forEach((s, i) => (byFile.get(s.file) ?? byFile.set(s.file, []).get(s.file)!).push(i));
    const nodes: Ast.Node[] = [];
    const slots: number[] = [];
    const t0 = performance.now();
    for (const [file, indexes] of byFile) {
      const sf = this.project.program.getSourceFile(file);
      if (!sf) continue;
      for (const i of indexes) {
        const node = callAt(sf, sites[i]!.start, sites[i]!.end);
        if (node) {
          nodes.push(node);
          slots.push(i);
        }
      }
    }
    const t1 = performance.now();
    this.timings.decode += t1 - t0;
    if (nodes.length === 0) return out;
    const checker = this.project.checker;
    const types = checker.getTypeAtLocation(nodes);
    const t2 = performance.now();
    this.timings.check += t2 - t1;
    types.forEach((t, k) => {
      if (!t) return;
      const awaited = this.awaitedMembers(t);
      const display = this.options.display === false ? '' : awaited.length === 1 ? this.print(awaited[0]!, NO_TRUNCATION) : normalizeTypeText(awaited.map((a) => this.print(a, NO_TRUNCATION)).join(' | '));
      const shape = awaited.length === 1 ? this.shape(awaited[0]!, 0) : awaited.map((a) => this.shape(a, 1)).sort().join(' | ');
      out[slots[k]!] = { display, shape };
    });
    this.timings.shapes += performance.now() - t2;
    return out;
  }

  /**
   * The awaited type, as members: TypeScript 7's API has no getAwaitedType, so a Promise<T> / PromiseLike<T>
   * reference is unwrapped to T (recursively, per union member), which is what awaiting it gives.
   */
  private awaitedMembers(t: Sync.Type): Sync.Type[] {
    let hit = this.awaited.get(t.id);
    if (!hit) {
      hit = this.computeAwaited(t);
      this.awaited.set(t.id, hit);
    }
    return hit;
  }

  private computeAwaited(t: Sync.Type): Sync.Type[] {
    if (t.flags & TypeFlags.Object && (t as Sync.ObjectType).objectFlags & ObjectFlags.Reference) {
      const name = (t as Sync.TypeReference).getTarget().getSymbol()?.name;
      if (name === 'Promise' || name === 'PromiseLike') {
        const [arg] = this.project.checker.getTypeArguments(t as Sync.TypeReference);
        return arg ? this.awaitedMembers(arg) : [t];
      }
    }
    if (t.flags & TypeFlags.Union) {
      const members = (t as Sync.UnionType).getTypes();
      if (members.some((m) => m.flags & TypeFlags.Object && (m as Sync.ObjectType).objectFlags & ObjectFlags.Reference)) {
        const flat = members.flatMap((m) => this.awaitedMembers(m));
        if (flat.length !== members.length || flat.some((m, i) => m.id !== members[i]!.id)) return flat;
      }
    }
    return [t];
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

  /** jsEngine.ts typeShape, on TypeScript 7's API (keep the two in step). */
  private shape(t: Sync.Type, depth: number): string {
    const key = t.id * 8 + Math.min(depth, 4);
    const hit = this.shapes.get(key);
    if (hit !== undefined) return hit;
    const s = this.computeShape(t, depth);
    this.shapes.set(key, s);
    return s;
  }

  private computeShape(t: Sync.Type, depth: number): string {
    const checker = this.project.checker;
    const flat = () => this.print(t, FLAT);
    if (depth > 3) return flat();
    if (t.flags & TypeFlags.Union) return (t as Sync.UnionType).getTypes().map((u) => this.shape(u, depth + 1)).sort().join(' | ');
    if (t.flags & TypeFlags.Intersection) return (t as Sync.IntersectionType).getTypes().map((u) => this.shape(u, depth + 1)).sort().join(' & ');
    if (!(t.flags & TypeFlags.Object)) return flat();
    const objectFlags = (t as Sync.ObjectType).objectFlags;
    // Arrays and tuples are type references, and object literals have no call signatures: those questions are
    // asked over IPC only when the answer can be yes (each is a round trip to the Go process).
    if (objectFlags & ObjectFlags.Reference) {
      if (checker.isArrayType(t)) {
        const [el] = checker.getTypeArguments(t as Sync.TypeReference);
        return el ? `Array<${this.shape(el, depth + 1)}>` : flat();
      }
      if (checker.isTupleType(t)) return `[${checker.getTypeArguments(t as Sync.TypeReference).map((a) => this.shape(a, depth + 1)).join(', ')}]`;
    }
    if (!(objectFlags & ObjectFlags.ObjectLiteral) && checker.getSignaturesOfType(t, SIGNATURE_CALL).length > 0) return flat();
    const props = checker.getPropertiesOfType(t);
    if (props.length === 0 || props.length > 40) return flat();
    const decl = props[0]!.valueDeclaration ?? props[0]!.declarations[0];
    // Library types (Date, Map, ...) are identified by name; expanding them would only add noise.
    if (decl && isCompilerLibFile(decl.path)) return flat();
    const propTypes = checker.getTypeOfSymbol(props);
    const fields = props.map((p, i) => {
      const optional = p.flags & SymbolFlags.Optional ? '?' : '';
      const pt = propTypes[i];
      return `${p.name}${optional}: ${pt ? this.shape(pt, depth + 1) : 'any'}`;
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

/** The call expression spanning exactly [start, end): descend only into the child that holds the span. */
function callAt(sf: Ast.SourceFile, start: number, end: number): Ast.Node | undefined {
  let node: Ast.Node = sf;
  for (;;) {
    if (node.kind === CALL_EXPRESSION && node.end === end && node.getStart(sf) === start) return node;
    let next: Ast.Node | undefined;
    node.forEachChild((c) => {
      if (c.pos <= start && c.end >= end) {
        next = c;
        return true;
      }
      return undefined;
    });
    if (!next) return undefined;
    node = next;
  }
}
