// Which local symbols hold awaitly's step function, the bound-steps object, or an object carrying them.
// Matching is by symbol, so a shadowed `step`, an unrelated `step` function or the word in a string never match.
import { localSymbol, ts, unwrap, memberName, memberObject, propertyNameText, findProperty, propertyValue, plainTs } from './ts-util';

// Plain copy of the ts namespace for value access (see plainTs in ts-util.ts).
const T = plainTs;

export type Role = 'step' | 'bound';

export class Bindings {
  readonly step = new Set<ts.Symbol>();
  readonly bound = new Set<ts.Symbol>();
  /** Symbols of objects whose properties are step / bound steps (the callback's context object). */
  readonly containers = new Map<ts.Symbol, Map<string, Role>>();
  /** Identifier texts worth asking the checker about (cheap pre-filter). */
  readonly names = new Set<string>();

  constructor(private readonly checker: ts.TypeChecker) {}

  /** The standard callback context `{ step, steps, deps, ctx }`. */
  static contextRoles(): Map<string, Role> {
    return new Map<string, Role>([['step', 'step'], ['steps', 'bound']]);
  }

  /** Binds a declaration name (parameter or variable) to a role, or destructures a container into it. */
  bindName(name: ts.BindingName, role: Role | Map<string, Role>): void {
    if (T.isIdentifier(name)) {
      const sym = this.checker.getSymbolAtLocation(name);
      if (!sym) return;
      this.names.add(name.text);
      if (role === 'step') this.step.add(sym);
      else if (role === 'bound') this.bound.add(sym);
      else this.containers.set(sym, role);
      return;
    }
    if (T.isObjectBindingPattern(name) && role instanceof Map) {
      for (const el of name.elements) {
        if (el.dotDotDotToken) continue;
        const prop = propertyNameText(el.propertyName ?? el.name);
        const r = prop !== undefined ? role.get(prop) : undefined;
        if (r) this.bindName(el.name, r);
      }
    }
  }

  /** What an expression denotes: the step function, the bound steps, a container, or nothing we track. */
  roleOf(expr: ts.Expression): Role | Map<string, Role> | undefined {
    const e = unwrap(expr);
    if (T.isIdentifier(e)) {
      if (!this.names.has(e.text)) return undefined;
      const sym = localSymbol(this.checker, e);
      if (!sym) return undefined;
      if (this.step.has(sym)) return 'step';
      if (this.bound.has(sym)) return 'bound';
      return this.containers.get(sym);
    }
    const name = memberName(e);
    const obj = memberObject(e);
    if (name !== undefined && obj) {
      const parent = this.roleOf(obj);
      if (parent instanceof Map) return parent.get(name);
    }
    if (T.isObjectLiteralExpression(e)) {
      const roles = new Map<string, Role>();
      for (const p of e.properties) {
        if (T.isSpreadAssignment(p) || !p.name) continue;
        const key = propertyNameText(p.name);
        const value = propertyValue(p);
        const r = value ? this.roleOf(value) : undefined;
        if (key !== undefined && (r === 'step' || r === 'bound')) roles.set(key, r);
      }
      return roles.size ? roles : undefined;
    }
    return undefined;
  }

  /** A copy for a helper body: parameters get fresh symbols, outer bindings stay visible. */
  fork(): Bindings {
    const b = new Bindings(this.checker);
    for (const s of this.step) b.step.add(s);
    for (const s of this.bound) b.bound.add(s);
    for (const [k, v] of this.containers) b.containers.set(k, v);
    for (const n of this.names) b.names.add(n);
    return b;
  }
}

export { findProperty };
