// Walks a workflow callback (and the helpers it hands `step` to) in source order, keeping the stack of
// enclosing loops, branches and parallel groups. Emits raw step calls; step-info.ts turns them into StepInfo.
import type { ControlFrame } from './types';
import { Bindings, carriesSteps, type Role } from './bindings';
import { MARKER_METHODS, STEP_METHODS, PLAIN_STEP, BOUND_STEP, type KindSpec } from './step-kinds';
import { firstDeclaration, isInNodeModules, memberName, memberObject, nodeRange, resolvedSymbol, ts, unwrap, findProperty, propertyValue, plainTs } from './ts-util';

// Plain copy of the ts namespace for value access (see plainTs in ts-util.ts).
const T = plainTs;

export interface RawFrame {
  frame: ControlFrame;
  node: ts.Node;
}

export interface RawStep {
  call: ts.CallExpression;
  spec: KindSpec;
  method: string;
  frames: RawFrame[];
  /** Helper calls from the workflow callback to this step, outermost first, with the helper each call enters. */
  via: Array<{ function: string; call: ts.CallExpression; helper: ts.FunctionLikeDeclaration }>;
  /** The bindings at the call (which symbols are step, ctx, ...), for key evaluation. */
  bindings: Bindings;
  /** True when ctx.workflowId is a fresh UUID per run: the run was started without a name (or by durable.run). */
  freshRunId: boolean;
  /** Called through the uncached core step of a step.forEach item handler: recorded, never restored. */
  core?: boolean;
}

const ITERATION_METHODS = new Set(['map', 'forEach', 'flatMap', 'filter', 'reduce', 'reduceRight', 'some', 'every', 'find', 'findIndex', 'findLast', 'findLastIndex']);
const PROMISE_GROUPS = new Set(['all', 'allSettled', 'race', 'any']);
const MAX_HELPER_EXPANSIONS = 200;

export interface WalkResult {
  steps: RawStep[];
  files: Set<string>;
}

/**
 * Told about each statement of a block body in turn (step-reuse.ts): `skip` may leave one out (its steps are taken
 * from the analysis before); `walked` gives the steps a walked one added (steps[from, to)) and whether its walk
 * reached nothing else (no binding made, no helper entered).
 */
export interface StatementHook {
  skip(statement: ts.Statement): boolean;
  walked(statement: ts.Statement, from: number, to: number, clean: boolean): void;
}

export function walkCallback(
  callback: ts.SignatureDeclaration & { body?: ts.Node },
  shape: 'object' | 'deps-positional' | 'step-positional',
  checker: ts.TypeChecker,
  statements?: StatementHook,
): WalkResult {
  const steps: RawStep[] = [];
  const files = new Set<string>([callback.getSourceFile().fileName]);
  const freshRunId = runIdIsFresh(callback, checker);
  const root = new Bindings(checker);
  const params = callback.parameters;
  if (shape === 'object' && params[0]) root.bindName(params[0].name, Bindings.contextRoles());
  if (shape === 'deps-positional') {
    if (params[0]) root.bindName(params[0].name, 'bound');
    if (params[1]) root.bindName(params[1].name, Bindings.contextRoles());
  }
  if (shape === 'step-positional' && params[0]) root.bindName(params[0].name, 'step');

  // Everything the walk records starts at an identifier whose text is one of the bindings' names (roleOf
  // ignores any other), so a subtree whose text never spells one of those names holds no step, alias or
  // helper call to follow, and is skipped. The offsets where a name occurs are found in the file text
  // (strings and comments may add a few, which only costs a descent).
  // The file being walked: the callback's, or a helper's while its body is walked.
  let currentFile = callback.getSourceFile();
  const offsetsByKey = new Map<string, number[] | null>();
  const lastOffsets = new WeakMap<Bindings, { size: number; file: ts.SourceFile; offsets: number[] | null }>();
  const mentionsTracked = (node: ts.Node, b: Bindings): boolean => {
    let last = lastOffsets.get(b);
    if (!last || last.size !== b.names.size || last.file !== currentFile) {
      const key = `${currentFile.fileName}\0${[...b.names].sort().join(',')}`;
      let found = offsetsByKey.get(key);
      if (found === undefined) {
        found = nameOffsets(currentFile.text, b.names);
        offsetsByKey.set(key, found);
      }
      last = { size: b.names.size, file: currentFile, offsets: found };
      lastOffsets.set(b, last);
    }
    const offsets = last.offsets;
    if (offsets === null) return true;
    // First offset >= node.pos; the node mentions a name if that offset is inside it.
    let lo = 0;
    let hi = offsets.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (offsets[mid]! < node.pos) lo = mid + 1;
      else hi = mid;
    }
    return lo < offsets.length && offsets[lo]! < node.end;
  };

  let expansions = 0;
  const activeHelpers: ts.Node[] = [];

  const frame = (kind: ControlFrame['kind'], detail: string, node: ts.Node, arm?: string): RawFrame => ({
    node,
    frame: { kind, detail, ...(arm !== undefined ? { arm } : {}), nodeId: `${node.getSourceFile().fileName}:${node.getStart()}`, file: node.getSourceFile().fileName, range: nodeRange(node) },
  });

  // T.forEachChild needs a callback; one shared callback reading the current context avoids allocating a
  // closure per node (the walk visits every node of every workflow callback).
  let curFrames: RawFrame[] = [];
  let curBindings = root;
  let curVia: RawStep['via'] = [];
  const walkChild = (c: ts.Node): void => walk(c, curFrames, curBindings, curVia);
  const children = (n: ts.Node, frames: RawFrame[], b: Bindings, via: RawStep['via']): void => {
    const saved = [curFrames, curBindings, curVia] as const;
    curFrames = frames;
    curBindings = b;
    curVia = via;
    T.forEachChild(n, walkChild);
    [curFrames, curBindings, curVia] = saved;
  };

  const walk = (node: ts.Node, frames: RawFrame[], b: Bindings, via: RawStep['via']): void => {
    if (!mentionsTracked(node, b)) return;
    switch (node.kind) {
      case T.SyntaxKind.VariableDeclaration: {
        const decl = node as ts.VariableDeclaration;
        if (!decl.initializer) return;
        walk(decl.initializer, frames, b, via);
        const role = b.roleOf(decl.initializer);
        if (role) b.bindName(decl.name, role); // const s = step; const { step } = ctx
        return;
      }
      case T.SyntaxKind.IfStatement: {
        const n = node as ts.IfStatement;
        walk(n.expression, frames, b, via);
        walk(n.thenStatement, [...frames, frame('branch', 'if', n, 'then')], b, via);
        if (n.elseStatement) walk(n.elseStatement, [...frames, frame('branch', 'if', n, 'else')], b, via);
        return;
      }
      case T.SyntaxKind.ConditionalExpression: {
        const n = node as ts.ConditionalExpression;
        walk(n.condition, frames, b, via);
        walk(n.whenTrue, [...frames, frame('branch', '?:', n, 'then')], b, via);
        walk(n.whenFalse, [...frames, frame('branch', '?:', n, 'else')], b, via);
        return;
      }
      case T.SyntaxKind.BinaryExpression: {
        const n = node as ts.BinaryExpression;
        const op = n.operatorToken.kind;
        if (op !== T.SyntaxKind.AmpersandAmpersandToken && op !== T.SyntaxKind.BarBarToken && op !== T.SyntaxKind.QuestionQuestionToken) break;
        walk(n.left, frames, b, via);
        walk(n.right, [...frames, frame('branch', n.operatorToken.getText(), n, 'rhs')], b, via);
        return;
      }
      case T.SyntaxKind.SwitchStatement: {
        const n = node as ts.SwitchStatement;
        walk(n.expression, frames, b, via);
        n.caseBlock.clauses.forEach((clause, i) => {
          const fs = [...frames, frame('branch', 'switch', n, T.isCaseClause(clause) ? `case ${i}` : 'default')];
          for (const st of clause.statements) walk(st, fs, b, via);
        });
        return;
      }
      case T.SyntaxKind.TryStatement: {
        const n = node as ts.TryStatement;
        walk(n.tryBlock, [...frames, frame('try', 'try', n, 'try')], b, via);
        if (n.catchClause) walk(n.catchClause, [...frames, frame('try', 'try', n, 'catch')], b, via);
        if (n.finallyBlock) walk(n.finallyBlock, [...frames, frame('try', 'try', n, 'finally')], b, via);
        return;
      }
      case T.SyntaxKind.ForStatement: {
        const n = node as ts.ForStatement;
        if (n.initializer) walk(n.initializer, frames, b, via);
        const fs = [...frames, frame('loop', 'for', n)];
        if (n.condition) walk(n.condition, fs, b, via);
        if (n.incrementor) walk(n.incrementor, fs, b, via);
        walk(n.statement, fs, b, via);
        return;
      }
      case T.SyntaxKind.ForOfStatement:
      case T.SyntaxKind.ForInStatement: {
        const n = node as ts.ForOfStatement | ts.ForInStatement;
        walk(n.expression, frames, b, via);
        const detail = T.isForOfStatement(n) ? (n.awaitModifier ? 'for-await-of' : 'for-of') : 'for-in';
        const fs = [...frames, frame('loop', detail, n)];
        walk(n.initializer, fs, b, via);
        walk(n.statement, fs, b, via);
        return;
      }
      case T.SyntaxKind.WhileStatement:
      case T.SyntaxKind.DoStatement:
        children(node, [...frames, frame('loop', T.isWhileStatement(node) ? 'while' : 'do', node)], b, via);
        return;
      case T.SyntaxKind.CallExpression:
        handleCall(node as ts.CallExpression, frames, b, via);
        return;
    }
    children(node, frames, b, via);
  };

  const handleCall = (call: ts.CallExpression, frames: RawFrame[], b: Bindings, via: RawStep['via']): void => {
    const callee = unwrap(call.expression);
    const args = call.arguments;
    const visitArgs = (fs: (arg: ts.Expression, i: number) => RawFrame[]): void => {
      args.forEach((a, i) => walk(a, fs(a, i), b, via));
    };

    // step(...) / step.method(...) / steps.dep(...), also through aliases (const retry = step.retry; const { getUser } = steps)
    const calleeRole = b.roleOf(callee);
    const core = calleeRole === 'core' || (typeof calleeRole === 'string' && calleeRole.startsWith('core.'));
    const raw = (spec: KindSpec, method: string): RawStep => ({ call, spec, method, frames, via, bindings: b, freshRunId, ...(core ? { core } : {}) });
    if (calleeRole === 'step' || calleeRole === 'core') {
      steps.push(raw(PLAIN_STEP, 'step'));
      visitArgs(() => frames);
      return;
    }
    if (typeof calleeRole === 'string' && calleeRole.startsWith('steps.')) {
      steps.push(raw(BOUND_STEP, calleeRole.slice('steps.'.length)));
      visitArgs(() => frames);
      return;
    }
    const stepMethod = typeof calleeRole === 'string' && /^(step|core)\./.test(calleeRole) ? calleeRole.slice(calleeRole.indexOf('.') + 1) : undefined;
    const spec = stepMethod !== undefined ? STEP_METHODS[stepMethod] : undefined;
    if (stepMethod !== undefined && spec) {
      steps.push(raw(spec, stepMethod));
      if (stepMethod === 'all' || stepMethod === 'parallel' || stepMethod === 'race') {
        visitArgs((_a, i) => (i === 1 ? [...frames, frame('parallel', `step.${stepMethod}`, call)] : frames));
      } else if (stepMethod === 'map') {
        visitArgs((_a, i) => (i === 2 ? [...frames, frame('loop', 'step.map', call)] : frames));
      } else if (stepMethod === 'streamForEach') {
        // The processor runs once per stream item.
        visitArgs((_a, i) => (i === 1 ? [...frames, frame('loop', 'step.streamForEach', call)] : frames));
      } else {
        visitArgs(() => frames);
      }
      return;
    }
    const method = memberName(callee);
    const obj = memberObject(callee);
    if (method !== undefined && obj) {
      if (b.roleOf(obj) === 'step' && MARKER_METHODS.has(method)) {
        handleMarker(call, method, frames, b, via);
        return;
      }
      // items.map(cb), items.forEach(cb), ...: the callback runs once per element.
      if (ITERATION_METHODS.has(method) && args.some((a) => T.isArrowFunction(unwrap(a)) || T.isFunctionExpression(unwrap(a)))) {
        walk(callee, frames, b, via);
        visitArgs((a) => (T.isArrowFunction(unwrap(a)) || T.isFunctionExpression(unwrap(a)) ? [...frames, frame('loop', `.${method}`, call)] : frames));
        return;
      }
      if (PROMISE_GROUPS.has(method) && T.isIdentifier(unwrap(obj)) && (unwrap(obj) as ts.Identifier).text === 'Promise') {
        visitArgs(() => [...frames, frame('parallel', `Promise.${method}`, call)]);
        return;
      }
    }

    // A helper that receives step (or an object carrying it): follow it into its body.
    const passes = args.map((a) => b.roleOf(a));
    if (passes.some(carriesSteps)) {
      const helper = resolveHelper(callee);
      if (helper && !activeHelpers.includes(helper) && expansions < MAX_HELPER_EXPANSIONS) {
        expansions++;
        files.add(helper.getSourceFile().fileName);
        const hb = b.fork();
        helper.parameters.forEach((p, i) => {
          const r = passes[i];
          if (r) hb.bindName(p.name, r);
        });
        walk(callee, frames, b, via);
        visitArgs(() => frames);
        activeHelpers.push(helper);
        const name = helperName(helper);
        const helperFrames = [...frames, frame('helper', name, call)];
        const savedFile = currentFile;
        currentFile = helper.getSourceFile();
        walk(helper.body!, helperFrames, hb, [...via, { function: name, call, helper }]);
        currentFile = savedFile;
        activeHelpers.pop();
        return;
      }
    }
    children(call, frames, b, via);
  };

  const handleMarker = (call: ts.CallExpression, method: string, frames: RawFrame[], b: Bindings, via: RawStep['via']): void => {
    const args = call.arguments;
    if (method === 'branch') {
      const opts = args[1] && unwrap(args[1]);
      if (opts && T.isObjectLiteralExpression(opts)) {
        for (const p of opts.properties) {
          const name = p.name?.getText();
          const value = propertyValue(p);
          const arm = name === 'then' || name === 'else' ? name : undefined;
          if (value) walk(value, arm ? [...frames, frame('branch', 'step.branch', call, arm)] : frames, b, via);
        }
        return;
      }
    }
    if (method === 'forEach') {
      // Item form: the handler's third parameter is awaitly's core step (no cache), not the workflow's step.
      const handler = itemHandler(args[2]);
      if (handler?.parameters[2]) b.bindName(handler.parameters[2].name, 'core');
      args.forEach((a, i) => walk(a, i === 2 ? [...frames, frame('loop', 'step.forEach', call)] : frames, b, via));
      return;
    }
    children(call, frames, b, via);
  };

  const resolveHelper = (callee: ts.Expression): (ts.FunctionLikeDeclaration & { body: ts.Node }) | undefined => {
    const e = unwrap(callee);
    const nameNode = T.isPropertyAccessExpression(e) ? e.name : e;
    const decl = firstDeclaration(resolvedSymbol(checker, nameNode));
    if (!decl || decl.getSourceFile().isDeclarationFile || isInNodeModules(decl.getSourceFile().fileName)) return undefined;
    let fn: ts.Node | undefined = decl;
    if (T.isVariableDeclaration(decl) && decl.initializer) fn = unwrap(decl.initializer);
    if (fn && (T.isFunctionDeclaration(fn) || T.isArrowFunction(fn) || T.isFunctionExpression(fn) || T.isMethodDeclaration(fn)) && fn.body) {
      return fn as ts.FunctionLikeDeclaration & { body: ts.Node };
    }
    return undefined;
  };

  const body = callback.body;
  if (body && statements && T.isBlock(body)) {
    // As walk(body) does (a block is walked statement by statement with the same frames and bindings).
    const reach = () => root.roles.size + root.containers.size + root.names.size + files.size + expansions;
    for (const st of body.statements) {
      if (statements.skip(st)) continue;
      const from = steps.length;
      const before = reach();
      walk(st, [], root, []);
      statements.walked(st, from, steps.length, reach() === before);
    }
  } else if (body) walk(body, [], root, []);
  return { steps, files };
}

/** Sorted offsets where one of `names` occurs as a whole word; null when unicode escapes could spell a name. */
function nameOffsets(text: string, names: ReadonlySet<string>): number[] | null {
  if (text.includes('\\u')) return null;
  const out: number[] = [];
  if (names.size === 0) return out;
  const re = new RegExp(`(?<![\\w$])(?:${[...names].map((n) => n.replace(/[$]/g, '\\$&')).join('|')})(?![\\w$])`, 'g');
  for (const m of text.matchAll(re)) out.push(m.index!);
  return out;
}

/** The item handler of `step.forEach(id, items, { item: step.item((item, i, s) => …) })` (also without step.item). */
function itemHandler(options: ts.Expression | undefined): ts.ArrowFunction | ts.FunctionExpression | undefined {
  const o = options && unwrap(options);
  if (!o || !T.isObjectLiteralExpression(o)) return undefined;
  const p = findProperty(o, 'item');
  let value = p && p !== 'spread' ? propertyValue(p) : undefined;
  value = value && unwrap(value);
  if (value && T.isCallExpression(value) && memberName(value.expression) === 'item' && value.arguments[0]) value = unwrap(value.arguments[0]);
  return value && (T.isArrowFunction(value) || T.isFunctionExpression(value)) ? value : undefined;
}

/**
 * Is ctx.workflowId a fresh UUID in each run? awaitly uses the run's name (`wf.run(name, fn)`) as the id and
 * crypto.randomUUID() otherwise; durable.run always runs unnamed. Known only for an inline callback: run(fn),
 * durable.run(deps, fn) and createWorkflow's run(fn) are fresh, run(name, fn) is not.
 */
function runIdIsFresh(callback: ts.Node, checker: ts.TypeChecker): boolean {
  const call = callback.parent;
  if (!call || !T.isCallExpression(call)) return false;
  const at = call.arguments.indexOf(callback as ts.Expression);
  if (at === 0) return true;
  if (at !== 1) return false;
  return (checker.getTypeAtLocation(call.arguments[0]!).flags & T.TypeFlags.StringLike) === 0;
}

function helperName(fn: ts.FunctionLikeDeclaration): string {
  if (fn.name && T.isIdentifier(fn.name)) return fn.name.text;
  const p = fn.parent;
  if (p && T.isVariableDeclaration(p) && T.isIdentifier(p.name)) return p.name.text;
  return '<anonymous>';
}

export type { Role };
export { findProperty };
