// Finds workflow run sites in one source file: the callback whose `step` we follow, the entry form, and the
// definition (createWorkflow call, durable.run, run) that gives the workflow its name.
import type { EntryResolver } from './entry-points';
import type { WorkflowEntry } from './types';
import { firstDeclaration, isFunctionLike, memberName, memberObject, resolvedSymbol, ts, unwrap, plainTs } from './ts-util';

// Plain copy of the ts namespace for value access (see plainTs in ts-util.ts).
const T = plainTs;

export type CallbackShape =
  /** ({ step, steps, deps, ctx }) — createWorkflow, durable.run, run(fn), runSaga */
  | 'object'
  /** (steps, { step }) — run(deps, fn) */
  | 'deps-positional'
  /** (step, deps) — the persistence guide's callable form */
  | 'step-positional';

export interface RawWorkflow {
  entry: WorkflowEntry;
  invocation: string;
  callback: ts.ArrowFunction | ts.FunctionExpression | ts.FunctionDeclaration | ts.MethodDeclaration;
  shape: CallbackShape;
  /** The call that runs the workflow (wf.run(...), durable.run(...)). */
  site: ts.CallExpression;
  /** createWorkflow(...) / durable.run(...) / run(...) call. */
  definition: ts.CallExpression;
  /** Expression holding the runtime name (createWorkflow name, durable id, run workflowName). */
  nameExpr?: ts.Expression;
  variable?: string;
  /** The definition was createWorkflow(deps, ...) without a name. */
  unnamed?: boolean;
}

interface WorkflowDef {
  entry: 'createWorkflow' | 'createSagaWorkflow';
  call: ts.CallExpression;
  variable?: string;
}

/** Resolves an expression to the createWorkflow(...) call that produced it (through variables, imports, withDeps). */
export function resolveWorkflowDef(expr: ts.Expression, entries: EntryResolver, checker: ts.TypeChecker, files: Set<string>, depth = 0): WorkflowDef | undefined {
  if (depth > 6) return undefined;
  const e = unwrap(expr);
  if (T.isCallExpression(e)) {
    const entry = entries.entryOf(e.expression);
    if (entry === 'createWorkflow' || entry === 'createSagaWorkflow') return { entry, call: e };
    const obj = memberObject(e.expression);
    if (memberName(e.expression) === 'withDeps' && obj) return resolveWorkflowDef(obj, entries, checker, files, depth + 1);
    return undefined;
  }
  if (T.isIdentifier(e) || T.isPropertyAccessExpression(e)) {
    // Only variable declarations and parameters lead anywhere below; skip member lookups that cannot reach one.
    if (T.isPropertyAccessExpression(e) && !entries.mayResolveToDeclaration(e.name.text)) return undefined;
    const sym = resolvedSymbol(checker, T.isPropertyAccessExpression(e) ? e.name : e);
    const decl = firstDeclaration(sym);
    if (decl && T.isVariableDeclaration(decl) && decl.initializer && !decl.getSourceFile().isDeclarationFile) {
      files.add(decl.getSourceFile().fileName);
      const def = resolveWorkflowDef(decl.initializer, entries, checker, files, depth + 1);
      if (def && !def.variable && T.isIdentifier(decl.name)) def.variable = decl.name.text;
      return def;
    }
    // A parameter that receives the workflow: `(wf: Runner = checkoutWorkflow)` or `(wf: Pick<typeof checkoutWorkflow, 'run'>)`.
    if (decl && T.isParameter(decl) && !decl.getSourceFile().isDeclarationFile) {
      files.add(decl.getSourceFile().fileName);
      if (decl.initializer) return resolveWorkflowDef(decl.initializer, entries, checker, files, depth + 1);
      const query = typeQueryOf(decl.type, checker, files, depth);
      if (query) return resolveWorkflowDef(query, entries, checker, files, depth + 1);
    }
  }
  return undefined;
}

/**
 * The `typeof x` a parameter's type is built from (`typeof wf`, `Pick<typeof wf, 'run'>`), following one local
 * type alias (`type Runner = Pick<typeof wf, 'run'>`).
 */
function typeQueryOf(type: ts.TypeNode | undefined, checker: ts.TypeChecker, files: Set<string>, depth: number): ts.Identifier | undefined {
  if (!type || depth > 6) return undefined;
  let found: ts.Identifier | undefined;
  const visit = (n: ts.Node): void => {
    if (found) return;
    if (T.isTypeQueryNode(n) && T.isIdentifier(n.exprName)) {
      found = n.exprName;
      return;
    }
    if (T.isTypeReferenceNode(n) && T.isIdentifier(n.typeName)) {
      const alias = firstDeclaration(resolvedSymbol(checker, n.typeName));
      if (alias && T.isTypeAliasDeclaration(alias) && !alias.getSourceFile().isDeclarationFile) {
        files.add(alias.getSourceFile().fileName);
        found = typeQueryOf(alias.type, checker, files, depth + 1);
        if (found) return;
      }
    }
    T.forEachChild(n, visit);
  };
  visit(type);
  return found;
}

/** The function a callback argument denotes: inline, or a named function declared elsewhere. */
export function resolveCallback(arg: ts.Expression | undefined, checker: ts.TypeChecker, files: Set<string>): RawWorkflow['callback'] | undefined {
  if (!arg) return undefined;
  const e = unwrap(arg);
  if (T.isArrowFunction(e) || T.isFunctionExpression(e)) return e;
  if (T.isIdentifier(e) || T.isPropertyAccessExpression(e)) {
    const decl = firstDeclaration(resolvedSymbol(checker, T.isPropertyAccessExpression(e) ? e.name : e));
    if (!decl || decl.getSourceFile().isDeclarationFile) return undefined;
    files.add(decl.getSourceFile().fileName);
    if (isFunctionLike(decl) && (decl as ts.FunctionLikeDeclaration).body) return decl as RawWorkflow['callback'];
    if (T.isVariableDeclaration(decl) && decl.initializer) {
      const init = unwrap(decl.initializer);
      if (T.isArrowFunction(init) || T.isFunctionExpression(init)) return init;
    }
  }
  return undefined;
}

function isFunctionArg(arg: ts.Expression | undefined, checker: ts.TypeChecker, files: Set<string>): boolean {
  return !!resolveCallback(arg, checker, files);
}

/** createWorkflow's first argument is a name (1.35, 4.x) or a deps object (4.x unnamed form). */
function isNameArgument(first: ts.Expression | undefined, checker: ts.TypeChecker): boolean {
  if (!first) return false;
  const u = unwrap(first);
  if (T.isStringLiteralLike(u) || T.isTemplateExpression(u)) return true;
  if (T.isObjectLiteralExpression(u)) return false;
  return (checker.getTypeAtLocation(first).flags & T.TypeFlags.StringLike) !== 0;
}

function optionsName(options: ts.Expression | undefined, prop: string): ts.Expression | undefined {
  const o = options && unwrap(options);
  if (!o || !T.isObjectLiteralExpression(o)) return undefined;
  for (const p of o.properties) {
    if (T.isPropertyAssignment(p) && p.name.getText() === prop) return p.initializer;
  }
  return undefined;
}

function variableOf(call: ts.Node): string | undefined {
  let n = call.parent;
  while (n && (T.isAwaitExpression(n) || T.isParenthesizedExpression(n))) n = n.parent;
  return n && T.isVariableDeclaration(n) && T.isIdentifier(n.name) ? n.name.text : undefined;
}

/** One pass over a file's call expressions. */
export function findWorkflows(sf: ts.SourceFile, entries: EntryResolver, checker: ts.TypeChecker, files: Set<string>): RawWorkflow[] {
  const found: RawWorkflow[] = [];
  const imports = importedNames(sf);
  // Instead of visiting every node (a 2,000-line workflow has ~30k), find the few places in the text where a
  // workflow call can start and descend to the calls there.
  const seen = new Set<ts.CallExpression>();
  for (const offset of candidateOffsets(sf.text, imports)) {
    for (const call of callsAt(sf, offset)) {
      if (seen.has(call) || !mayBeWorkflowCall(call, imports)) continue;
      seen.add(call);
      const w = classify(call, entries, checker, files);
      if (w) found.push(w);
    }
  }
  // Source order, outer call first (the order a pre-order walk gives): workflow ids number repeats in this order.
  return found.sort((a, b) => a.site.pos - b.site.pos || b.site.end - a.site.end);
}

/** Offsets of the `(` or `<` right after a callee that may start a workflow call. Strings and comments may add a few. */
function candidateOffsets(text: string, imports: Map<string, [string, string]>): number[] {
  const out: number[] = [];
  // `atStart`: the match begins at the offset (else it ends there).
  const collect = (re: RegExp, atStart = false) => {
    for (const m of text.matchAll(re)) out.push(atStart ? m.index! : m.index! + m[0].length - 1);
  };
  collect(/\.\s*(?:run|runWithState|createWorkflow|createSagaWorkflow|runSaga|durable)\s*[(<]/g);
  collect(/\[\s*(['"`])(?:run|runWithState)\1\s*\]\s*[(<]/g);
  // A callback as first argument: run(fn), runSaga(fn), the callable form workflow(async (step, deps) => ...).
  collect(/\(\s*(?:async\b\s*)?(?:function\b|\(|[A-Za-z_$][\w$]*\s*=>)/g, true);
  const names = [...imports.keys()].filter((n) => {
    const [from, name] = imports.get(n)!;
    return !(from === 'awaitly' || from.startsWith('awaitly/')) || ENTRY_EXPORTS.has(name);
  });
  if (names.length) collect(new RegExp(`(?<![\\w$.])(?:${names.map((n) => n.replace(/\$/g, '\\$')).join('|')})\\s*[(<]`, 'g'));
  return out;
}

/** The call expressions whose callee ends before `offset` and whose arguments start after it. */
function callsAt(sf: ts.SourceFile, offset: number): ts.CallExpression[] {
  const out: ts.CallExpression[] = [];
  let node: ts.Node = sf;
  for (;;) {
    let next: ts.Node | undefined;
    T.forEachChild(node, (c) => {
      if (c.pos <= offset && offset < c.end) {
        next = c;
        return true;
      }
      return undefined;
    });
    if (!next) return out;
    node = next;
    if (T.isCallExpression(node) && node.expression.end <= offset && offset < node.arguments.pos) out.push(node);
  }
}

const ENTRY_EXPORTS = new Set(['createWorkflow', 'createSagaWorkflow', 'run', 'runSaga', 'durable']);

/** Local name → [module, exported name] of a file's imports (`*` for namespace imports, `default`). */
function importedNames(sf: ts.SourceFile): Map<string, [string, string]> {
  const out = new Map<string, [string, string]>();
  for (const st of sf.statements) {
    if (T.isImportDeclaration(st) && T.isStringLiteral(st.moduleSpecifier) && st.importClause) {
      const from = st.moduleSpecifier.text;
      const c = st.importClause;
      if (c.name) out.set(c.name.text, [from, 'default']);
      const nb = c.namedBindings;
      if (nb && T.isNamespaceImport(nb)) out.set(nb.name.text, [from, '*']);
      else if (nb) for (const el of nb.elements) out.set(el.name.text, [from, (el.propertyName ?? el.name).text]);
    } else if (T.isImportEqualsDeclaration(st)) {
      out.set(st.name.text, ['', '*']);
    }
  }
  return out;
}

/**
 * Cheap syntactic test before any symbol lookup: only `x.run(…)` / `x.runWithState(…)`, imported names that can be
 * awaitly entries (or come from a module that may re-export one), `ns.createWorkflow(…)`-style members, and
 * calls with a callback first argument (the callable form) can be workflow sites. A 2,000-line workflow has
 * a thousand step and ok() calls; none of them needs the checker here.
 */
function mayBeWorkflowCall(call: ts.CallExpression, imports: Map<string, [string, string]>): boolean {
  const callee = unwrap(call.expression);
  const first = call.arguments[0] && unwrap(call.arguments[0]);
  if (first && (T.isArrowFunction(first) || T.isFunctionExpression(first)) && first.parameters.length >= 1) return true;
  if (T.isIdentifier(callee)) {
    const imp = imports.get(callee.text);
    if (!imp) return false;
    const [from, name] = imp;
    return !(from === 'awaitly' || from.startsWith('awaitly/')) || ENTRY_EXPORTS.has(name);
  }
  const method = memberName(callee);
  return method === 'run' || method === 'runWithState' || (method !== undefined && ENTRY_EXPORTS.has(method));
}

function classify(call: ts.CallExpression, entries: EntryResolver, checker: ts.TypeChecker, files: Set<string>): RawWorkflow | undefined {
  const callee = unwrap(call.expression);
  const args = call.arguments;
  const method = memberName(callee);

  // wf.run(...) / wf.runWithState(...) on a createWorkflow / createSagaWorkflow object.
  if ((method === 'run' || method === 'runWithState') && T.isPropertyAccessExpression(callee)) {
    const entry = entries.entryOf(callee);
    if (entry === 'durable.run') {
      const callback = resolveCallback(args[1], checker, files);
      if (!callback) return undefined;
      return { entry: 'durable.run', invocation: 'durable.run', callback, shape: 'object', site: call, definition: call,
        nameExpr: optionsName(args[2], 'id') };
    }
    const def = resolveWorkflowDef(callee.expression, entries, checker, files);
    if (def) {
      // run(fn) | run(fn, config) | run(name, fn) | run(name, fn, config)
      const fnArg = isFunctionArg(args[0], checker, files) ? args[0] : args[1];
      const callback = resolveCallback(fnArg, checker, files);
      if (!callback) return undefined;
      const first = def.call.arguments[0];
      const named = isNameArgument(first, checker);
      return { entry: def.entry, invocation: method, callback, shape: 'object', site: call, definition: def.call,
        nameExpr: named ? first : undefined, variable: def.variable, unnamed: !named };
    }
  }

  const entry = entries.entryOf(callee);
  if (entry === 'run') {
    // run(fn, options?) or run(deps, fn, options?)
    if (isFunctionArg(args[0], checker, files)) {
      const callback = resolveCallback(args[0], checker, files)!;
      return { entry: 'run', invocation: 'run', callback, shape: 'object', site: call, definition: call,
        nameExpr: optionsName(args[1], 'workflowName'), variable: variableOf(call) };
    }
    const callback = resolveCallback(args[1], checker, files);
    if (!callback) return undefined;
    return { entry: 'run-deps', invocation: 'run', callback, shape: 'deps-positional', site: call, definition: call,
      nameExpr: optionsName(args[2], 'workflowName'), variable: variableOf(call) };
  }
  if (entry === 'runSaga') {
    const callback = resolveCallback(args[0], checker, files);
    if (!callback) return undefined;
    return { entry: 'runSaga', invocation: 'runSaga', callback, shape: 'object', site: call, definition: call, variable: variableOf(call) };
  }

  // The persistence guide's callable form: workflow(async (step, deps) => ...). Not callable in 1.35/4.x,
  // but old code still has it, so its steps are analysed.
  if ((T.isIdentifier(callee) || T.isPropertyAccessExpression(callee)) && args.length >= 1 && !entry) {
    const fn = unwrap(args[0]!);
    if ((T.isArrowFunction(fn) || T.isFunctionExpression(fn)) && fn.parameters.length >= 1) {
      const def = resolveWorkflowDef(callee, entries, checker, files);
      if (def) {
        const first = def.call.arguments[0];
        const named = isNameArgument(first, checker);
        return { entry: 'callable', invocation: 'call', callback: fn, shape: 'step-positional', site: call, definition: def.call,
          nameExpr: named ? first : undefined, variable: def.variable, unnamed: !named };
      }
    }
  }
  return undefined;
}
