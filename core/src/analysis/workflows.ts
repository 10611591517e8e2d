// Finds workflow run sites in one source file: the callback whose `step` we follow, the entry form, and the
// definition (createWorkflow call, durable.run, run) that gives the workflow its name.
import type { EntryName, EntryResolver } from './entry-points';
import type { WorkflowEntry } from './types';
import { ENTRY_EXPORTS } from '../semantics/lines';
import { MARKER_METHODS, STEP_METHODS } from './step-kinds';
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

/** A form awaitly fails on (semantics/lines.ts FailingForm), found while classifying the run site. */
export interface RawMisuse {
  form: 'positional-workflow-callback' | 'callable-workflow';
  node: ts.Node;
  /** What was written and what to write instead. */
  detail: string;
}

/** An entry recognised at a call whose steps are not analysed, and why (reported as entry-not-analysed). */
export interface SeenEntry {
  call: ts.CallExpression;
  /** The entry as written: `durable.run`, `createEngine`, `harness.runSaga`, … */
  entry: string;
  reason: string;
}

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
  misuse?: RawMisuse;
  /** Facts about this run site the notes should carry (options awaitly ignores here, …). */
  notes?: string[];
}

/** Entries whose call returns an object that later runs a workflow (wf.run, harness.run, orchestrator.execute). */
type HostEntry = 'createWorkflow' | 'createSagaWorkflow' | 'createWorkflowHarness' | 'createSagaHarness' | 'createHITLOrchestrator';
const HOST_ENTRIES = new Set<EntryName>(['createWorkflow', 'createSagaWorkflow', 'createWorkflowHarness', 'createSagaHarness', 'createHITLOrchestrator']);

interface WorkflowDef {
  entry: HostEntry;
  call: ts.CallExpression;
  variable?: string;
}

/** Resolves an expression to the createWorkflow(...) (or harness / orchestrator) call that produced it (through variables, imports, withDeps). */
export function resolveWorkflowDef(expr: ts.Expression, entries: EntryResolver, checker: ts.TypeChecker, files: Set<string>, depth = 0): WorkflowDef | undefined {
  if (depth > 6) return undefined;
  const e = unwrap(expr);
  if (T.isCallExpression(e)) {
    const entry = entries.entryOf(e.expression);
    if (entry && HOST_ENTRIES.has(entry)) return { entry: entry as HostEntry, call: e };
    // withDeps(wf, overrides) (4.x function) and wf.withDeps(overrides): the same workflow with other deps.
    if (entry === 'withDeps' && e.arguments[0]) return resolveWorkflowDef(e.arguments[0], entries, checker, files, depth + 1);
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

export interface FoundWorkflows {
  workflows: RawWorkflow[];
  unanalysed: SeenEntry[];
}

/** One pass over a file's call expressions. */
export function findWorkflows(sf: ts.SourceFile, entries: EntryResolver, checker: ts.TypeChecker, files: Set<string>): FoundWorkflows {
  const found: RawWorkflow[] = [];
  const unanalysed: SeenEntry[] = [];
  const imports = importedNames(sf);
  // Instead of visiting every node (a 2,000-line workflow has ~30k), find the few places in the text where a
  // workflow call can start and descend to the calls there.
  const seen = new Set<ts.CallExpression>();
  const offsets = candidateOffsets(sf.text, imports);
  const callsByOffset = callsAt(sf, offsets);
  for (const offset of offsets) {
    for (const call of callsByOffset.get(offset)!) {
      if (seen.has(call) || !mayBeWorkflowCall(call, imports)) continue;
      seen.add(call);
      const c = classify(call, entries, checker, files);
      for (const w of Array.isArray(c) ? c : c ? [c] : []) {
        if ('reason' in w) unanalysed.push(w);
        else found.push(w);
      }
    }
  }
  // Source order, outer call first (the order a pre-order walk gives): workflow ids number repeats in this order.
  return {
    workflows: found.sort((a, b) => a.site.pos - b.site.pos || b.site.end - a.site.end),
    unanalysed: unanalysed.sort((a, b) => a.call.pos - b.call.pos),
  };
}

/** Offsets of the `(` or `<` right after a callee that may start a workflow call. Strings and comments may add a few. */
function candidateOffsets(text: string, imports: Map<string, [string, string]>): number[] {
  const out: number[] = [];
  // `atStart`: the match begins at the offset (else it ends there).
  const collect = (re: RegExp, atStart = false) => {
    for (const m of text.matchAll(re)) out.push(atStart ? m.index! : m.index! + m[0].length - 1);
  };
  collect(/\.\s*(?:run|runWithState|createWorkflow|createSagaWorkflow|runSaga|durable|strict|execute|resume|runWithInput)\s*[(<]/g);
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

/**
 * For each offset, the call expressions whose callee ends before it and whose arguments start after it, outer first.
 * One descent for all offsets (sorted): a node is entered only when an offset falls inside it, so a 640-statement
 * callback body is scanned once, not once per candidate (an imported helper called on every other line is one).
 */
function callsAt(sf: ts.SourceFile, offsets: readonly number[]): Map<number, ts.CallExpression[]> {
  const sorted = [...new Set(offsets)].sort((a, b) => a - b);
  const out = new Map<number, ts.CallExpression[]>(sorted.map((o) => [o, []]));
  // `node` holds the offsets sorted[lo..hi); each child gets those inside it.
  const descend = (node: ts.Node, lo: number, hi: number): void => {
    let i = lo;
    T.forEachChild(node, (c) => {
      while (i < hi && sorted[i]! < c.pos) i++;
      if (i >= hi) return true;
      let j = i;
      while (j < hi && sorted[j]! < c.end) j++;
      if (j === i) return undefined;
      if (T.isCallExpression(c)) {
        for (let k = i; k < j; k++) if (c.expression.end <= sorted[k]! && sorted[k]! < c.arguments.pos) out.get(sorted[k]!)!.push(c);
      }
      descend(c, i, j);
      i = j;
      return undefined;
    });
  };
  descend(sf, 0, sorted.length);
  return out;
}

/** Methods of an entry's result that run a workflow: wf.run, run.strict, harness.runWithInput, orchestrator.execute, … */
const RUN_METHODS = new Set(['run', 'runWithState', 'strict', 'execute', 'resume', 'runWithInput', 'runSaga']);

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
  return method !== undefined && (RUN_METHODS.has(method) || ENTRY_EXPORTS.has(method));
}

const NOT_A_FUNCTION = 'its callback is not a function the analysis can see (a parameter, or a value computed at run time)';


/** `(step, deps) => …` where the entry passes one context object `{ step, steps, deps, ctx }`. */
function positionalMisuse(callback: RawWorkflow['callback'], written: string): RawMisuse | undefined {
  const first = callback.parameters[0];
  if (!first || !T.isIdentifier(first.name)) return undefined;
  const name = first.name.text;
  const called = callback.parameters.length >= 2 || callsDirectly(callback.body, name);
  // (ctx) => ctx.step(…) is the object form; (step) => step(…) or step.sleep(…) is the positional one.
  if (!called) return undefined;
  return { form: 'positional-workflow-callback', node: first,
    detail: `${written}(…) calls its callback with one context object { step, steps, deps, ctx }, not (step, deps): \`${name}\` is that object. Destructure it: async ({ step, deps }) => …` };
}

/** Is `name` called as the step function: `name(…)` or `name.<step method>(…)`? */
function callsDirectly(body: ts.Node | undefined, name: string): boolean {
  let hit = false;
  const isName = (e: ts.Expression) => T.isIdentifier(e) && e.text === name;
  const visit = (n: ts.Node): void => {
    if (hit) return;
    if (T.isCallExpression(n)) {
      const callee = unwrap(n.expression);
      const method = memberName(callee);
      const obj = memberObject(callee);
      if (isName(callee) || (method !== undefined && obj && isName(unwrap(obj)) && (method in STEP_METHODS || MARKER_METHODS.has(method)))) {
        hit = true;
        return;
      }
    }
    T.forEachChild(n, visit);
  };
  if (body) visit(body);
  return hit;
}

/** Options core run() accepts in its type but never uses to restore (4.5.1 runs the step again with them). */
function ignoredRunOptions(options: ts.Expression | undefined, invocation: string): string[] {
  const o = options && unwrap(options);
  if (!o || !T.isObjectLiteralExpression(o)) return [];
  const ignored = o.properties.map((p) => p.name?.getText()).filter((n): n is string => n === 'cache' || n === 'resumeState' || n === 'snapshot');
  return ignored.length ? [`${invocation}(fn, { ${ignored.join(', ')} }): core run() has no step cache; awaitly ignores ${ignored.join(' and ')} and every step runs again`] : [];
}

/** The callee as written, shortened for messages: `checkout.run`, `durable.run`. */
function calleeText(call: ts.CallExpression): string {
  const text = call.expression.getText().replace(/\s+/g, '');
  return text.length > 40 ? `…${text.slice(-39)}` : text;
}

function objectWorkflow(
  call: ts.CallExpression, entry: WorkflowEntry, invocation: string, callback: RawWorkflow['callback'], definition: ts.CallExpression,
  extra: Partial<RawWorkflow> = {},
): RawWorkflow {
  const misuse = extra.misuse ?? positionalMisuse(callback, calleeText(call));
  // A misused (step, deps) callback is analysed as the writer meant it, so its steps stay visible.
  return { entry, invocation, callback, shape: misuse ? 'step-positional' : 'object', site: call, definition, ...extra, ...(misuse ? { misuse } : {}) };
}

function classify(call: ts.CallExpression, entries: EntryResolver, checker: ts.TypeChecker, files: Set<string>): RawWorkflow | SeenEntry | RawWorkflow[] | undefined {
  const callee = unwrap(call.expression);
  const args = call.arguments;
  const method = memberName(callee);
  const seen = (entry: string, reason = NOT_A_FUNCTION): SeenEntry => ({ call, entry, reason });

  // wf.run(...) / wf.runWithState(...) / harness.run(...) / orchestrator.execute(...) on an object an entry made.
  if (method !== undefined && RUN_METHODS.has(method) && T.isPropertyAccessExpression(callee)) {
    const entry = entries.entryOf(callee);
    if (entry === 'durable.run') {
      const callback = resolveCallback(args[1], checker, files);
      if (!callback) return seen('durable.run');
      return objectWorkflow(call, 'durable.run', 'durable.run', callback, call, { nameExpr: optionsName(args[2], 'id') });
    }
    if (entry === 'run.strict') {
      const callback = resolveCallback(args[0], checker, files);
      if (!callback) return seen('run.strict');
      return objectWorkflow(call, 'run', 'run.strict', callback, call, { nameExpr: optionsName(args[1], 'workflowName'), variable: variableOf(call) });
    }
    const def = resolveWorkflowDef(callee.expression, entries, checker, files);
    if (def) return classifyHosted(call, method, def, entries, checker, files);
  }

  const entry = entries.entryOf(callee);
  if (entry === 'run') {
    // run(fn, options?) or run(deps, fn, options?)
    if (isFunctionArg(args[0], checker, files)) {
      const callback = resolveCallback(args[0], checker, files)!;
      return objectWorkflow(call, 'run', 'run', callback, call, { nameExpr: optionsName(args[1], 'workflowName'), variable: variableOf(call), notes: ignoredRunOptions(args[1], 'run') });
    }
    const callback = resolveCallback(args[1], checker, files);
    if (!callback) return seen('run');
    // run('name', fn): core run has no name overload; the string is taken as deps and fn is called (steps, { step }).
    if (args[0] && isNameArgument(args[0], checker)) {
      const misuse: RawMisuse = { form: 'positional-workflow-callback', node: args[0],
        detail: `run(name, fn) is not a form of core run(): awaitly takes the string as deps and calls the callback as (steps, { step }), so \`step\` is undefined. Write run(fn, { workflowName: ${args[0].getText()} })` };
      return { entry: 'run', invocation: 'run', callback, shape: 'object', site: call, definition: call, variable: variableOf(call), misuse };
    }
    return { entry: 'run-deps', invocation: 'run', callback, shape: 'deps-positional', site: call, definition: call,
      nameExpr: optionsName(args[2], 'workflowName'), variable: variableOf(call) };
  }
  if (entry === 'runSaga') {
    const callback = resolveCallback(args[0], checker, files);
    if (!callback) return seen('runSaga');
    return objectWorkflow(call, 'runSaga', 'runSaga', callback, call, { variable: variableOf(call) });
  }
  if (entry === 'testWorkflow') {
    const callback = resolveCallback(args[1], checker, files);
    if (!callback) return seen('testWorkflow');
    return objectWorkflow(call, 'testWorkflow', 'testWorkflow', callback, call, { variable: variableOf(call) });
  }
  if (entry === 'createWebhookHandler' || entry === 'createEventHandler') {
    // (workflow, fn, config): the handler runs workflow.run(fn); name and definition come from the workflow.
    const callback = resolveCallback(args[1], checker, files);
    if (!callback) return seen(entry);
    const def = args[0] ? resolveWorkflowDef(args[0], entries, checker, files) : undefined;
    const named = def && (def.entry === 'createWorkflow' || def.entry === 'createSagaWorkflow') && isNameArgument(def.call.arguments[0], checker);
    return objectWorkflow(call, 'webhook', entry, callback, def?.call ?? call, {
      ...(named ? { nameExpr: def.call.arguments[0] } : {}), variable: def?.variable ?? variableOf(call) });
  }
  if (entry === 'createEngine') {
    const found = engineWorkflows(call, checker, files);
    return found.length ? found : seen('createEngine', 'no registered workflow with a visible fn callback (createEngine({ workflows: { name: { deps, fn } } }) with an object literal is what the analysis reads)');
  }

  // The persistence guide's callable form: workflow(async (step, deps) => ...). Not callable in 1.35/4.x,
  // but old code still has it, so its steps are analysed (and callable-workflow reports it).
  if ((T.isIdentifier(callee) || T.isPropertyAccessExpression(callee)) && args.length >= 1 && !entry) {
    const fn = unwrap(args[0]!);
    if ((T.isArrowFunction(fn) || T.isFunctionExpression(fn)) && fn.parameters.length >= 1) {
      const def = resolveWorkflowDef(callee, entries, checker, files);
      if (def && (def.entry === 'createWorkflow' || def.entry === 'createSagaWorkflow')) {
        const first = def.call.arguments[0];
        const named = isNameArgument(first, checker);
        const p0 = fn.parameters[0]!;
        const misuse: RawMisuse = { form: 'callable-workflow', node: callee,
          detail: `${callee.getText()}(…) calls the workflow object, a plain { run, runWithState, withDeps }: write ${callee.getText()}.run(async ({ step, deps }) => …)` };
        return { entry: 'callable', invocation: 'call', callback: fn, shape: T.isIdentifier(p0.name) ? 'step-positional' : 'object', site: call, definition: def.call,
          nameExpr: named ? first : undefined, variable: def.variable, unnamed: !named, misuse };
      }
    }
  }
  return undefined;
}

const ENGINE_NOTE = 'createEngine runs it through durable.run under the job id (<name>:<uuid> unless enqueue gives one): checkpoints are durable snapshots, resumed by a durable.run with that id; the engine does not retry a failed job itself';

/** createEngine({ workflows: { nightly: { deps, fn } } }): one durable workflow per registered fn, labelled by its name. */
function engineWorkflows(call: ts.CallExpression, checker: ts.TypeChecker, files: Set<string>): RawWorkflow[] {
  const options = call.arguments[0] && unwrap(call.arguments[0]);
  const registry = options && T.isObjectLiteralExpression(options) ? optionsName(options, 'workflows') : undefined;
  const reg = registry && unwrap(registry);
  if (!reg || !T.isObjectLiteralExpression(reg)) return [];
  const out: RawWorkflow[] = [];
  for (const p of reg.properties) {
    const value = T.isPropertyAssignment(p) ? unwrap(p.initializer) : undefined;
    const name = p.name && (T.isIdentifier(p.name) || T.isStringLiteral(p.name)) ? p.name.text : undefined;
    if (!value || !name || !T.isObjectLiteralExpression(value)) continue;
    const fn = optionsName(value, 'fn') ?? value.properties.find((q) => T.isMethodDeclaration(q) && q.name.getText() === 'fn');
    const callback = fn && (T.isMethodDeclaration(fn) ? fn : resolveCallback(fn as ts.Expression, checker, files));
    if (callback) out.push(objectWorkflow(call, 'durable.run', 'createEngine', callback, call, { variable: name, notes: [ENGINE_NOTE] }));
  }
  return out;
}

/** A run method called on what an entry returned: a workflow, a testing harness, a HITL orchestrator. */
function classifyHosted(call: ts.CallExpression, method: string, def: WorkflowDef, entries: EntryResolver, checker: ts.TypeChecker, files: Set<string>): RawWorkflow | SeenEntry | undefined {
  const args = call.arguments;
  const seen = (entry: string, reason = NOT_A_FUNCTION): SeenEntry => ({ call, entry, reason });
  if (def.entry === 'createWorkflow' || def.entry === 'createSagaWorkflow') {
    if (method !== 'run' && method !== 'runWithState') return undefined;
    // run(fn) | run(fn, config) | run(name, fn) | run(name, fn, config)
    const fnArg = isFunctionArg(args[0], checker, files) ? args[0] : args[1];
    const callback = resolveCallback(fnArg, checker, files);
    if (!callback) return seen(`${def.variable ?? 'workflow'}.${method}`);
    const first = def.call.arguments[0];
    const named = isNameArgument(first, checker);
    return objectWorkflow(call, def.entry, method, callback, def.call, { nameExpr: named ? first : undefined, variable: def.variable, unnamed: !named });
  }
  if (def.entry === 'createWorkflowHarness' || def.entry === 'createSagaHarness') {
    if (method === 'runSaga') return seen('harness.runSaga', 'the saga harness passes { saga, deps } and its steps are saga.step calls, which are not followed yet');
    const fnArg = method === 'runWithInput' ? args[1] : method === 'run' ? args[0] : undefined;
    if (!fnArg) return undefined;
    const callback = resolveCallback(fnArg, checker, files);
    if (!callback) return seen(`harness.${method}`);
    return objectWorkflow(call, 'harness', method, callback, def.call, { variable: def.variable ?? variableOf(call) });
  }
  // createHITLOrchestrator(...).execute(name, factory, fn, input) / .resume(runId, factory, fn)
  if (method !== 'execute' && method !== 'resume') return undefined;
  const callback = resolveCallback(args[2], checker, files);
  if (!callback) return seen(`orchestrator.${method}`);
  // execute names the run; resume takes a run id, so the name comes from the factory's createWorkflow('name', …).
  const nameExpr = method === 'execute' ? args[0] : factoryWorkflowName(args[1], entries, checker);
  return objectWorkflow(call, 'hitl', method, callback, call, { ...(nameExpr ? { nameExpr } : {}), variable: variableOf(call) });
}

/** `({ resumeState, onEvent }) => createWorkflow('name', deps, …)`: the name argument, when the factory is that arrow. */
function factoryWorkflowName(factory: ts.Expression | undefined, entries: EntryResolver, checker: ts.TypeChecker): ts.Expression | undefined {
  const f = factory && unwrap(factory);
  if (!f || !T.isArrowFunction(f) || !T.isExpression(f.body)) return undefined;
  const body = unwrap(f.body);
  if (!T.isCallExpression(body) || entries.entryOf(body.expression) !== 'createWorkflow') return undefined;
  return isNameArgument(body.arguments[0], checker) ? body.arguments[0] : undefined;
}
