// Recognises awaitly's entry functions by symbol, not by name: an import rename, a re-export through a local
// module or a namespace import all resolve to the declaration inside node_modules/awaitly; a local function
// that happens to be called `run` or `createWorkflow` does not.
import type { MemberNameIndex } from './member-names';
import { nearestPackage, type NearestPackage } from './nearest-package';
import { ENTRY_EXPORTS, type EntryExport } from '../semantics/lines';
import { firstDeclaration, memberName, memberObject, resolvedSymbol, ts, unwrap, plainTs } from './ts-util';

// Plain copy of the ts namespace for value access (see plainTs in ts-util.ts).
const T = plainTs;

/** An entry export of either line (semantics/lines.ts), or a member of one: `durable.run`, `run.strict`. */
export type EntryName = EntryExport | 'durable.run' | 'run.strict';

const ENTRY_NAMES = ENTRY_EXPORTS;

/** Nearest package.json per folder, kept for the process: a declaration's package does not change under a session. */
const packages = new Map<string, NearestPackage | null>();

/**
 * A declaration of awaitly itself: under node_modules/awaitly (npm, pnpm's .pnpm/awaitly@x/node_modules/awaitly),
 * or in any folder whose package.json is named awaitly (an alias install such as `"awaitly-4": "npm:awaitly@4"`,
 * which TypeScript reaches through its real path).
 */
export function isAwaitlyFile(fileName: string): boolean {
  if (/\/node_modules\/awaitly\//.test(fileName) || /\/awaitly\/(dist|src)\//.test(fileName)) return true;
  return fileName.endsWith('.d.ts') && nearestPackage(fileName, packages)?.name === 'awaitly';
}

export class EntryResolver {
  private readonly cache = new Map<ts.Symbol, EntryName | null>();

  /** `names`: the program's declared names, for the pre-filter of member lookups (see mayResolveToDeclaration). */
  constructor(private readonly checker: ts.TypeChecker, private readonly names?: MemberNameIndex) {}

  /**
   * Can a member access `x.<name>` resolve to a variable declaration or parameter of a source file? Only if some
   * source file declares a variable or parameter with that name, or exports/imports-equals one under it (`export
   * { wf as name }`, `export default`). Asking the checker for the member's symbol types `x`, and typing an
   * `order.lines` inside a workflow callback means inferring the whole callback; this exact name test skips that
   * for `.map`, `.then`, `.filter` and the like unless some file declares such a name.
   */
  mayResolveToDeclaration(name: string): boolean {
    return !this.names || name === 'default' || this.names.declares('values', name);
  }

  /**
   * Can a member access `x.<name>` (or `x['<name>']`) resolve to what key evaluation reads: a const variable, an
   * enum member, a property of a const object literal, or a declaration annotated with a string literal type?
   * Same exact name test as mayResolveToDeclaration (`order.customerId` in a key would otherwise type the callback).
   */
  mayResolveToConstant(name: string): boolean {
    return !this.names || name === 'default' || this.names.declares('constants', name);
  }

  /** Which awaitly entry a callee expression refers to, if any. */
  entryOf(callee: ts.Expression): EntryName | undefined {
    const e = unwrap(callee);
    if (T.isIdentifier(e)) return this.fromSymbol(resolvedSymbol(this.checker, e)) ?? undefined;
    const name = memberName(e);
    const obj = memberObject(e);
    if (!name || !obj) return undefined;
    if (name === 'run' && this.entryOf(obj) === 'durable') return 'durable.run';
    if (name === 'strict' && this.entryOf(obj) === 'run') return 'run.strict';
    // Namespace imports (`aw.createWorkflow`): the property symbol is the export itself. Only asked when the object
    // is a module: resolving `wf.run` on a workflow object would make the checker infer createWorkflow's generics.
    if (T.isPropertyAccessExpression(e) && ENTRY_NAMES.has(name) && this.isModule(obj)) {
      const target = this.fromSymbol(resolvedSymbol(this.checker, e.name));
      if (target) return target;
    }
    return undefined;
  }

  private isModule(expr: ts.Expression): boolean {
    const e = unwrap(expr);
    if (!T.isIdentifier(e)) return T.isPropertyAccessExpression(e) && this.isModule(e.expression);
    const sym = resolvedSymbol(this.checker, e);
    return !!sym && (sym.flags & (T.SymbolFlags.ValueModule | T.SymbolFlags.NamespaceModule)) !== 0;
  }

  private fromSymbol(sym: ts.Symbol | undefined): EntryName | null | undefined {
    if (!sym) return undefined;
    const hit = this.cache.get(sym);
    if (hit !== undefined) return hit;
    let result: EntryName | null = null;
    const decl = firstDeclaration(sym);
    if (decl && ENTRY_NAMES.has(sym.name) && isAwaitlyFile(decl.getSourceFile().fileName)) {
      result = sym.name as EntryName;
      // awaitly/retry exports an unrelated run(schedule): only the workflow run takes a callback.
      if (result === 'run' && !(sym.declarations ?? []).some(isWorkflowRunDeclaration)) result = null;
    }
    this.cache.set(sym, result);
    return result;
  }
}

function isWorkflowRunDeclaration(d: ts.Declaration): boolean {
  // 4.x: `declare const run: typeof runFn & { strict: … }` (built with Object.assign); 1.35: overloaded functions.
  if (T.isVariableDeclaration(d)) return !!d.type && /\bstrict\s*:/.test(d.type.getText());
  if (!T.isFunctionDeclaration(d)) return false;
  const first = d.parameters[0];
  return !!first && T.isIdentifier(first.name) && (first.name.text === 'fn' || first.name.text === 'deps' || first.name.text === 'operation');
}

/** Cheap text test before any symbol work: does this file possibly define or run a workflow? */
export function mayContainWorkflows(text: string): boolean {
  return text.includes('awaitly') || /\.(run|runWithState)\s*[(<]/.test(text) || /\b\w+\s*\(\s*async\b/.test(text);
}
