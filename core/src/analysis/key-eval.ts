// Static evaluation of step ids, cache keys and workflow names: literal, const-resolved (across modules),
// template pattern, or dynamic. Also finds non-deterministic calls (Date.now(), uuid(), ...) flowing into a key.
import type { Range } from '../diagnostic';
import type { KeyForm, StaticString } from './types';
import { isAwaitlyFile } from './entry-points';
import { HOLE } from './patterns';
import { firstDeclaration, isConstVariable, isInConstObject, nodeRange, resolvedSymbol, ts, unwrap, findProperty, propertyValue, plainTs } from './ts-util';

// Plain copy of the ts namespace for value access (see plainTs in ts-util.ts).
const T = plainTs;

export interface EvalContext {
  checker: ts.TypeChecker;
  /** Files whose declarations were read; the caller records them as dependencies. */
  files: Set<string>;
  /**
   * Exact pre-filter for member names (`x.name`, `x['name']`): false when no file declares anything under that name
   * that constInitializer or literalType could read, so the checker is not asked (it would type `x`).
   */
  mayBeConstantMember?: (name: string) => boolean;
  /**
   * Parameters of the helpers between the workflow callback and this step, mapped to the argument of the call
   * being analysed (`charge(step, 'a')` → `key` is 'a' inside charge), or to their default.
   */
  params?: ReadonlyMap<ts.Declaration, ts.Expression>;
  /** Is `x.workflowId` the run's ctx.workflowId, and a fresh UUID in each run? */
  freshRunId?: (e: ts.PropertyAccessExpression) => boolean;
}

/** The argument a helper parameter stands for in the call being analysed. */
function argumentOf(e: ts.Expression, ctx: EvalContext): ts.Expression | undefined {
  if (!ctx.params?.size || !T.isIdentifier(e)) return undefined;
  const decl = firstDeclaration(resolvedSymbol(ctx.checker, e));
  return decl ? ctx.params.get(decl) : undefined;
}

/** The member name of `x.name` / `x['name']`, when the pre-filter rules it out. */
function memberRuledOut(e: ts.Expression, ctx: EvalContext): boolean {
  if (!ctx.mayBeConstantMember) return false;
  if (T.isPropertyAccessExpression(e)) return !ctx.mayBeConstantMember(e.name.text);
  if (T.isElementAccessExpression(e) && T.isStringLiteralLike(e.argumentExpression)) return !ctx.mayBeConstantMember(e.argumentExpression.text);
  return false;
}

/** Unknown parts are `null`; adjacent known parts are merged. */
type Parts = Array<string | null>;

const MAX_DEPTH = 8;
// The hole marker lives with the pattern matcher (patterns.ts), which needs no TypeScript.
export { HOLE };

function concat(a: Parts, b: Parts): Parts {
  const out = [...a];
  for (const p of b) {
    const last = out[out.length - 1];
    if (typeof p === 'string' && typeof last === 'string') out[out.length - 1] = last + p;
    else if (!(p === null && last === null)) out.push(p);
  }
  return out;
}

interface Evaluated {
  parts: Parts;
  /** True when a declaration (const, enum, object property) had to be followed. */
  resolved: boolean;
}

function evalParts(expr: ts.Expression, ctx: EvalContext, depth: number): Evaluated {
  const e = unwrap(expr);
  if (depth > MAX_DEPTH) return { parts: [null], resolved: false };
  if (T.isStringLiteralLike(e)) return { parts: [e.text], resolved: false };
  if (T.isNumericLiteral(e)) return { parts: [String(Number(e.text))], resolved: false };
  if (e.kind === T.SyntaxKind.TrueKeyword || e.kind === T.SyntaxKind.FalseKeyword) return { parts: [e.getText()], resolved: false };
  if (T.isTemplateExpression(e)) {
    let parts: Parts = e.head.text ? [e.head.text] : [];
    let resolved = false;
    for (const span of e.templateSpans) {
      const inner = evalParts(span.expression, ctx, depth + 1);
      resolved ||= inner.resolved;
      parts = concat(parts, inner.parts);
      if (span.literal.text) parts = concat(parts, [span.literal.text]);
    }
    return { parts, resolved };
  }
  if (T.isBinaryExpression(e) && e.operatorToken.kind === T.SyntaxKind.PlusToken) {
    const l = evalParts(e.left, ctx, depth + 1);
    const r = evalParts(e.right, ctx, depth + 1);
    return { parts: concat(l.parts, r.parts), resolved: l.resolved || r.resolved };
  }
  const arg = argumentOf(e, ctx);
  if (arg) return { ...evalParts(arg, ctx, depth + 1), resolved: true };
  if ((T.isIdentifier(e) || T.isPropertyAccessExpression(e) || T.isElementAccessExpression(e)) && !memberRuledOut(e, ctx)) {
    const init = constInitializer(e, ctx);
    if (init) {
      const inner = evalParts(init, ctx, depth + 1);
      return { parts: inner.parts, resolved: true };
    }
    const typed = literalType(e, ctx);
    if (typed !== undefined) return { parts: [typed], resolved: true };
  }
  return { parts: [null], resolved: false };
}

/** The initializer behind a const variable, enum member or property of a const object literal. */
function constInitializer(e: ts.Expression, ctx: EvalContext): ts.Expression | undefined {
  const nameNode = T.isPropertyAccessExpression(e) ? e.name : T.isElementAccessExpression(e) ? e.argumentExpression : e;
  const sym = resolvedSymbol(ctx.checker, nameNode);
  const decl = firstDeclaration(sym);
  if (!decl) return undefined;
  const file = decl.getSourceFile().fileName;
  if (file.endsWith('.d.ts')) return undefined;
  let init: ts.Expression | undefined;
  if (T.isVariableDeclaration(decl) && isConstVariable(decl) && decl.initializer && T.isIdentifier(decl.name)) init = decl.initializer;
  else if (T.isEnumMember(decl) && decl.initializer) init = decl.initializer;
  else if (T.isPropertyAssignment(decl) && isInConstObject(decl)) init = decl.initializer;
  else if (T.isShorthandPropertyAssignment(decl) && isInConstObject(decl)) init = decl.name;
  if (init) ctx.files.add(file);
  return init;
}

/**
 * A string literal type written in a declaration (`id: 'a'`, `readonly kind: 'x'`). Only explicit annotations
 * are read: asking for an inferred type inside a workflow callback makes the checker check the whole callback.
 */
function literalType(e: ts.Expression, ctx: EvalContext): string | undefined {
  const nameNode = T.isPropertyAccessExpression(e) ? e.name : e;
  const decl = firstDeclaration(resolvedSymbol(ctx.checker, nameNode));
  const annotation = decl && (T.isParameter(decl) || T.isVariableDeclaration(decl) || T.isPropertySignature(decl) || T.isPropertyDeclaration(decl)) ? decl.type : undefined;
  if (!annotation || !T.isLiteralTypeNode(annotation) || !T.isStringLiteral(annotation.literal)) return undefined;
  ctx.files.add(decl!.getSourceFile().fileName);
  return annotation.literal.text;
}

function toStatic(parts: Parts, resolved: boolean, expr: ts.Node, text: string): StaticString {
  const file = expr.getSourceFile().fileName;
  const range = nodeRange(expr);
  const known = parts.every((p) => p !== null);
  if (known) {
    const value = parts.join('');
    const isLiteral = !resolved && (T.isStringLiteralLike(unwrap(expr as ts.Expression)) || T.isNumericLiteral(unwrap(expr as ts.Expression)));
    const form: KeyForm = isLiteral ? 'literal' : 'const';
    return { form, value, text, file, range };
  }
  const pattern = parts.map((p) => (p === null ? HOLE : p)).join('');
  const form: KeyForm = parts.some((p) => typeof p === 'string' && p.length > 0) ? 'template' : 'dynamic';
  return { form, pattern, text, file, range };
}

export function evalStatic(expr: ts.Expression, ctx: EvalContext): StaticString {
  const { parts, resolved } = evalParts(expr, ctx, 0);
  return toStatic(parts, resolved, expr, expr.getText());
}

/** A key that is not written in the source (bound steps, stream positions). */
export function derivedString(value: string | undefined, pattern: string | undefined, text: string, at: ts.Node, regex?: string): StaticString {
  const file = at.getSourceFile().fileName;
  const range = nodeRange(at);
  if (value !== undefined) return { form: 'const', value, text, file, range };
  return { form: 'template', pattern, ...(regex ? { regex } : {}), text, file, range };
}

/** Reads `{ ..., name: value }` statically: the property, its absence, or unknown (spread / not a literal). */
export function readOption(
  options: ts.Expression | undefined,
  name: string,
  ctx: EvalContext,
): { state: 'absent' } | { state: 'present'; value: ts.Expression } | { state: 'unknown' } {
  if (!options) return { state: 'absent' };
  let obj = unwrap(options);
  for (let arg = argumentOf(obj, ctx), depth = 0; arg && depth < MAX_DEPTH; arg = argumentOf(obj, ctx), depth++) obj = unwrap(arg);
  const policy = policyStepOptions(obj, ctx);
  if (policy) return readOption(policy.stepOptions, name, ctx);
  if (T.isIdentifier(obj)) {
    const decl = firstDeclaration(resolvedSymbol(ctx.checker, obj));
    if (decl && T.isVariableDeclaration(decl) && isConstVariable(decl) && decl.initializer) {
      ctx.files.add(decl.getSourceFile().fileName);
      obj = unwrap(decl.initializer);
    }
  }
  if (!T.isObjectLiteralExpression(obj)) {
    return obj.kind === T.SyntaxKind.UndefinedKeyword || (T.isIdentifier(obj) && obj.text === 'undefined') ? { state: 'absent' } : { state: 'unknown' };
  }
  const p = findProperty(obj, name);
  if (p === undefined) return { state: 'absent' };
  if (p === 'spread') return { state: 'unknown' };
  const value = propertyValue(p);
  return value ? { state: 'present', value } : { state: 'unknown' };
}

/**
 * A value written as plain data (string, number, boolean, null, undefined, arrays and objects of those), also
 * through const variables and helper parameters; `known: false` for anything computed.
 */
export function staticJsonValue(expr: ts.Expression, ctx: EvalContext, depth = 0): { known: true; value: unknown } | { known: false } {
  const no = { known: false } as const;
  const e = unwrap(expr);
  if (depth > MAX_DEPTH || T.isSpreadElement(e)) return no;
  if (T.isStringLiteralLike(e)) return { known: true, value: e.text };
  if (T.isNumericLiteral(e)) return { known: true, value: Number(e.text) };
  if (T.isPrefixUnaryExpression(e) && e.operator === T.SyntaxKind.MinusToken && T.isNumericLiteral(e.operand)) return { known: true, value: -Number(e.operand.text) };
  if (e.kind === T.SyntaxKind.TrueKeyword || e.kind === T.SyntaxKind.FalseKeyword) return { known: true, value: e.kind === T.SyntaxKind.TrueKeyword };
  if (e.kind === T.SyntaxKind.NullKeyword) return { known: true, value: null };
  if (isUndefinedExpr(e)) return { known: true, value: undefined };
  if (T.isArrayLiteralExpression(e)) {
    const out: unknown[] = [];
    for (const el of e.elements) {
      const v = staticJsonValue(el, ctx, depth + 1);
      if (!v.known) return no;
      out.push(v.value);
    }
    return { known: true, value: out };
  }
  if (T.isObjectLiteralExpression(e)) {
    const out: Record<string, unknown> = {};
    for (const p of e.properties) {
      if (!T.isPropertyAssignment(p) && !T.isShorthandPropertyAssignment(p)) return no;
      const name = T.isIdentifier(p.name) || T.isStringLiteralLike(p.name) || T.isNumericLiteral(p.name) ? p.name.text : undefined;
      const v = name !== undefined ? staticJsonValue(T.isPropertyAssignment(p) ? p.initializer : p.name, ctx, depth + 1) : no;
      if (!v.known) return no;
      out[name!] = v.value;
    }
    return { known: true, value: out };
  }
  const arg = argumentOf(e, ctx);
  if (arg) return staticJsonValue(arg, ctx, depth + 1);
  if (T.isIdentifier(e)) {
    const decl = firstDeclaration(resolvedSymbol(ctx.checker, e));
    if (decl && T.isVariableDeclaration(decl) && isConstVariable(decl) && decl.initializer && !decl.getSourceFile().isDeclarationFile) {
      ctx.files.add(decl.getSourceFile().fileName);
      return staticJsonValue(decl.initializer, ctx, depth + 1);
    }
  }
  return no;
}

const POLICY_HELPERS = new Set(['withPolicy', 'withPolicies']);
const POLICY_TABLES = new Set(['retryPolicies', 'timeoutPolicies', 'servicePolicies']);

/**
 * awaitly's `withPolicy(policy, stepOptions?)` / `withPolicies([policies], stepOptions?)` over awaitly's own policy
 * tables (`retryPolicies.standard`, `servicePolicies.httpApi`, …): none of those holds a key, so the result's
 * key is the step options' (checked on 1.35.0 and 4.5.1 in core/test/analysis/dataflow.test.ts).
 */
function policyStepOptions(e: ts.Expression, ctx: EvalContext): { stepOptions?: ts.Expression } | undefined {
  if (!T.isCallExpression(e)) return undefined;
  const helper = awaitlyExport(e.expression, POLICY_HELPERS, ctx.checker);
  if (!helper) return undefined;
  const first = e.arguments[0] && unwrap(e.arguments[0]);
  const policies = helper === 'withPolicies' ? (first && T.isArrayLiteralExpression(first) ? [...first.elements] : undefined) : first ? [first] : undefined;
  const builtIn = (p: ts.Expression) => {
    const u = unwrap(p);
    return T.isPropertyAccessExpression(u) && awaitlyExport(u.expression, POLICY_TABLES, ctx.checker) !== undefined;
  };
  if (!policies || !policies.every(builtIn)) return undefined;
  return { ...(e.arguments[1] ? { stepOptions: e.arguments[1] } : {}) };
}

export function isUndefinedExpr(e: ts.Expression): boolean {
  const u = unwrap(e);
  return (T.isIdentifier(u) && u.text === 'undefined') || T.isVoidExpression(u);
}

// ---- non-deterministic values -------------------------------------------------------------------------

const UNSTABLE_MEMBER = new Set([
  'Date.now', 'Math.random', 'crypto.randomUUID', 'crypto.getRandomValues', 'performance.now', 'process.hrtime',
  'hrtime.bigint', 'uuid.v1', 'uuid.v4', 'uuid.v7', 'nanoid.nanoid', 'crypto.randomBytes', 'crypto.randomInt',
]);
const UNSTABLE_FUNCTION = new Set([
  'randomUUID', 'uuid', 'uuidv1', 'uuidv4', 'uuidv7', 'v1', 'v4', 'v7', 'nanoid', 'customAlphabet', 'ulid', 'monotonicFactory',
  'cuid', 'cuid2', 'createId', 'shortid', 'randomBytes', 'randomInt', 'Date',
]);

/** Is `expr` (`name` or `x.name`) one of awaitly's own exports called `names`? */
export function awaitlyExport(expr: ts.Expression, names: ReadonlySet<string>, checker: ts.TypeChecker): string | undefined {
  const e = unwrap(expr);
  const name = T.isIdentifier(e) ? e : T.isPropertyAccessExpression(e) ? e.name : undefined;
  if (!name || !names.has(name.text)) return undefined;
  const decl = firstDeclaration(resolvedSymbol(checker, name));
  return decl && isAwaitlyFile(decl.getSourceFile().fileName) ? name.text : undefined;
}

const CREATE_HOOK = new Set(['createHook']);

/** awaitly's createHook(): a fresh UUID hook id and step key `hook:<uuid>` on every call. */
function isAwaitlyCreateHook(callee: ts.Expression, ctx: EvalContext): boolean {
  return awaitlyExport(callee, CREATE_HOOK, ctx.checker) !== undefined;
}

function unstableCallName(node: ts.Node, ctx: EvalContext): string | undefined {
  if (T.isNewExpression(node)) {
    return T.isIdentifier(node.expression) && node.expression.text === 'Date' && (node.arguments?.length ?? 0) === 0 ? 'new Date()' : undefined;
  }
  if (!T.isCallExpression(node)) return undefined;
  const callee = unwrap(node.expression);
  if (isAwaitlyCreateHook(callee, ctx)) return 'createHook()';
  if (T.isIdentifier(callee)) return UNSTABLE_FUNCTION.has(callee.text) ? `${callee.text}()` : undefined;
  if (T.isPropertyAccessExpression(callee)) {
    const obj = unwrap(callee.expression);
    const objName = T.isIdentifier(obj) ? obj.text : T.isPropertyAccessExpression(obj) ? obj.name.text : undefined;
    const pair = `${objName}.${callee.name.text}`;
    if (UNSTABLE_MEMBER.has(pair)) return `${pair}()`;
  }
  return undefined;
}

/**
 * Non-deterministic values inside `expr` (calls such as Date.now(), awaitly's createHook(), the ctx.workflowId
 * of an unnamed run), following local variables and destructurings to their initializers and helper parameters
 * to their arguments.
 */
export function findUnstable(expr: ts.Expression, ctx: EvalContext): Array<{ text: string; file: string; range: Range }> {
  const found: Array<{ text: string; file: string; range: Range }> = [];
  const seen = new Set<ts.Node>();
  const visit = (node: ts.Node, depth: number): void => {
    if (depth > MAX_DEPTH || seen.has(node)) return;
    seen.add(node);
    const name = unstableCallName(node, ctx);
    if (name || (T.isPropertyAccessExpression(node) && node.name.text === 'workflowId' && ctx.freshRunId?.(node))) {
      found.push({ text: node.getText(), file: node.getSourceFile().fileName, range: nodeRange(node) });
      return;
    }
    if (T.isIdentifier(node) && !(node.parent && T.isPropertyAccessExpression(node.parent) && node.parent.name === node)) {
      const arg = argumentOf(node, ctx);
      if (arg) return visit(arg, depth + 1);
      const decl = firstDeclaration(resolvedSymbol(ctx.checker, node));
      const init = decl && initializerOf(decl);
      if (init && !decl.getSourceFile().isDeclarationFile) {
        ctx.files.add(decl.getSourceFile().fileName);
        visit(init, depth + 1);
      }
      return;
    }
    if (T.isFunctionLike(node)) return; // a function value is not evaluated here
    T.forEachChild(node, (c) => visit(c, depth));
  };
  visit(expr, 0);
  return found;
}

/** The initializer a variable (or a name destructured from one: `const { stepKey } = createHook()`) takes its value from. */
function initializerOf(decl: ts.Declaration): ts.Expression | undefined {
  let d: ts.Node = decl;
  while (T.isBindingElement(d)) {
    if (d.initializer) return undefined; // a default: the value may come from either side; not followed
    d = d.parent.parent; // binding pattern → its declaration
  }
  return T.isVariableDeclaration(d) ? d.initializer : undefined;
}
