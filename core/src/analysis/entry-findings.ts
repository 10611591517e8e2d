// Diagnostics about how a workflow is started rather than about its step keys: forms awaitly fails on
// (step without an id, a (step, deps) callback, calling the workflow object, an unnamed createWorkflow in 1.35),
// entries recognised but not analysed, and files with step calls that no analysed workflow reaches.
import type { Finding, WorkflowInfo } from './types';
import type { RawWorkflow, SeenEntry } from './workflows';
import type { AwaitlyLine } from '../semantics/lines';
import { ENTRIES } from '../semantics/entries';
import { nodeRange, ts } from './ts-util';

export const STEP_ID_MISSING = 'step-id-missing';
export const POSITIONAL_CALLBACK = 'positional-workflow-callback';
export const CALLABLE_WORKFLOW = 'callable-workflow';
export const UNNAMED_CREATE_WORKFLOW = 'createworkflow-without-name';
export const ENTRY_NOT_ANALYSED = 'entry-not-analysed';
export const MISSING_STEP_METHOD = 'missing-step-method';

const INSTEAD: Record<string, string> = {
  parallel: 'Use step.all(id, { a: () => …, b: () => … })',
  fromNullable: "Use step('id', async () => { const v = await op(); return v == null ? err(onNull()) : ok(v); })",
};

/** step.parallel (no line has it) and step.fromNullable inside createWorkflow-based runs (their step wrapper lacks it). */
export function missingMethodFindings(wf: WorkflowInfo, line: AwaitlyLine): Finding[] {
  // Entries that restore are exactly those whose step is createWorkflow's cached wrapper (semantics/entries.ts).
  const inWorkflow = ENTRIES[wf.entry].restores;
  return wf.steps.filter((s) => {
    const where = line.missingStepMethods[s.method];
    return s.kind !== 'bound' && (where === 'everywhere' || (where === 'workflows' && inWorkflow));
  }).map((s) => ({
    code: MISSING_STEP_METHOD, severity: 'error' as const, file: s.file, range: s.calleeRange, workflow: wf.id,
    message: `step.${s.method} is not a method of the step awaitly passes here: in awaitly ${line.verifiedWith}, ${line.failingForms[MISSING_STEP_METHOD]!.replace('<method>', s.method)}. ${INSTEAD[s.method] ?? ''}`.trim(),
  }));
}
export const NO_WORKFLOW_FOUND = 'no-workflow-found';

function at(node: ts.Node): { file: string; range: Finding['range'] } {
  return { file: node.getSourceFile().fileName, range: nodeRange(node) };
}

/** The run-site forms awaitly fails on, for one classified workflow. */
export function runSiteFindings(raw: RawWorkflow, wf: WorkflowInfo, line: AwaitlyLine): Finding[] {
  const out: Finding[] = [];
  if (raw.misuse) {
    out.push({ code: raw.misuse.form, severity: 'error', ...at(raw.misuse.node), workflow: wf.id,
      message: `${raw.misuse.detail}. In awaitly ${line.verifiedWith}, ${line.failingForms[raw.misuse.form]}.` });
  }
  if (raw.unnamed && raw.entry === 'createWorkflow' && line.unnamedCreateWorkflow === 'throws') {
    out.push({ code: UNNAMED_CREATE_WORKFLOW, severity: 'error', ...at(raw.definition), workflow: wf.id,
      message: `createWorkflow(deps) without a name: in awaitly ${line.verifiedWith}, ${line.failingForms[UNNAMED_CREATE_WORKFLOW]}. Pass the name first: createWorkflow('name', deps).` });
  }
  return out;
}

/** step(() => op(), { key }): reported where the entry requires ids (the testing harness's MockStep does not). */
export function stepIdFindings(wf: WorkflowInfo, line: AwaitlyLine): Finding[] {
  if (!ENTRIES[wf.entry].stepIdRequired) return [];
  const out: Finding[] = [];
  for (const s of wf.steps) {
    if (!s.idMissing || !s.operation.range) continue;
    const callee = s.method === 'step' ? 'step' : `step.${s.method}`;
    const keyText = s.idMissing.suggestedId;
    out.push({
      code: STEP_ID_MISSING, severity: 'error', file: s.file, range: s.calleeRange, workflow: wf.id,
      message: `${callee}() is given ${s.operation.text && s.operation.text.length <= 40 ? `\`${s.operation.text}\`` : 'a function'} where the step id goes (the pre-4 form ${callee}(fn, { key })). In awaitly ${line.verifiedWith}, ${line.failingForms['step-id-missing']}. Pass the id first: ${callee}('id', () => …, options).`,
      related: [{ file: s.file, range: s.operation.range, message: 'awaitly reads this argument as the step id' }],
      // A correct fix exists only when the options give a literal key to reuse as the id.
      ...(keyText ? { data: { insert: `${keyText}, `, offset: s.operation.range.startOffset } } : {}),
    });
  }
  return out;
}

export function unanalysedFindings(seen: readonly SeenEntry[]): Finding[] {
  return seen.map((e) => ({
    code: ENTRY_NOT_ANALYSED, severity: 'info' as const, ...at(e.call.expression),
    message: `${e.entry}(…) starts a workflow, but its steps are not analysed: ${e.reason}.`,
    data: { entry: e.entry, callStart: e.call.getStart(), callEnd: e.call.getEnd() },
  }));
}
