// Analyses one source file: finds its workflow run sites and the steps each one reaches.
import * as path from 'node:path';
import type { AwaitlySemantics, Finding, WorkflowInfo } from './types';
import type { Range } from '../diagnostic';
import { EntryResolver, mayContainWorkflows } from './entry-points';
import { findWorkflows, type RawWorkflow } from './workflows';
import { awaitlyImportFindings } from './awaitly-imports';
import { missingMethodFindings, runSiteFindings, stepIdFindings, unanalysedFindings } from './entry-findings';
import { awaitlyLine, type AwaitlyLine } from '../semantics/lines';
import { ENTRIES } from '../semantics/entries';
import { walkCallback, type RawStep } from './walker';
import { innermostAt, type StepAlone } from './steps-at';
import { BoundCounter, buildStep, countBound, type BuildOptions } from './step-info';
import { evalStatic, type EvalContext } from './key-eval';
import { nodeRange, ts } from './ts-util';
import { STEP_CALL } from './step-call-text';
import type { StepReuse } from './step-reuse';


export interface FileWorkflows {
  workflows: WorkflowInfo[];
  /** How the file starts workflows (failing forms, entries not analysed) and its awaitly imports; step-key rules are separate. */
  findings: Finding[];
  /** Offset of the first `step(` / `step.x(` call text, for the no-workflow-found report. */
  firstStepCall?: number;
  /** Every file read while analysing this one (helpers, constants, workflow definitions). */
  dependencies: Set<string>;
}

export interface AnalyzeFileOptions {
  rootDir: string;
  semantics: AwaitlySemantics;
  includeResultTypes: boolean;
}

/** `reuse`: the file's analysis before an edit, whose unchanged steps are taken as they were (step-reuse.ts). */
export function analyzeSourceFile(sf: ts.SourceFile, checker: ts.TypeChecker, entries: EntryResolver, opts: AnalyzeFileOptions, reuse?: StepReuse): FileWorkflows {
  const dependencies = new Set<string>([sf.fileName]);
  const stepCall = STEP_CALL.exec(sf.text);
  const firstStepCall = stepCall ? stepCall.index : undefined;
  const base = firstStepCall !== undefined ? { firstStepCall } : {};
  if (!mayContainWorkflows(sf.text)) return { workflows: [], findings: [], dependencies, ...base };
  const line = awaitlyLine(opts.semantics.line);
  const findings: Finding[] = sf.text.includes('awaitly') ? awaitlyImportFindings(sf, checker, opts.semantics, opts.rootDir) : [];
  const { named, unanalysed } = namedWorkflows(sf, checker, entries, opts, dependencies);
  findings.push(...unanalysedFindings(unanalysed));
  const workflows = named.map(({ raw, id, label, name, ctx }) => {
    const wf = buildWorkflow(raw, id, label, name, ctx, opts, line, reuse);
    // A callable or (step, deps) run fails before any step call runs: report the run site, not each call.
    findings.push(...runSiteFindings(raw, wf, line), ...(raw.misuse ? [] : [...stepIdFindings(wf, line), ...missingMethodFindings(wf, line)]));
    return wf;
  });
  return { workflows, findings, dependencies, ...base };
}

/** A workflow run site of a file with its id and label (label~2, ~3 for repeats, in file order). */
interface NamedWorkflow {
  raw: RawWorkflow;
  id: string;
  label: string;
  name: WorkflowInfo['name'];
  ctx: EvalContext;
}

function namedWorkflows(sf: ts.SourceFile, checker: ts.TypeChecker, entries: EntryResolver, opts: AnalyzeFileOptions, dependencies: Set<string>): { named: NamedWorkflow[]; unanalysed: ReturnType<typeof findWorkflows>['unanalysed'] } {
  const { workflows: raws, unanalysed } = findWorkflows(sf, entries, checker, dependencies);
  const rel = path.relative(opts.rootDir, sf.fileName).split(path.sep).join('/');
  const seen = new Map<string, number>();
  const named = raws.map((raw) => {
    const ctx: EvalContext = { checker, files: dependencies, mayBeConstantMember: (n) => entries.mayResolveToConstant(n) };
    const name = raw.nameExpr ? evalStatic(raw.nameExpr, ctx) : undefined;
    const lineNo = sf.getLineAndCharacterOfPosition(raw.site.getStart(sf)).line + 1;
    const label = name?.value ?? name?.pattern ?? raw.variable ?? `${raw.entry}@${lineNo}`;
    const n = (seen.get(label) ?? 0) + 1;
    seen.set(label, n);
    return { raw, id: `${rel}#${label}${n > 1 ? `~${n}` : ''}`, label, name, ctx };
  });
  return { named, unanalysed };
}

/**
 * The step call of this file's workflows at a position (1-based line and column; the innermost, as innermostAt
 * picks), built alone: every workflow is found and walked as analyzeSourceFile does, but only that step is built
 * (the steps before it in its run are only counted for bound-step keys). It equals the step analyzeSourceFile
 * gives there (core/test/analysis/step-at.test.ts compares them on every step of the fixtures), for a hover right
 * after an edit at a fraction of the file's analysis. Undefined when no step of this file's workflows is there.
 */
export function stepAt(sf: ts.SourceFile, checker: ts.TypeChecker, entries: EntryResolver, opts: AnalyzeFileOptions, line: number, column: number): StepAlone | undefined {
  if (!mayContainWorkflows(sf.text)) return undefined;
  const { named } = namedWorkflows(sf, checker, entries, opts, new Set([sf.fileName]));
  const sites: Array<{ file: string; range: Range; workflow: NamedWorkflow; steps: RawStep[]; index: number }> = [];
  for (const workflow of named) {
    const { steps } = walkCallback(workflow.raw.callback, workflow.raw.shape, checker);
    steps.forEach((s, index) => {
      if (s.call.getSourceFile() === sf) sites.push({ file: sf.fileName, range: nodeRange(s.call, sf), workflow, steps, index });
    });
  }
  const hit = innermostAt(sites, sf.fileName, line, column)[0];
  if (!hit) return undefined;
  const { workflow, steps, index } = hit;
  const bound = new BoundCounter();
  for (let i = 0; i < index; i++) countBound(steps[i]!, bound);
  const step = buildStep(steps[index]!, index, workflow.id, workflow.ctx, bound, buildOptions(workflow.raw, opts));
  return { step, workflow: { id: workflow.id, label: workflow.label } };
}

/** What buildStep is given for a workflow's steps: one place, so that a step built alone is built as in its workflow. */
function buildOptions(raw: RawWorkflow, opts: AnalyzeFileOptions): BuildOptions {
  return { includeResultTypes: opts.includeResultTypes, restores: ENTRIES[raw.entry].restores };
}

function buildWorkflow(raw: RawWorkflow, id: string, label: string, name: WorkflowInfo['name'], ctx: EvalContext, opts: AnalyzeFileOptions, line: AwaitlyLine, reuse?: StepReuse): WorkflowInfo {
  const statements = reuse?.workflow(raw, id);
  const walked = walkCallback(raw.callback, raw.shape, ctx.checker, statements);
  for (const f of walked.files) ctx.files.add(f);
  const spec = ENTRIES[raw.entry];
  const restores = spec.restores;
  const bound = new BoundCounter();
  const stepOptions = buildOptions(raw, opts);
  const steps = statements
    ? statements.steps(walked.steps, (s, i, files) => buildStep(s, i, id, { ...ctx, files }, bound, stepOptions), ctx.files)
    : walked.steps.map((s, i) => buildStep(s, i, id, ctx, bound, stepOptions));
  const notes: string[] = [];
  if (raw.entry === 'callable') notes.push('callable form workflow(async (step, deps) => …) from the old persistence guide: the workflow object is not callable in awaitly 1.35/4.x (TypeError at run time); use workflow.run(async ({ step, deps }) => …)');
  if (raw.unnamed && raw.entry === 'createWorkflow') {
    notes.push(line.unnamedCreateWorkflow === 'unnamed'
      ? 'createWorkflow(deps) without a name: the workflow has no runtime name; labelled from its variable'
      : `createWorkflow(deps) without a name throws a TypeError in awaitly ${line.id} (the name is required)`);
  }
  if (spec.noRestoreReason) notes.push(spec.noRestoreReason);
  if (raw.notes) notes.push(...raw.notes);
  const callbackFile = raw.callback.getSourceFile().fileName;
  return {
    id,
    label,
    ...(name ? { name } : {}),
    entry: raw.entry,
    invocation: raw.invocation,
    ...(raw.variable ? { variable: raw.variable } : {}),
    ...(raw.misuse ? { fails: raw.misuse.form } : {}),
    restores,
    file: callbackFile,
    range: nodeRange(raw.callback),
    definition: { file: raw.definition.getSourceFile().fileName, range: nodeRange(raw.definition) },
    steps,
    files: [...new Set([callbackFile, ...walked.files, raw.definition.getSourceFile().fileName])].sort(),
    notes,
  };
}
