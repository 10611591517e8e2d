// Which local symbols hold awaitly's step function, the bound-steps object, the run's ctx, one step method or
// bound step taken out of them (`const retry = step.retry`, `const { sleep } = step`, `const { getUser } = steps`),
// or an object carrying them. Matching is by symbol, so a shadowed `step`, an unrelated `step` function or the
// word in a string never match.
import { STEP_METHODS } from './step-kinds';
import { localSymbol, ts, unwrap, memberName, memberObject, propertyNameText, findProperty, propertyValue, plainTs } from './ts-util';

// Plain copy of the ts namespace for value access (see plainTs in ts-util.ts).
const T = plainTs;

/**
 * step, the bound steps, ctx, a step method (`step.retry`) or one bound step (`steps.getUser`) held on its own;
 * 'core': the uncached core step a step.forEach item handler receives (`step.item((item, i, s) => …)`).
 */
export type Role = 'step' | 'bound' | 'ctx' | 'core' | `step.${string}` | `steps.${string}` | `core.${string}`;

/** Roles a helper call passes on: step and what carries steps (ctx alone holds none). */
export function carriesSteps(role: Role | Map<string, Role> | undefined): boolean {
  return role !== undefined && role !== 'ctx';
}

export class Bindings {
  readonly roles = new Map<ts.Symbol, Role>();
  /** Symbols of objects whose properties are step / bound steps (the callback's context object). */
  readonly containers = new Map<ts.Symbol, Map<string, Role>>();
  /** Identifier texts worth asking the checker about (cheap pre-filter). */
  readonly names = new Set<string>();

  constructor(private readonly checker: ts.TypeChecker) {}

  /** The standard callback context `{ step, steps, deps, ctx }`. */
  static contextRoles(): Map<string, Role> {
    return new Map<string, Role>([['step', 'step'], ['steps', 'bound'], ['ctx', 'ctx']]);
  }

  /** Binds a declaration name (parameter or variable) to a role, or destructures a container (or step, steps) into it. */
  bindName(name: ts.BindingName, role: Role | Map<string, Role>): void {
    if (T.isIdentifier(name)) {
      const sym = this.checker.getSymbolAtLocation(name);
      if (!sym) return;
      this.names.add(name.text);
      if (role instanceof Map) this.containers.set(sym, role);
      else this.roles.set(sym, role);
      return;
    }
    if (!T.isObjectBindingPattern(name)) return;
    for (const el of name.elements) {
      if (el.dotDotDotToken) continue;
      const prop = propertyNameText(el.propertyName ?? el.name);
      if (prop === undefined) continue;
      const r = role instanceof Map ? role.get(prop) : member(role, prop);
      if (r) this.bindName(el.name, r);
    }
  }

  /** What an expression denotes: a role, a container, or nothing we track. */
  roleOf(expr: ts.Expression): Role | Map<string, Role> | undefined {
    const e = unwrap(expr);
    if (T.isIdentifier(e)) {
      if (!this.names.has(e.text)) return undefined;
      const sym = localSymbol(this.checker, e);
      if (!sym) return undefined;
      return this.roles.get(sym) ?? this.containers.get(sym);
    }
    const name = memberName(e);
    const obj = memberObject(e);
    if (name !== undefined && obj) {
      const parent = this.roleOf(obj);
      if (parent instanceof Map) return parent.get(name);
      if (parent) return member(parent, name);
    }
    if (T.isObjectLiteralExpression(e)) {
      const roles = new Map<string, Role>();
      for (const p of e.properties) {
        if (T.isSpreadAssignment(p) || !p.name) continue;
        const key = propertyNameText(p.name);
        const value = propertyValue(p);
        const r = value ? this.roleOf(value) : undefined;
        if (key !== undefined && r !== undefined && !(r instanceof Map) && r !== 'ctx') roles.set(key, r);
      }
      return roles.size ? roles : undefined;
    }
    return undefined;
  }

  /** A copy for a helper body: parameters get fresh symbols, outer bindings stay visible. */
  fork(): Bindings {
    const b = new Bindings(this.checker);
    for (const [k, v] of this.roles) b.roles.set(k, v);
    for (const [k, v] of this.containers) b.containers.set(k, v);
    for (const n of this.names) b.names.add(n);
    return b;
  }
}

/** `step.<method>` (a cached step method) and `steps.<dep>` (one bound step); nothing else is a step. */
function member(role: Role, name: string): Role | undefined {
  if (role === 'step' || role === 'core') return Object.hasOwn(STEP_METHODS, name) ? `${role}.${name}` : undefined;
  if (role === 'bound') return `steps.${name}`;
  return undefined;
}

export { findProperty };
