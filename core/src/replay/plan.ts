// Replay plan: snapshot × code. For each step in code order, what a resume does with it, plus the snapshot
// entries no step can produce. Checked against real resumes of awaitly 1.35.0 and 4.5.1 in core/test/replay.
import type { AwaitlySemantics, StepInfo, WorkflowInfo } from '../analysis/types';
import { keyMatcher } from '../analysis/patterns';
import type { IterationPlan, ReplayInput, ReplayPlan, SnapshotEntry, StepPlan, UnknownEntry } from './types';
import { durableResumeDrift } from './shape-drift';
import { awaitlyLine } from '../semantics/lines';

function keyText(s: StepInfo): string | undefined {
  return s.key?.value ?? s.key?.pattern;
}

const quoted = (keys: string[], byKey: Map<string, SnapshotEntry>): string =>
  keys.slice(0, 3).map((k) => `'${k}'${byKey.get(k)?.ok === false ? ' (a stored failure)' : ''}`).join(', ') + (keys.length > 3 ? ', …' : '');

/**
 * A loop step whose key is a template: each iteration reads the entry its own key names, so every matching entry
 * is one iteration, in the order the snapshot lists them (the order they were written). The first stored failure
 * ends the run; iterations whose key is not in the snapshot run.
 */
function iterationsOf(matches: string[], byKey: Map<string, SnapshotEntry>, pattern: string): IterationPlan[] {
  const out: IterationPlan[] = [];
  let failed: string | undefined;
  for (const k of matches) {
    if (failed !== undefined) out.push({ entryKey: k, state: 'not-reached', reason: `the iteration with key '${failed}' replays a stored failure first` });
    else if (byKey.get(k)!.ok) out.push({ entryKey: k, state: 'skipped', reason: `cached success under '${k}'` });
    else {
      failed = k;
      out.push({ entryKey: k, state: 'replay-failure', reason: `cached failure under '${k}': the workflow ends with the stored error` });
    }
  }
  if (failed === undefined) out.push({ state: 'runs', reason: `iterations whose key (${pattern}) is not in the snapshot run` });
  return out;
}

/** What a step contributes to every plan of its workflow, computed once (a store check plans millions of rows). */
interface StepTemplate {
  step: StepInfo;
  conditional: boolean;
  looped: boolean;
  id?: string;
  key?: string;
  /** Can the step's cache key / recorded key be this snapshot key? (canProduce, its pattern compiled once) */
  keyMatches?: (key: string) => boolean;
  recordedMatches?: (key: string) => boolean;
}

const templates = new WeakMap<WorkflowInfo, StepTemplate[]>();

function stepTemplates(workflow: WorkflowInfo): StepTemplate[] {
  let t = templates.get(workflow);
  if (!t) {
    t = workflow.steps.map((s) => {
      const id = s.id?.value || undefined;
      const key = keyText(s) || undefined;
      return { step: s, conditional: s.context.some((f) => f.kind === 'loop' || f.kind === 'branch' || f.kind === 'try'), looped: s.context.some((f) => f.kind === 'loop'), ...(id ? { id } : {}), ...(key ? { key } : {}),
        ...(s.key ? { keyMatches: keyMatcher(s.key) } : {}), ...(s.recordedKey ? { recordedMatches: keyMatcher(s.recordedKey) } : {}) };
    });
    templates.set(workflow, t);
  }
  return t;
}

/** A step's row, its properties in one fixed order (no spreads: this runs for every step of every row). */
function stepPlan(t: StepTemplate, state: StepPlan['state'], reason: string, entryKey?: string, matches?: string[], iterations?: IterationPlan[]): StepPlan {
  const p = { index: t.step.index, kind: t.step.kind } as StepPlan;
  if (t.id !== undefined) p.id = t.id;
  if (t.key !== undefined) p.key = t.key;
  p.conditional = t.conditional;
  p.file = t.step.file;
  p.range = t.step.range;
  p.state = state;
  if (entryKey !== undefined) p.entryKey = entryKey;
  if (matches !== undefined) p.matches = matches;
  if (iterations !== undefined) p.iterations = iterations;
  p.reason = reason;
  return p;
}

/** Can some step of the workflow write this key (its cache key or its recorded key)? */
function producedByAny(workflow: WorkflowInfo, key: string): boolean {
  for (const t of stepTemplates(workflow)) if (t.keyMatches?.(key) || t.recordedMatches?.(key)) return true;
  return false;
}

export function planReplay(workflow: WorkflowInfo, input: ReplayInput, semantics: AwaitlySemantics): ReplayPlan {
  const byKey = new Map<string, SnapshotEntry>();
  for (const e of input.entries) byKey.set(e.key, e);
  const notes: string[] = [];
  const steps: StepPlan[] = [];
  let failedAt: StepPlan | undefined;
  const refused = refusal(workflow, input);
  if (refused?.fails) return refusedPlan(workflow, input, semantics, refused);

  for (const t of stepTemplates(workflow)) {
    const s = t.step;
    const { conditional, looped } = t;
    const push = (p: { state: StepPlan['state']; reason: string; entryKey?: string; matches?: string[]; iterations?: IterationPlan[] }) => {
      const plan = stepPlan(t, p.state, p.reason, p.entryKey, p.matches, p.iterations);
      steps.push(plan);
      return plan;
    };
    if (failedAt) {
      push({ state: 'not-reached', reason: `step ${failedAt.index + 1} replays a stored failure first` });
      continue;
    }
    if (!workflow.restores) {
      push({ state: 'runs', reason: 'run()/runSaga() have no cache: every step runs' });
      continue;
    }
    if (s.restore !== 'restored' || !s.key) {
      const recorded = s.recordedKey?.value;
      const inSnapshot = recorded !== undefined && byKey.has(recorded);
      push({ state: 'runs', ...(inSnapshot ? { entryKey: recorded } : {}),
        reason: inSnapshot ? `recorded under '${recorded}' but this kind is never restored` : s.restore === 'recorded-only' ? 'never restored (not cached)' : 'not cached' });
      continue;
    }
    if (s.unstableKeyParts.length) {
      // The same finding as unstable-step-key: the resumed run computes a key no earlier run wrote.
      const parts = [...new Set(s.unstableKeyParts.map((p) => p.text))].join(', ');
      push({ state: 'runs', reason: `its key depends on ${parts}, which changes on every run: the resumed run computes a key no snapshot entry has` });
      continue;
    }
    if (s.key.value !== undefined) {
      const entry = byKey.get(s.key.value);
      if (!entry) push({ state: 'runs', reason: `no entry '${s.key.value}' in the snapshot` });
      else if (entry.ok) push({ state: 'skipped', entryKey: entry.key, reason: `cached success under '${entry.key}'` });
      else {
        const p = push({ state: 'replay-failure', entryKey: entry.key, reason: `cached failure under '${entry.key}': the workflow ends with the stored error` });
        if (!conditional) failedAt = p;
      }
      continue;
    }
    if (s.key.form === 'opaque') {
      // No dynamic key: the options come from code we do not evaluate. Without a key property, the id is the key.
      const id = s.id?.value;
      const matches = id !== undefined && byKey.has(id) ? [id] : [];
      push({ state: 'maybe', matches,
        reason: `its options (${s.key.text}) are not statically known: cached under their key property if they have one, else under the id${id !== undefined ? ` '${id}'${matches.length ? ', which the snapshot has' : ', which the snapshot does not have'}` : ''}` });
      continue;
    }
    const pattern = s.key.pattern ?? s.key.text;
    const matches: string[] = [];
    for (const e of input.entries) if (t.keyMatches!(e.key)) matches.push(e.key);
    if (matches.length === 0) push({ state: 'runs', reason: `no snapshot key matches ${pattern}` });
    else if (looped && s.key.form === 'template') {
      const iterations = iterationsOf(matches, byKey, pattern);
      const failure = iterations.find((i) => i.state === 'replay-failure');
      const cached = iterations.filter((i) => i.state === 'skipped').map((i) => i.entryKey!);
      if (failure) {
        push({ state: 'replay-failure', entryKey: failure.entryKey!, matches, iterations,
          reason: `${cached.length ? `${cached.length} iteration(s) cached (${quoted(cached, byKey)}), then ` : ''}the iteration with key '${failure.entryKey}' replays its stored failure: the workflow ends with the stored error` });
      } else {
        push({ state: 'skipped', matches, iterations,
          reason: `${cached.length} iteration(s) cached (${quoted(cached, byKey)}); iterations whose key is not in the snapshot run` });
      }
    } else if (matches.length === 1 && !conditional) {
      // A snapshot is one run: a step that runs once (no loop or branch around it) and whose pattern
      // matches exactly one entry wrote that entry, so a resume with the same input reads it back.
      const entry = byKey.get(matches[0]!)!;
      const only = `(the only entry key ${pattern} matches)`;
      if (entry.ok) push({ state: 'skipped', entryKey: entry.key, reason: `cached success under '${entry.key}' ${only}` });
      else failedAt = push({ state: 'replay-failure', entryKey: entry.key, reason: `cached failure under '${entry.key}' ${only}: the workflow ends with the stored error` });
    } else {
      push({ state: 'maybe', matches, reason: `key ${pattern} is only partly known; ${matches.length} snapshot key(s) match: ${quoted(matches, byKey)}` });
    }
  }

  const unknown = unknownEntries(workflow, input);

  // What a durable.run resume would hit; the plan's shapeDrift only when the code itself resumes through durable.run.
  // A snapshot awaitly refuses never gets that far: durable.run's load fails first.
  const durableDrift = refused ? undefined : durableResumeDrift(workflow, input, semantics);
  if (refused) notes.push(refused.note);
  let shapeDrift: ReplayPlan['shapeDrift'];
  if (input.stepOrder) {
    // Only durable.run compares metadata.stepOrder (4.x); createWorkflow({ snapshot }) copies the steps and checks nothing.
    if (!awaitlyLine(semantics.line).durableShapeGuard) notes.push(`metadata.stepOrder is present, but awaitly ${semantics.line} does not check it (only 4.x durable runs do)`);
    else if (workflow.entry !== 'durable.run') {
      // Only durable.run writes stepOrder, so whoever wrote this runs the workflow's body through durable.run (a
      // runner passed in, as the example checkout does): say what that resume does, as a note, not as the plan.
      notes.push(`metadata.stepOrder is present, but only a durable.run resume checks it; a ${workflow.entry} resume from this snapshot does not compare the step order`
        + (durableDrift ? `. Resumed through durable.run (which wrote it), it ${durableDrift.certain ? 'fails' : 'may fail'} with WorkflowShapeDriftError at step ${durableDrift.stepIndex + 1} ('${durableDrift.expectedStepKey}' → '${durableDrift.actualStepKey}')` : ''));
    }
    else {
      shapeDrift = durableDrift;
      const unknownArgs = fingerprintedWithoutArgs(workflow, input.stepArgs);
      if (!shapeDrift && unknownArgs.length) {
        notes.push(`metadata.stepArgs holds the argument fingerprints of bound step(s) ${unknownArgs.join(', ')}: a durable resume that calls them with other arguments fails with WorkflowShapeDriftError (their arguments are computed at run time, so this plan cannot compare them)`);
      }
    }
  }
  return { workflow: workflow.id, semantics, format: input.format, steps, unknown, ...(shapeDrift ? { shapeDrift } : {}), ...(durableDrift ? { durableDrift } : {}),
    ...(refused ? { rejected: { errors: refused.errors, fails: false } } : {}), summary: (refused ? `${refused.prefix}; ` : '') + summarize(steps, shapeDrift), notes };
}

interface Refusal {
  errors: string[];
  /** The resume fails before any step runs. */
  fails: boolean;
  /** Why, as the plan's summary says it. */
  prefix: string;
  note: string;
}

/**
 * awaitly refuses the snapshot (input.rejected): a durable.run resume returns PERSISTENCE_ERROR (operation 'load',
 * "Invalid snapshot format for workflow '<id>': Invalid snapshot format: <first error>"), deserializeResumeState
 * throws; createWorkflow({ snapshot }) alone does not validate and resumes (run against 1.35.0 and 4.5.1).
 */
function refusal(workflow: WorkflowInfo, input: ReplayInput): Refusal | undefined {
  const errors = input.rejected;
  if (!errors?.length) return undefined;
  const first = `${errors[0]}${errors.length > 1 ? ` (and ${errors.length - 1} more)` : ''}`;
  if (input.format === 'resume-state') {
    return { errors, fails: true, prefix: `resume fails: deserializeResumeState throws on this resume state (${first}); no step runs`, note: `awaitly cannot deserialize this resume state: ${errors.join('; ')}` };
  }
  if (workflow.entry === 'durable.run') {
    return { errors, fails: true, prefix: `resume fails: durable.run returns PERSISTENCE_ERROR (operation 'load'), Invalid snapshot format: ${first}; no step runs`, note: `awaitly's validateSnapshot rejects this snapshot: ${errors.join('; ')}` };
  }
  return {
    errors,
    fails: false,
    prefix: `awaitly's validateSnapshot rejects this snapshot (${first}): a durable.run resume fails to load it; a ${workflow.entry} resume does not validate and goes as follows`,
    note: `awaitly's validateSnapshot rejects this snapshot: ${errors.join('; ')}. durable.run (and assertValidSnapshot) refuse to load it; createWorkflow({ snapshot }) copies its steps without checking them`,
  };
}

/** The plan of a resume that fails at load: no step starts. */
function refusedPlan(workflow: WorkflowInfo, input: ReplayInput, semantics: AwaitlySemantics, refused: Refusal): ReplayPlan {
  const reason = `never starts: ${refused.prefix.replace(/; no step runs$/, '')}`;
  const steps = stepTemplates(workflow).map((t) => stepPlan(t, 'not-reached', reason));
  return { workflow: workflow.id, semantics, format: input.format, steps, unknown: unknownEntries(workflow, input), rejected: { errors: refused.errors, fails: true }, summary: refused.prefix, notes: [refused.note] };
}

/** Snapshot entries no step of the workflow can write: awaitly ignores them on resume. */
function unknownEntries(workflow: WorkflowInfo, input: ReplayInput): UnknownEntry[] {
  return input.entries
    .filter((e) => !producedByAny(workflow, e.key))
    .map((e) => ({ code: 'unknown-snapshot-step', key: e.key, ok: e.ok,
      message: `Snapshot entry '${e.key}' matches no step of workflow '${workflow.label}': awaitly ignores it on resume${input.format === 'workflow-snapshot' ? ' (durable carries it into every later save)' : ''}.` }));
}

/** Bound steps (in guard order) whose stored argument fingerprint the code's arguments cannot be compared with. */
function fingerprintedWithoutArgs(workflow: WorkflowInfo, stepArgs: ReplayInput['stepArgs']): string[] {
  const guarded = workflow.steps.filter((s) => s.inStepOrder);
  return guarded.flatMap((s, i) => (s.kind === 'bound' && stepArgs?.[i] && s.argsFingerprint === undefined ? [`'${s.key?.value ?? s.method}' (step ${i + 1})`] : []));
}

function summarize(steps: StepPlan[], drift: ReplayPlan['shapeDrift']): string {
  if (drift) return `durable resume ${drift.certain ? 'fails' : 'may fail'} with WorkflowShapeDriftError at step ${drift.stepIndex + 1} ('${drift.expectedStepKey}' → '${drift.actualStepKey}')`;
  const count = (st: StepPlan['state']) => steps.filter((s) => s.state === st).length;
  const failure = steps.find((s) => s.state === 'replay-failure' && !s.conditional);
  const parts = [`${count('skipped')} skipped`, `${count('runs')} run`, `${count('maybe')} maybe`];
  const conditionalFailures = steps.filter((s) => s.state === 'replay-failure' && s.conditional).length;
  if (conditionalFailures) parts.push(`${conditionalFailures} may replay a stored failure (in a loop or branch)`);
  if (failure) return `replays the stored failure of step ${failure.index + 1} ('${failure.entryKey}'); ${parts.join(', ')} before it`;
  return parts.join(', ');
}
