// Finds workflow run sites in one source file: the callback whose `step` we follow, the entry form, and the
// definition (createWorkflow call, durable.run, run) that gives the workflow its name.
import type { EntryResolver } from './entry-points';
import type { WorkflowEntry } from './types';
import { firstDeclaration, isFunctionLike, memberName, memberObject, resolvedSymbol, ts, unwrap } from './ts-util';

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
  if (ts.isCallExpression(e)) {
    const entry = entries.entryOf(e.expression);
    if (entry === 'createWorkflow' || entry === 'createSagaWorkflow') return { entry, call: e };
    const obj = memberObject(e.expression);
    if (memberName(e.expression) === 'withDeps' && obj) return resolveWorkflowDef(obj, entries, checker, files, depth + 1);
    return undefined;
  }
  if (ts.isIdentifier(e) || ts.isPropertyAccessExpression(e)) {
    const sym = resolvedSymbol(checker, ts.isPropertyAccessExpression(e) ? e.name : e);
    const decl = firstDeclaration(sym);
    if (decl && ts.isVariableDeclaration(decl) && decl.initializer && !decl.getSourceFile().isDeclarationFile) {
      files.add(decl.getSourceFile().fileName);
      const def = resolveWorkflowDef(decl.initializer, entries, checker, files, depth + 1);
      if (def && !def.variable && ts.isIdentifier(decl.name)) def.variable = decl.name.text;
      return def;
    }
    // A parameter that receives the workflow: `(wf: Runner = checkoutWorkflow)` or `(wf: Pick<typeof checkoutWorkflow, 'run'>)`.
    if (decl && ts.isParameter(decl) && !decl.getSourceFile().isDeclarationFile) {
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
    if (ts.isTypeQueryNode(n) && ts.isIdentifier(n.exprName)) {
      found = n.exprName;
      return;
    }
    if (ts.isTypeReferenceNode(n) && ts.isIdentifier(n.typeName)) {
      const alias = firstDeclaration(resolvedSymbol(checker, n.typeName));
      if (alias && ts.isTypeAliasDeclaration(alias) && !alias.getSourceFile().isDeclarationFile) {
        files.add(alias.getSourceFile().fileName);
        found = typeQueryOf(alias.type, checker, files, depth + 1);
        if (found) return;
      }
    }
    ts.forEachChild(n, visit);
  };
  visit(type);
  return found;
}

/** The function a callback argument denotes: inline, or a named function declared elsewhere. */
export function resolveCallback(arg: ts.Expression | undefined, checker: ts.TypeChecker, files: Set<string>): RawWorkflow['callback'] | undefined {
  if (!arg) return undefined;
  const e = unwrap(arg);
  if (ts.isArrowFunction(e) || ts.isFunctionExpression(e)) return e;
  if (ts.isIdentifier(e) || ts.isPropertyAccessExpression(e)) {
    const decl = firstDeclaration(resolvedSymbol(checker, ts.isPropertyAccessExpression(e) ? e.name : e));
    if (!decl || decl.getSourceFile().isDeclarationFile) return undefined;
    files.add(decl.getSourceFile().fileName);
    if (isFunctionLike(decl) && (decl as ts.FunctionLikeDeclaration).body) return decl as RawWorkflow['callback'];
    if (ts.isVariableDeclaration(decl) && decl.initializer) {
      const init = unwrap(decl.initializer);
      if (ts.isArrowFunction(init) || ts.isFunctionExpression(init)) return init;
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
  if (ts.isStringLiteralLike(u) || ts.isTemplateExpression(u)) return true;
  if (ts.isObjectLiteralExpression(u)) return false;
  return (checker.getTypeAtLocation(first).flags & ts.TypeFlags.StringLike) !== 0;
}

function optionsName(options: ts.Expression | undefined, prop: string): ts.Expression | undefined {
  const o = options && unwrap(options);
  if (!o || !ts.isObjectLiteralExpression(o)) return undefined;
  for (const p of o.properties) {
    if (ts.isPropertyAssignment(p) && p.name.getText() === prop) return p.initializer;
  }
  return undefined;
}

function variableOf(call: ts.Node): string | undefined {
  let n = call.parent;
  while (n && (ts.isAwaitExpression(n) || ts.isParenthesizedExpression(n))) n = n.parent;
  return n && ts.isVariableDeclaration(n) && ts.isIdentifier(n.name) ? n.name.text : undefined;
}

/** One pass over a file's call expressions. */
export function findWorkflows(sf: ts.SourceFile, entries: EntryResolver, checker: ts.TypeChecker, files: Set<string>): RawWorkflow[] {
  const found: RawWorkflow[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isCallExpression(node)) {
      const w = classify(node, entries, checker, files);
      if (w) found.push(w);
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return found;
}

function classify(call: ts.CallExpression, entries: EntryResolver, checker: ts.TypeChecker, files: Set<string>): RawWorkflow | undefined {
  const callee = unwrap(call.expression);
  const args = call.arguments;
  const method = memberName(callee);

  // wf.run(...) / wf.runWithState(...) on a createWorkflow / createSagaWorkflow object.
  if ((method === 'run' || method === 'runWithState') && ts.isPropertyAccessExpression(callee)) {
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
  if ((ts.isIdentifier(callee) || ts.isPropertyAccessExpression(callee)) && args.length >= 1 && !entry) {
    const fn = unwrap(args[0]!);
    if ((ts.isArrowFunction(fn) || ts.isFunctionExpression(fn)) && fn.parameters.length >= 1) {
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
