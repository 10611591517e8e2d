// `check --store <url> --against <ref>`: each row planned against the workflows at the ref and against the working
// tree; what the change makes worse, per row, grouped by workflow and step. Rows that were already broken at the ref
// (same problem before and after) are counted apart, never as the change's doing.
import type { StepPlan } from '../replay/index';
import type { RowResult } from './storeCheck';

export type EffectKind = 'reruns' | 'orphaned' | 'shape-drift' | 'replays-failure' | 'definition-hash' | 'unmatched';
export const EFFECT_KINDS: readonly EffectKind[] = ['reruns', 'shape-drift', 'replays-failure', 'orphaned', 'definition-hash', 'unmatched'];

export interface Effect {
  kind: EffectKind;
  workflow: string;
  /** The step concerned (id, else key), when there is one. */
  step?: string;
  /** Same for every row of the group: the key before and after, the drift position. */
  before?: string;
  after?: string;
  /** This row's own value (e.g. the saved key), shown as an example. */
  example?: string;
}

function stepName(s: StepPlan): string {
  return s.id ?? s.key ?? `step ${s.index + 1}`;
}

/** The step of the old plan that is "the same step" as a new one: same id, else same key, else none. */
function counterpart(old: readonly StepPlan[], s: StepPlan): StepPlan | undefined {
  if (s.id !== undefined) return old.find((o) => o.id === s.id);
  return s.key !== undefined ? old.find((o) => o.id === undefined && o.key === s.key) : undefined;
}

/** What resuming the row does worse with the new code than with the old one. */
export function changeEffects(before: RowResult, after: RowResult): Effect[] {
  if (before.categories.includes('invalid')) return [];
  const workflow = after.workflow ?? before.workflow ?? '(no workflow)';
  if (before.workflow && !after.workflow) return [{ kind: 'unmatched', workflow: before.workflow }];
  const oldPlan = before.check?.plan;
  const newPlan = after.check?.plan;
  if (!oldPlan || !newPlan) return [];
  // A durable resume that drifts fails before the drifting step reads anything: nothing after it re-runs.
  // (`before` records whether loops, branches or partly known keys leave the predicted order open.)
  if (after.shapeDrift && !before.shapeDrift) {
    const d = after.shapeDrift;
    return [{ kind: 'shape-drift', workflow, step: `step ${d.stepIndex + 1}`, before: d.certain ? 'certain' : 'likely', after: d.actualStepKey, example: d.expectedStepKey }];
  }
  const effects: Effect[] = [];
  const rerunEntries = new Set<string>();
  for (const s of newPlan.steps) {
    if (s.state !== 'runs') continue;
    const o = counterpart(oldPlan.steps, s);
    if (o?.state !== 'skipped' || o.entryKey === undefined) continue;
    rerunEntries.add(o.entryKey);
    effects.push({ kind: 'reruns', workflow, step: stepName(s), before: o.key ?? o.entryKey, after: s.key ?? '(no key)', example: o.entryKey });
  }
  const failing = (steps: readonly StepPlan[]) => steps.find((s) => s.state === 'replay-failure' && !s.conditional);
  const newFailure = failing(newPlan.steps);
  if (newFailure && !failing(oldPlan.steps)) effects.push({ kind: 'replays-failure', workflow, step: stepName(newFailure), example: newFailure.entryKey });
  const oldUnknown = new Set(oldPlan.unknown.map((u) => u.key));
  const orphaned = newPlan.unknown.filter((u) => !oldUnknown.has(u.key) && !rerunEntries.has(u.key));
  if (orphaned.length > 0) effects.push({ kind: 'orphaned', workflow, example: orphaned[0]!.key });
  if (after.categories.includes('definition-hash') && !before.categories.includes('definition-hash')) effects.push({ kind: 'definition-hash', workflow });
  return effects;
}

export interface EffectGroup {
  effect: Effect;
  count: number;
  examples: string[];
  /** Example values from the rows (saved keys, expected drift keys). */
  values: string[];
}

export class BlastTally {
  rows = 0;
  broken = 0;
  alreadyBroken = 0;
  readonly groups = new Map<string, EffectGroup>();

  add(id: string, before: RowResult, after: RowResult): void {
    this.addEffects(id, changeEffects(before, after), before.categories.includes('clean'));
  }

  /** A row's effects computed elsewhere (a worker thread); `wasClean`: it resumed cleanly at the ref. */
  addEffects(id: string, effects: readonly Effect[], wasClean: boolean): void {
    this.rows++;
    if (effects.length === 0) {
      if (!wasClean) this.alreadyBroken++;
      return;
    }
    this.broken++;
    for (const e of effects) {
      const key = [e.kind, e.workflow, e.step, e.before, e.after].join('\u0000');
      let g = this.groups.get(key);
      if (!g) this.groups.set(key, (g = { effect: e, count: 0, examples: [], values: [] }));
      g.count++;
      if (g.examples.length < 3) g.examples.push(id);
      if (e.example !== undefined && g.values.length < 3 && !g.values.includes(e.example)) g.values.push(e.example);
    }
  }

  /** Largest groups first; ties in a fixed order. */
  sorted(): EffectGroup[] {
    return [...this.groups.values()].sort((a, b) => b.count - a.count || EFFECT_KINDS.indexOf(a.effect.kind) - EFFECT_KINDS.indexOf(b.effect.kind) || (a.effect.step ?? '').localeCompare(b.effect.step ?? ''));
  }
}

const n = (x: number) => x.toLocaleString('en-US');

/** One sentence per group: "deploying this makes 1,204 `checkout` runs re-run `chargeCard` …". `code` wraps code. */
export function describeGroup(g: EffectGroup, code: (s: string) => string): string {
  const e = g.effect;
  const runs = `${n(g.count)} ${code(e.workflow)} run${g.count === 1 ? '' : 's'}`;
  const saved = g.values.length ? g.values.map((v) => code(v)).join(', ') : '';
  switch (e.kind) {
    case 'reruns':
      return `deploying this makes ${runs} re-run ${code(e.step!)}, which already ran: its result is saved under ${code(e.before!)} (${saved}${g.count > g.values.length ? ', …' : ''}) and the code now reads ${code(e.after!)}`;
    case 'shape-drift':
      return `deploying this makes ${runs} ${e.before === 'likely' ? 'most likely ' : ''}fail to resume with WorkflowShapeDriftError at ${e.step}: the checkpoint has ${saved}${g.count > g.values.length ? ', …' : ''} there, the code now runs ${code(e.after!)}`;
    case 'replays-failure':
      return `deploying this makes ${runs} end with a saved failure at ${code(e.step!)} (${saved}) that they did not replay before`;
    case 'orphaned':
      return `deploying this leaves saved results of ${runs} that no step reads anymore (${saved}${g.count > g.values.length ? ', …' : ''}): awaitly ignores them on resume`;
    case 'definition-hash':
      return `deploying this makes ${runs} resume under another definition hash than the one they were saved with`;
    case 'unmatched':
      return `deploying this leaves ${runs} with no workflow in the code to resume them`;
  }
}
