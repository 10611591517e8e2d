// The pre-4 step form `step(() => op(), { key })`: the first argument is not a string id. awaitly (1.35.0 and
// 4.5.1 alike) fails the run at that call; reading it by position would take the function for the id and the
// options for the operation. step-info.ts asks this before reading the call by position.
import type { KindSpec } from './step-kinds';
import { ts, unwrap, plainTs } from './ts-util';

const T = plainTs;

export const MISSING_ID_RULE = 'the first argument is not a string id: awaitly fails the run at this call, so nothing is cached or recorded';

/** The first argument when it is certainly not a string (a function, a call, an object); undefined otherwise. */
export function missingIdArgument(call: ts.CallExpression, spec: KindSpec, checker: ts.TypeChecker): ts.Expression | undefined {
  if (spec.kind === 'bound' || spec.kind === 'streamForEach') return undefined;
  const arg = call.arguments[0];
  if (!arg) return undefined;
  const e = unwrap(arg);
  if (T.isStringLiteralLike(e) || T.isTemplateExpression(e) || T.isBinaryExpression(e)) return undefined;
  if (T.isArrowFunction(e) || T.isFunctionExpression(e) || T.isObjectLiteralExpression(e) || T.isAwaitExpression(e)) return arg;
  if (!T.isCallExpression(e) && !T.isIdentifier(e) && !T.isPropertyAccessExpression(e) && !T.isElementAccessExpression(e)) return undefined;
  const t = checker.getTypeAtLocation(e);
  // Unknown, any, a type parameter or anything that may be a string: not provably wrong.
  const maybeString = (x: ts.Type): boolean => (x.flags & (T.TypeFlags.StringLike | T.TypeFlags.Any | T.TypeFlags.Unknown | T.TypeFlags.TypeParameter | T.TypeFlags.Never)) !== 0;
  if (maybeString(t) || (t.isUnion() && t.types.some(maybeString))) return undefined;
  return arg;
}

/** The `key` option next to a misplaced operation (`step(fn, { key: 'user:1' })`) as written, when it is a string literal. */
export function literalKeyNextTo(call: ts.CallExpression): string | undefined {
  const o = call.arguments[1] && unwrap(call.arguments[1]);
  if (!o || !T.isObjectLiteralExpression(o)) return undefined;
  for (const p of o.properties) {
    if (T.isPropertyAssignment(p) && p.name.getText() === 'key' && T.isStringLiteral(p.initializer) && p.initializer.text) return p.initializer.getText();
  }
  return undefined;
}
