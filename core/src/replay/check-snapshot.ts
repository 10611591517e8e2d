// A snapshot file checked against the code: which workflow it belongs to, its replay plan, and diagnostics
// located in the snapshot's JSON text (unknown keys at their exact key, a definitionHash that no longer
// matches, a stored failure that every resume replays). The format checks themselves are core/src/snapshot's.
import type { Diagnostic, Range, Severity } from '../diagnostic';
import type { AwaitlySemantics, WorkflowInfo } from '../analysis/types';
import { canProduce } from '../analysis/patterns';
import { definitionHash } from '../hash/definition-hash';
import { PathTrie, scanJson, type Located } from '../snapshot/scan';
import { toPointer, type JsonPath } from '../snapshot/pointer';
import { readReplayInput } from './input';
import { planReplay } from './plan';
import { selectWorkflow } from './select-workflow';
import type { ReplayInput, ReplayPlan } from './types';

export interface SnapshotMatch {
  workflow?: WorkflowInfo;
  candidates: WorkflowInfo[];
  /** How the workflow was chosen, or why none was. */
  reason: string;
}

const METADATA_NAME_FIELDS = ['workflowId', 'workflowName', 'workflow'] as const;

function isObject(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

/** How many of the snapshot's keys some step of the workflow can write. */
function producedCount(workflow: WorkflowInfo, input: ReplayInput): number {
  let n = 0;
  for (const e of input.entries) {
    if (workflow.steps.some((s) => (s.key && canProduce(s.key, e.key)) || (s.recordedKey && canProduce(s.recordedKey, e.key)))) n++;
  }
  return n;
}

/**
 * The workflow a snapshot belongs to: an explicit choice; else `workflowName` (createWorkflow name or durable id,
 * also as a pattern such as `onboarding-${…}`); else a name in metadata (workflowId, workflowName, workflow);
 * else the one workflow whose steps produce most of the snapshot's keys (at least half of them).
 */
export function matchSnapshotWorkflow(workflows: readonly WorkflowInfo[], input: ReplayInput, value: unknown, choice?: string): SnapshotMatch {
  if (choice !== undefined) return selectWorkflow(workflows, undefined, choice);
  let candidates: WorkflowInfo[] = [];
  const reasons: string[] = [];
  if (input.workflowName !== undefined) {
    const m = selectWorkflow(workflows, input.workflowName);
    if (m.workflow) return m;
    candidates = m.candidates;
    reasons.push(m.reason);
  }
  const metadata = isObject(value) && isObject(value.metadata) ? value.metadata : undefined;
  for (const field of METADATA_NAME_FIELDS) {
    const name = metadata?.[field];
    if (typeof name !== 'string') continue;
    const m = selectWorkflow(candidates.length ? candidates : workflows, name);
    if (m.workflow) return { ...m, reason: `metadata.${field} '${name}'` };
  }
  const pool = (candidates.length ? candidates : workflows).filter((w) => w.restores);
  if (input.entries.length > 0) {
    const scored = pool.map((w) => ({ w, n: producedCount(w, input) })).filter((x) => x.n > 0).sort((a, b) => b.n - a.n);
    const best = scored[0];
    const needed = Math.ceil(input.entries.length / 2);
    if (best && best.n >= needed && (scored.length === 1 || scored[1]!.n < best.n)) {
      return { workflow: best.w, candidates: [best.w], reason: `its step keys (${best.n} of ${input.entries.length} produced by '${best.w.label}')` };
    }
    if (best && best.n >= needed) candidates = scored.filter((x) => x.n === best.n).map((x) => x.w);
  }
  if (input.workflowName === undefined) reasons.push('the snapshot has no workflowName (durable drops it on resumed saves)');
  reasons.push(candidates.length > 1 ? `${candidates.length} workflows fit equally well (${candidates.map((w) => `'${w.label}'`).join(', ')})` : 'no workflow produces most of its step keys');
  return { candidates, reason: reasons.join('; ') };
}

export interface SnapshotCheckOptions {
  /** --workflow: the workflow's label, id or name. */
  workflow?: string;
  /**
   * Explains a definitionHash that differs from the current one (e.g. from the lock file, when the lock
   * recorded that hash): the changes, and whether they break resuming.
   */
  explainHash?: (workflow: WorkflowInfo, snapshotHash: string) => { text: string; breaking: boolean } | undefined;
  /** awaitly rejects the file (format errors): no resume happens, so no replay is predicted. */
  rejectedByAwaitly?: boolean;
  /** awaitly's validation errors, when the caller has them (analyzeSnapshotText's verdict); else computed. */
  awaitlyErrors?: readonly string[];
  /**
   * false: the workflows were analysed without step result types, so their definition hash is not the real
   * one; skip the metadata.definitionHash comparison (the caller does it later with typed workflows).
   */
  compareDefinitionHash?: boolean;
}

export interface SnapshotCheck {
  input?: ReplayInput;
  match?: SnapshotMatch;
  plan?: ReplayPlan;
  /** Diagnostics located in the snapshot text. */
  diagnostics: Diagnostic[];
  /** Where each unknown entry sits in the snapshot text. */
  unknownRanges: Map<string, Range>;
}

/**
 * Checks a parsed snapshot (or serialized resume state) against the workflows of a project. `text` is the
 * file's text, used only to locate diagnostics; `value` is its parsed value (analyzeSnapshotText's `value`).
 */
export function checkSnapshotAgainstCode(
  text: string,
  value: unknown,
  workflows: readonly WorkflowInfo[],
  semantics: AwaitlySemantics,
  options: SnapshotCheckOptions = {},
): SnapshotCheck {
  // A known-valid file is not validated again (a store check plans millions of rows).
  const input = readReplayInput(value, options.awaitlyErrors ?? (options.rejectedByAwaitly === false ? [] : undefined));
  if (!input) return { diagnostics: [], unknownRanges: new Map() };
  const match = matchSnapshotWorkflow(workflows, input, value, options.workflow);
  const locator = new SnapshotLocator(text);
  if (!match.workflow) {
    const at = locator.range(input.workflowName !== undefined ? ['workflowName'] : [], 'value');
    return {
      input,
      match,
      diagnostics: [{
        code: 'unmatched-snapshot',
        severity: 'info',
        message: `No workflow of the project could be matched to this ${input.format === 'resume-state' ? 'resume state' : 'snapshot'}: ${match.reason}. Its keys were not checked against code${options.workflow === undefined ? ' (choose one with --workflow)' : ''}.`,
        range: at.range,
        jsonPath: at.pointer,
        data: { candidates: match.candidates.map((w) => w.label) },
      }],
      unknownRanges: new Map(),
    };
  }
  const wf = match.workflow;
  const plan = planReplay(wf, input, semantics);
  const diagnostics: Diagnostic[] = [];
  const unknownRanges = new Map<string, Range>();

  const stepPath = (key: string): JsonPath => {
    if (input.format === 'workflow-snapshot') return ['steps', key];
    // A resume state lists [key, result] pairs; the last pair with the key is the one the Map keeps.
    const pairs = (value as { steps: unknown[] }).steps;
    for (let i = pairs.length - 1; i >= 0; i--) {
      const p = pairs[i];
      if (Array.isArray(p) && p[0] === key) return ['steps', i, 0];
    }
    return ['steps'];
  };
  const keyTarget = input.format === 'workflow-snapshot' ? 'key' : 'value';

  for (const u of plan.unknown) {
    const at = locator.range(stepPath(u.key), keyTarget);
    unknownRanges.set(u.key, at.range);
    const renamed = nearestStepName(u.key, wf, new Set(input.entries.map((e) => e.key)));
    diagnostics.push({
      code: u.code,
      severity: 'warning',
      message: `${u.message}${renamed ? ` A renamed step? '${renamed.name}' is at line ${renamed.line}.` : ''}`,
      range: at.range,
      jsonPath: at.pointer,
      related: [{ file: wf.file, range: wf.range, message: `workflow '${wf.label}' (matched by ${match.reason})` }],
      data: { key: u.key, workflow: wf.label },
    });
  }

  // The first unconditional step that restores a stored failure: certainly (exact key), or through the one
  // snapshot key its partly known key can take (`payment:${…}` → 'payment:cart-1001').
  const okByKey = new Map(input.entries.map((e) => [e.key, e.ok]));
  const failure = plan.steps.find((s) => !s.conditional && (s.state === 'replay-failure' || (s.state === 'maybe' && s.matches?.length === 1 && okByKey.get(s.matches[0]!) === false)));
  const failedKey = failure?.entryKey ?? failure?.matches?.[0];
  if (failure && failedKey !== undefined && !options.rejectedByAwaitly) {
    const at = locator.range(stepPath(failedKey), keyTarget);
    const stepName = failure.id ?? failure.key ?? failedKey;
    const when = failure.state === 'maybe' ? ` when its key ${failure.key} is '${failedKey}'` : '';
    diagnostics.push({
      code: 'replays-stored-failure',
      severity: 'info',
      message: `Resuming from this ${input.format === 'resume-state' ? 'resume state' : 'snapshot'} replays the stored failure of step '${stepName}' (line ${failure.range.start.line})${when}: the step does not run again, and the workflow ends with the saved error even if the cause is fixed, until this entry is removed.`,
      range: at.range,
      jsonPath: at.pointer,
      related: [{ file: failure.file, range: failure.range, message: `step '${stepName}'` }],
      data: { key: failedKey, workflow: wf.label },
    });
  }

  const metadata = isObject(value) && isObject((value as Record<string, unknown>).metadata) ? (value as { metadata: Record<string, unknown> }).metadata : undefined;
  const stored = metadata?.definitionHash;
  if (typeof stored === 'string' && options.compareDefinitionHash !== false) {
    const current = definitionHash(wf);
    if (stored !== current) {
      const at = locator.range(['metadata', 'definitionHash'], 'value');
      const why = options.explainHash?.(wf, stored);
      const severity: Severity = why?.breaking ? 'error' : 'warning';
      diagnostics.push({
        code: 'snapshot-definition-mismatch',
        severity,
        message: `This snapshot was written by a different definition of workflow '${wf.label}': metadata.definitionHash is ${stored}, the code's is ${current}.${why ? ` Since then: ${why.text}` : ' Steps may have been added, removed, reordered or re-keyed since it was saved; check the replay plan (awaitly-lens plan) before resuming.'}`,
        range: at.range,
        jsonPath: at.pointer,
        related: [{ file: wf.file, range: wf.range, message: `workflow '${wf.label}'` }],
        data: { stored, current, workflow: wf.label },
      });
    }
  }
  return { input, match, plan, diagnostics, unknownRanges };
}

/** A step whose exact key is absent from the snapshot and shares a stem with the unknown key: a likely rename. */
function nearestStepName(key: string, wf: WorkflowInfo, present: Set<string>): { name: string; line: number } | undefined {
  let best: { name: string; line: number; score: number } | undefined;
  for (const s of wf.steps) {
    const name = s.key?.value;
    if (!name || name === key || present.has(name)) continue;
    const score = similarity(key, name);
    if (score >= 0.5 && (!best || score > best.score)) best = { name, line: s.range.start.line, score };
  }
  return best && { name: best.name, line: best.line };
}

/** Common prefix plus common suffix, over the shorter length (0 when they share fewer than 3 characters). */
function similarity(a: string, b: string): number {
  let p = 0;
  while (p < a.length && p < b.length && a[p] === b[p]) p++;
  let s = 0;
  while (s < a.length - p && s < b.length - p && a[a.length - 1 - s] === b[b.length - 1 - s]) s++;
  return p + s < 3 ? 0 : (p + s) / Math.min(a.length, b.length);
}

/** Positions in a JSON text (valid JSON, optionally with a BOM) by path, scanned once for all wanted paths. */
export class SnapshotLocator {
  private located: Map<string, Located> | undefined;
  private readonly wanted: JsonPath[] = [];
  private readonly bom: number;
  private readonly body: string;

  constructor(text: string) {
    this.bom = text.charCodeAt(0) === 0xfeff ? 1 : 0;
    this.body = this.bom ? text.slice(1) : text;
  }

  /** The range of the path's key ('key') or value ('value'); the nearest existing ancestor when it is absent. */
  range(path: JsonPath, target: 'key' | 'value'): { range: Range; pointer: string } {
    const pointer = toPointer(path);
    let at = this.lookup(path);
    let len = path.length;
    while (!at && len > 0) {
      len--;
      at = this.lookup(path.slice(0, len));
    }
    if (!at) return { range: this.shift({ start: { line: 1, column: 1 }, end: { line: 1, column: 2 }, startOffset: 0, endOffset: 1 }), pointer };
    const useKey = at.keyStart >= 0 && (target === 'key' || len < path.length);
    const r: Range = useKey
      ? { start: { line: at.keyLine, column: at.keyColumn }, end: { line: at.keyLine, column: at.keyColumn + at.keyEnd - at.keyStart }, startOffset: at.keyStart, endOffset: at.keyEnd }
      : { start: { line: at.valueLine, column: at.valueColumn }, end: { line: at.endLine, column: at.endColumn }, startOffset: at.valueStart, endOffset: at.valueEnd };
    return { range: this.shift(r), pointer };
  }

  private lookup(path: JsonPath): Located | undefined {
    const pointer = toPointer(path);
    if (this.located?.has(pointer)) return this.located.get(pointer);
    if (this.located && this.wanted.some((p) => toPointer(p) === pointer)) return undefined;
    // Re-scan with every path asked for so far (a snapshot check asks for a handful).
    for (let len = 0; len <= path.length; len++) this.wanted.push(path.slice(0, len));
    const trie = new PathTrie();
    for (const p of this.wanted) trie.add(p);
    try {
      this.located = scanJson(this.body, { want: trie }).located;
    } catch {
      this.located = new Map();
    }
    return this.located.get(pointer);
  }

  private shift(r: Range): Range {
    if (!this.bom) return r;
    const col = (p: { line: number; column: number }) => ({ line: p.line, column: p.line === 1 ? p.column + 1 : p.column });
    return { start: col(r.start), end: col(r.end), startOffset: r.startOffset + 1, endOffset: r.endOffset + 1 };
  }
}
