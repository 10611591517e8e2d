// The argument fingerprint awaitly 4.x durable records for a bound step (metadata.stepArgs) and compares on
// resume: FNV-1a (32 bit, base 36) over the JSON of the arguments, functions as "[fn]", bigints as "<n>n",
// undefined as "[undefined]", cut at 2048 characters (awaitly src/core/bound-steps.ts, fingerprintArgs). Known
// here only for arguments written as plain values; checked against 4.5.1's stepArgs in core/test/replay/plan-4x.test.ts.
import { staticJsonValue, type EvalContext } from './key-eval';
import type { ts } from './ts-util';

export function fingerprintOf(values: unknown[]): string | undefined {
  const json = JSON.stringify(values, (_k, v: unknown) => (typeof v === 'function' ? '[fn]' : typeof v === 'bigint' ? `${v}n` : v === undefined ? '[undefined]' : v));
  if (json === undefined) return undefined;
  const input = json.length > 2048 ? json.slice(0, 2048) : json;
  let hash = 2166136261;
  for (let i = 0; i < input.length; i++) {
    hash ^= input.charCodeAt(i);
    hash = Math.imul(hash, 16777619);
  }
  return (hash >>> 0).toString(36);
}

/** The fingerprint of a bound step's call, when every argument is a value known without running the code. */
export function argsFingerprint(call: ts.CallExpression, ctx: EvalContext): string | undefined {
  const values: unknown[] = [];
  for (const a of call.arguments) {
    const v = staticJsonValue(a, ctx);
    if (!v.known) return undefined;
    values.push(v.value);
  }
  return fingerprintOf(values);
}
