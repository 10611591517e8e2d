// Turns a raw step call into StepInfo: the cache key exactly as awaitly derives it for that kind, whether it
// is restored, the operation form, loop invariance of the key, and the result type.
import type { StaticString, StepInfo } from './types';
import type { RawFrame, RawStep } from './walker';
import { RULE_TEXT, type KindSpec } from './step-kinds';
import { argsFingerprint } from './args-fingerprint';
import { resultTypeOf } from '../typed/jsTypes';
import { literalKeyNextTo, missingIdArgument, MISSING_ID_RULE } from './step-id';
import { awaitlyExport, derivedString, evalStatic, findUnstable, HOLE, isUndefinedExpr, readOption, type EvalContext } from './key-eval';
import { firstDeclaration, isConstVariable, localSymbol, nodeRange, ts, unwrap, plainTs } from './ts-util';

// Plain copy of the ts namespace for value access (see plainTs in ts-util.ts).
const T = plainTs;

export interface BuildOptions {
  includeResultTypes: boolean;
  /** false for run() / runSaga(): no cache, nothing restored. */
  restores: boolean;
}

interface KeyDecision {
  key?: StaticString;
  keyExpr?: ts.Expression;
  keySource: StepInfo['keySource'];
  recordedKey?: StaticString;
  restore: StepInfo['restore'];
  keyRule: string;
}

/** Bound steps count invocations per dependency within one run: dep, dep#2, dep#3, ... */
export class BoundCounter {
  private readonly state = new Map<string, { next: number; uncertain: boolean }>();

  keyFor(dep: string, frames: RawFrame[]): { value?: string; pattern?: string; regex?: string } {
    const s = this.state.get(dep) ?? { next: 1, uncertain: false };
    const looped = frames.some((f) => f.frame.kind === 'loop');
    const conditional = frames.some((f) => f.frame.kind === 'branch' || f.frame.kind === 'try');
    const esc = dep.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    const out = s.uncertain || looped
      ? { pattern: `${dep}${HOLE}`, regex: `^${esc}(#\\d+)?$` }
      : { value: s.next === 1 ? dep : `${dep}#${s.next}` };
    this.state.set(dep, { next: s.next + 1, uncertain: s.uncertain || looped || conditional });
    return out;
  }
}

/**
 * Moves the run's bound-step counter past a step: a bound step takes the next invocation of its dependency. Called
 * for every step in order, whether it is built (buildStep) or only counted (a step built alone needs the counts of
 * the steps before it).
 */
export function countBound(raw: RawStep, bound: BoundCounter): ReturnType<BoundCounter['keyFor']> | undefined {
  return raw.spec.kind === 'bound' ? bound.keyFor(raw.method, raw.frames) : undefined;
}

function decideKey(raw: RawStep, id: StaticString | undefined, ctx: EvalContext, boundKey: ReturnType<BoundCounter['keyFor']> | undefined): KeyDecision {
  const { spec, call } = raw;
  const args = call.arguments;
  const idExpr = args[0];
  const option = () => readOption(spec.optionsArg !== undefined ? args[spec.optionsArg] : undefined, 'key', ctx);
  const text = RULE_TEXT[spec.rule];
  switch (spec.rule) {
    case 'own-key-or-id': {
      if (spec.kind === 'bound') {
        const k = boundKey!;
        const key = derivedString(k.value, k.pattern, `steps.${raw.method}`, call.expression, k.regex);
        return { key, keySource: 'bound-counter', recordedKey: key, restore: 'restored', keyRule: 'bound step: keyed by dependency name and a per-run invocation counter (dep, dep#2, ...)' };
      }
      const o = option();
      if (o.state === 'absent') return { key: id, keyExpr: idExpr, keySource: 'id', recordedKey: id, restore: 'restored', keyRule: text };
      if (o.state === 'unknown') {
        const key = opaqueOf(args[spec.optionsArg!]!);
        return { key, keySource: 'key-option', recordedKey: key, restore: 'restored', keyRule: `${text}; ${OPAQUE_TEXT}` };
      }
      if (isUndefinedExpr(o.value)) return { keySource: 'none', recordedKey: id, restore: 'recorded-only', keyRule: `${text}: an explicit key: undefined disables caching (recorded under the id, re-runs on resume)` };
      const k = evalStatic(o.value, ctx);
      if (k.value === '') return { keySource: 'none', restore: 'not-recorded', keyRule: `${text}: key '' is neither cached nor recorded` };
      return { key: k, keyExpr: o.value, keySource: 'key-option', recordedKey: k, restore: 'restored', keyRule: text };
    }
    case 'key-or-id': {
      const o = option();
      if (o.state === 'present' && !isUndefinedExpr(o.value)) {
        const k = evalStatic(o.value, ctx);
        return { key: k, keyExpr: o.value, keySource: 'key-option', recordedKey: k, restore: 'restored', keyRule: text };
      }
      if (o.state === 'unknown') {
        const key = opaqueOf(args[spec.optionsArg!]!);
        return { key, keySource: 'key-option', recordedKey: key, restore: 'restored', keyRule: `${text}; ${OPAQUE_TEXT}` };
      }
      return { key: id, keyExpr: idExpr, keySource: 'id', recordedKey: id, restore: 'restored', keyRule: text };
    }
    case 'explicit-key': {
      const o = option();
      if (o.state === 'present' && !isUndefinedExpr(o.value)) {
        const k = evalStatic(o.value, ctx);
        return { key: k, keyExpr: o.value, keySource: 'key-option', recordedKey: k, restore: 'restored', keyRule: text };
      }
      if (o.state === 'unknown') {
        const key = opaqueOf(args[spec.optionsArg!]!);
        return { key, keySource: 'key-option', recordedKey: key, restore: 'restored', keyRule: `${text}; ${OPAQUE_TEXT}, so the key may be absent` };
      }
      return { keySource: 'none', recordedKey: id, restore: 'recorded-only', keyRule: text };
    }
    case 'recorded-never-cached':
      return { keySource: 'none', recordedKey: id, restore: 'recorded-only', keyRule: text };
    case 'stream-position': {
      const key = derivedString(undefined, `stream-foreach:${HOLE}:pos-${HOLE}`, 'stream-foreach:<namespace>:pos-<n>', call.expression, '^stream-foreach:[\\s\\S]*:pos-\\d+$');
      return { key, keySource: 'stream-position', recordedKey: key, restore: 'restored', keyRule: text };
    }
    case 'none':
    case 'missing-in-workflow':
      return { keySource: 'none', restore: 'not-recorded', keyRule: text };
  }
}

const CORE_RULE = "a step.forEach item handler's step is awaitly's core step, which has no cache: recorded under options.key ?? id, never restored (re-runs on resume)";

const OPAQUE_TEXT = 'the options object is built by code the analysis does not evaluate (a call, a spread, a variable), so its key is unknown: not a dynamic key, just not visible here';

/** The key of an options object we cannot read: unknown, but not known to be dynamic (see KeyForm 'opaque'). */
function opaqueOf(expr: ts.Expression): StaticString {
  return { form: 'opaque', text: expr.getText(), file: expr.getSourceFile().fileName, range: nodeRange(expr) };
}

function operationOf(spec: KindSpec, call: ts.CallExpression, checker: ts.TypeChecker): StepInfo['operation'] {
  if (spec.operationArg === undefined) return { form: 'absent' };
  const arg = call.arguments[spec.operationArg];
  if (!arg) return { form: 'absent' };
  const e = unwrap(arg);
  const base = { text: arg.getText(), range: nodeRange(arg) };
  if (T.isArrowFunction(e) || T.isFunctionExpression(e)) return { form: 'function', ...base };
  if (isPureResult(e, checker)) return { form: 'pure', ...base };
  if (T.isAwaitExpression(e) || T.isNewExpression(e) || T.isObjectLiteralExpression(e) || T.isArrayLiteralExpression(e)) return { form: 'value', ...base };
  // A call may return a function (a factory); ask the checker only here, where syntax cannot tell.
  if (T.isCallExpression(e) || T.isIdentifier(e) || T.isPropertyAccessExpression(e) || T.isElementAccessExpression(e)) {
    const t = checker.getTypeAtLocation(e);
    if (t.flags & (T.TypeFlags.Any | T.TypeFlags.Unknown)) return { form: T.isCallExpression(e) ? 'value' : 'unknown', ...base };
    if (t.getCallSignatures().length > 0) return { form: 'function', ...base };
    if (t.isUnion() && t.types.some((u) => u.getCallSignatures().length > 0)) return { form: 'unknown', ...base };
    // Reading a variable starts nothing: only a promise held in it is work already running.
    if (!T.isCallExpression(e) && !isThenable(t, checker)) return { form: 'pure', ...base };
    return { form: 'value', ...base };
  }
  return { form: 'unknown', ...base };
}

function isThenable(t: ts.Type, checker: ts.TypeChecker): boolean {
  const parts = t.isUnion() ? t.types : [t];
  return parts.some((u) => !!checker.getPropertyOfType(u, 'then'));
}

/**
 * awaitly's ok(…) / err(…) whose arguments start no work (literals, names, member reads, object and array
 * literals of those): the step gets a finished Result, and evaluating it again on resume costs nothing.
 */
function isPureResult(e: ts.Expression, checker: ts.TypeChecker): boolean {
  if (!T.isCallExpression(e)) return false;
  if (!awaitlyExport(e.expression, RESULT_CONSTRUCTORS, checker)) return false;
  return e.arguments.every((a) => startsNoWork(a, checker));
}

const RESULT_CONSTRUCTORS = new Set(['ok', 'err']);

function startsNoWork(expr: ts.Expression, checker: ts.TypeChecker): boolean {
  const e = unwrap(expr);
  if (T.isLiteralExpression(e) || T.isIdentifier(e) || T.isNoSubstitutionTemplateLiteral(e) || e.kind === T.SyntaxKind.TrueKeyword ||
      e.kind === T.SyntaxKind.FalseKeyword || e.kind === T.SyntaxKind.NullKeyword || T.isArrowFunction(e) || T.isFunctionExpression(e)) return true;
  if (T.isPropertyAccessExpression(e)) return startsNoWork(e.expression, checker);
  if (T.isTemplateExpression(e)) return e.templateSpans.every((sp) => startsNoWork(sp.expression, checker));
  if (T.isPrefixUnaryExpression(e)) return startsNoWork(e.operand, checker);
  if (T.isArrayLiteralExpression(e)) return e.elements.every((x) => startsNoWork(x, checker));
  if (T.isObjectLiteralExpression(e)) {
    return e.properties.every((p) => (T.isPropertyAssignment(p) ? startsNoWork(p.initializer, checker) : T.isShorthandPropertyAssignment(p)));
  }
  return isPureResult(e, checker);
}

/**
 * The innermost enclosing loop across whose iterations the key provably evaluates to the same string, if any.
 * Per loop: a name declared inside that loop (or assigned in it) varies with it; a name declared outside (an
 * outer loop's variable) does not, so `for (o of orders) for (l of o.lines) step(…, { key: `x:${o.id}` })`
 * repeats its key in the inner loop. Const names are followed to their initializers, helper parameters to the
 * argument of the call being analysed.
 */
function invariantLoop(raw: RawStep, decision: KeyDecision, ctx: EvalContext): RawFrame | undefined | null {
  const loops = raw.frames.map((f, i) => ({ f, i })).filter((x) => x.f.frame.kind === 'loop');
  if (loops.length === 0 || !decision.key) return null;
  if (raw.spec.kind === 'bound' || decision.keySource === 'stream-position') return undefined;
  const innermost = loops[loops.length - 1]!.f;
  if (decision.key.form === 'literal' || decision.key.form === 'const') return innermost;
  const expr = decision.keyExpr;
  if (!expr) return undefined;
  const checker = ctx.checker;
  const helperAt = raw.frames.findIndex((f) => f.frame.kind === 'helper');
  const varies = new Set<number>(); // indexes into raw.frames
  const all = () => loops.forEach((x) => varies.add(x.i));
  const seen = new Set<ts.Node>();
  const visit = (n: ts.Node, depth: number): void => {
    if (varies.size === loops.length || seen.has(n) || depth > 8) return;
    seen.add(n);
    if (T.isCallExpression(n) || T.isNewExpression(n) || T.isAwaitExpression(n) || n.kind === T.SyntaxKind.ThisKeyword || T.isFunctionLike(n)) {
      all(); // cannot tell: assume it varies
      return;
    }
    if (T.isPropertyAccessExpression(n)) return visit(n.expression, depth);
    if (T.isIdentifier(n)) {
      const decl = firstDeclaration(localSymbol(checker, n));
      if (!decl) return all();
      const arg = ctx.params?.get(decl);
      if (arg) return visit(arg, depth + 1);
      for (const { f, i } of loops) {
        if (contains(f.node, decl) || assignedIn(f.node).has(n.text)) varies.add(i);
        // A helper parameter inside a loop at the call site takes a new argument each iteration.
        if (helperAt > i && T.isParameter(decl)) varies.add(i);
      }
      // A const declared inside a loop is as variable as what it is computed from.
      if (T.isVariableDeclaration(decl) && isConstVariable(decl) && decl.initializer && T.isIdentifier(decl.name)) {
        const inside = loops.filter(({ f }) => contains(f.node, decl)).map((x) => x.i);
        inside.forEach((i) => varies.delete(i));
        visit(decl.initializer, depth + 1);
      }
      return;
    }
    T.forEachChild(n, (c) => visit(c, depth));
  };
  visit(expr, 0);
  const found = [...loops].reverse().find((x) => !varies.has(x.i));
  return found?.f;
}

/** The evaluation context of one step: helper parameters bound to this call chain's arguments, and the run's ctx. */
function stepContext(raw: RawStep, ctx: EvalContext): EvalContext {
  const params = new Map<ts.Declaration, ts.Expression>();
  for (const { call, helper } of raw.via) {
    helper.parameters.forEach((p, i) => {
      if (p.dotDotDotToken) return;
      const arg = call.arguments[i];
      const value = arg && !isUndefinedExpr(arg) ? arg : p.initializer;
      if (value) params.set(p, value);
    });
  }
  const freshRunId = (e: ts.PropertyAccessExpression) => raw.freshRunId && raw.bindings.roleOf(e.expression) === 'ctx';
  return { ...ctx, ...(params.size ? { params } : {}), freshRunId };
}

function contains(outer: ts.Node, inner: ts.Node): boolean {
  return outer.getSourceFile() === inner.getSourceFile() && inner.pos >= outer.pos && inner.end <= outer.end;
}

const assignedCache = new WeakMap<ts.Node, Set<string>>();
/** Names assigned (=, +=, ++, --) anywhere inside a loop. */
function assignedIn(loop: ts.Node): Set<string> {
  let names = assignedCache.get(loop);
  if (names) return names;
  names = new Set();
  const out = names;
  const visit = (n: ts.Node): void => {
    if (T.isBinaryExpression(n) && n.operatorToken.kind >= T.SyntaxKind.FirstAssignment && n.operatorToken.kind <= T.SyntaxKind.LastAssignment && T.isIdentifier(n.left)) out.add(n.left.text);
    if ((T.isPrefixUnaryExpression(n) || T.isPostfixUnaryExpression(n)) && T.isIdentifier(n.operand) &&
        (n.operator === T.SyntaxKind.PlusPlusToken || n.operator === T.SyntaxKind.MinusMinusToken)) out.add(n.operand.text);
    T.forEachChild(n, visit);
  };
  visit(loop);
  assignedCache.set(loop, out);
  return out;
}

/** Names a loop (default: the innermost) introduces: for-of / for-in bindings, for initializers, callback parameters. */
function loopVariablesOf(raw: RawStep, chosen?: RawFrame): string[] | undefined {
  const loop = chosen ?? [...raw.frames].reverse().find((f) => f.frame.kind === 'loop');
  if (!loop) return undefined;
  const names: string[] = [];
  const addBinding = (n: ts.BindingName): void => {
    if (T.isIdentifier(n)) names.push(n.text);
    else for (const el of n.elements) if (!T.isOmittedExpression(el)) addBinding(el.name);
  };
  const node = loop.node;
  if ((T.isForOfStatement(node) || T.isForInStatement(node) || T.isForStatement(node)) && node.initializer && T.isVariableDeclarationList(node.initializer)) {
    for (const d of node.initializer.declarations) addBinding(d.name);
  } else if (T.isCallExpression(node)) {
    for (const a of node.arguments) {
      const f = unwrap(a);
      if (T.isArrowFunction(f) || T.isFunctionExpression(f)) for (const p of f.parameters) addBinding(p.name);
      // step.forEach(id, items, { run: (item) => … }): the handler's first parameter is the item.
      if (T.isObjectLiteralExpression(f)) {
        for (const p of f.properties) {
          const v = T.isPropertyAssignment(p) ? unwrap(p.initializer) : T.isMethodDeclaration(p) ? p : undefined;
          if (v && (T.isArrowFunction(v) || T.isFunctionExpression(v) || T.isMethodDeclaration(v)) && v.parameters[0]) addBinding(v.parameters[0].name);
        }
      }
    }
  }
  return names;
}

export function buildStep(raw: RawStep, index: number, workflowId: string, workflowCtx: EvalContext, bound: BoundCounter, opts: BuildOptions): StepInfo {
  const { call, spec } = raw;
  const ctx = stepContext(raw, workflowCtx);
  const sf = call.getSourceFile();
  // The pre-4 form step(() => op(), { key }) is not read by position (step-id.ts): it has no id, key or operation.
  const missingId = missingIdArgument(call, spec, ctx.checker);
  const idExpr = missingId || spec.kind === 'bound' || spec.kind === 'streamForEach' ? undefined : call.arguments[0];
  const id = idExpr ? evalStatic(idExpr, ctx) : spec.kind === 'bound' ? derivedString(raw.method, undefined, raw.method, call.expression) : undefined;
  const boundKey = countBound(raw, bound);
  let decision: KeyDecision = missingId ? { keySource: 'none', restore: 'not-recorded', keyRule: MISSING_ID_RULE } : decideKey(raw, id, ctx, boundKey);
  if (raw.core && decision.recordedKey) decision = { keySource: 'none', recordedKey: decision.recordedKey, restore: 'recorded-only', keyRule: CORE_RULE };
  if (!opts.restores) {
    decision = { ...decision, restore: 'not-recorded', keyRule: `run()/runSaga() have no cache or saved state; ${decision.keyRule}` };
  }
  const keyExpr = decision.keyExpr;
  const loop = invariantLoop(raw, decision, ctx);
  return {
    workflow: workflowId,
    index,
    kind: spec.kind,
    method: raw.method,
    ...(id ? { id } : {}),
    ...(decision.key ? { key: decision.key } : {}),
    keySource: decision.keySource,
    ...(decision.recordedKey ? { recordedKey: decision.recordedKey } : {}),
    restore: decision.restore,
    keyRule: decision.keyRule,
    inStepOrder: spec.inStepOrder && !raw.frames.some((f) => f.frame.detail === 'step.forEach'),
    ...(raw.core ? { uncachedCore: true as const } : {}),
    ...((fp) => (fp !== undefined ? { argsFingerprint: fp } : {}))(spec.kind === 'bound' ? argsFingerprint(call, ctx) : undefined),
    operation: missingId ? { form: 'unknown', text: missingId.getText(), range: nodeRange(missingId) } : operationOf(spec, call, ctx.checker),
    ...(missingId ? { idMissing: { ...((k) => (k ? { suggestedId: k } : {}))(literalKeyNextTo(call)) } } : {}),
    context: raw.frames.map((f) => f.frame),
    unstableKeyParts: keyExpr ? findUnstable(keyExpr, ctx) : [],
    ...(loop !== null ? { keyLoopInvariant: loop !== undefined } : {}),
    ...(loop ? { keyInvariantLoop: loop.frame.nodeId } : {}),
    ...(loop !== null ? { loopVariables: loopVariablesOf(raw, loop) ?? [] } : {}),
    ...(opts.includeResultTypes ? (({ display, shape }) => ({ resultType: display, resultShape: shape }))(resultTypeOf(call, ctx.checker)) : { resultType: '', resultShape: '' }),
    file: sf.fileName,
    range: nodeRange(call, sf),
    calleeRange: nodeRange(call.expression, sf),
    ...(raw.via.length ? { via: raw.via.map((v) => ({ function: v.function, file: v.call.getSourceFile().fileName, range: nodeRange(v.call) })) } : {}),
  };
}
