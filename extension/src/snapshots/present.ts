// Plain functions from rows and plans to what the user reads: labels, descriptions, tooltips, icons, context
// values, after-line texts and the comparison of two snapshots (the webviews in views/ render plans). No editor types.
import type { ReplayPlanResult, ReplayPlanStep, SnapshotState, SnapshotStateResult } from '../../../server/src/protocol/requests';
import { entryOf, isObject, type SnapshotDoc } from './model';
import type { Node, RowState } from './nodes';
import { hasChildren } from './nodes/jsonValue';
import { indexPlan, rowState } from './nodes/step';
import { failureName, stateLabel } from '../../../core/src/vocabulary';

/** A theme icon id and the theme color it is drawn in. */
export interface IconSpec {
  id: string;
  color?: string;
}

export interface TreeItemData {
  id: string;
  label: string;
  description?: string;
  /** Markdown. */
  tooltip?: string;
  icon?: IconSpec;
  collapsible: 'none' | 'collapsed' | 'expanded';
  contextValue: string;
  command?: { command: string; title: string; arguments: unknown[] };
  /** The active snapshot's row: its label is drawn highlighted and read out as active. */
  active?: boolean;
  /** What a screen reader says (and tests find rows by): the whole file name, the state, whether active. */
  ariaLabel?: string;
}

export const STATES: Record<RowState, { title: string; icon: IconSpec; meaning: string }> = {
  skipped: { title: stateLabel('skipped'), icon: { id: 'pass-filled', color: 'charts.green' }, meaning: 'the cached result is returned, the step does not run' },
  // A history glyph in amber, as in the gutter: a red error icon reads as a compile error in the code.
  'replay-failure': { title: stateLabel('replay-failure'), icon: { id: 'history', color: 'charts.orange' }, meaning: 'the saved failure is returned again, the workflow ends here' },
  runs: { title: stateLabel('runs'), icon: { id: 'play-circle', color: 'charts.blue' }, meaning: 'no restorable entry: the step runs' },
  maybe: { title: stateLabel('maybe'), icon: { id: 'question', color: 'charts.yellow' }, meaning: 'dynamic key: the entry is used if the key comes out the same' },
  'not-reached': { title: stateLabel('not-reached'), icon: { id: 'circle-slash', color: 'disabledForeground' }, meaning: 'an earlier step replays a failure first' },
  unknown: { title: 'unknown', icon: { id: 'warning', color: 'charts.orange' }, meaning: 'no step in the code produces this key (renamed or removed?)' },
  pending: { title: 'no plan', icon: { id: 'circle-large-outline' }, meaning: 'no workflow in the code matched this snapshot yet' },
};

export const LEGEND = Object.entries(STATES)
  .map(([, s]) => `$(${s.icon.id}) **${s.title}**: ${s.meaning}`)
  .join('  \n');

/** A snapshot's states as the tree names and draws them (the server decides which applies). */
export const STATE_TITLES: Record<SnapshotState, { title: string; icon: IconSpec; meaning: string }> = {
  invalid: { title: 'invalid', icon: { id: 'error', color: 'list.errorForeground' }, meaning: 'awaitly refuses to load it: resuming from it fails' },
  'replays-failure': { title: 'replays failure', icon: { id: 'history', color: 'charts.orange' }, meaning: 'resuming returns a saved failure again' },
  'unknown-keys': { title: 'unknown keys', icon: { id: 'question', color: 'charts.yellow' }, meaning: 'it holds keys no step of the code produces (renamed or removed?)' },
  clean: { title: 'clean', icon: { id: 'pass', color: 'charts.green' }, meaning: 'resumes with no failure, no unknown key, no problem' },
};

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** Characters a top-level row shows at the default side-bar width (300 px) after its icon: label, space, state. */
export const ROW_ROOM = 31;

/**
 * The state text after a row's label, kept within what the default side-bar width shows beside the label
 * (`room` characters for both): the detailed form when it fits ("replays CARD_DECLINED"), else the short one
 * ("failure", "invalid"); the icon says the state either way and the tooltip has the rest.
 */
export function stateText(state: SnapshotStateResult | undefined, doc: SnapshotDoc | undefined, label = '', room = Infinity): string {
  const fit = (long: string, short: string) => (label.length + 1 + long.length <= room ? long : short);
  if (!state) {
    // Not asked yet: only what needs no server (awaitly's own refusal) is certain.
    return doc && doc.errors > 0 ? fit(`invalid · ${plural(doc.errors, 'error')}`, 'invalid') : 'checking…';
  }
  switch (state.state) {
    case 'invalid':
      return fit(`invalid · ${plural(state.errors, 'error')}`, 'invalid');
    case 'replays-failure':
      return state.failure ? fit(`replays ${truncate(state.failure, 24)}`, fit('replays failure', 'failure')) : fit('replays failure', 'failure');
    case 'unknown-keys':
      return fit(plural(state.unknownKeys, 'unknown key'), 'unknown keys');
    case 'clean':
      return 'clean';
  }
}

/** Counts for tooltips and pickers: "1 error, 2 warnings" (the server's when known, else awaitly's own check). */
export function badge(doc: SnapshotDoc, state?: SnapshotStateResult): string {
  const errors = state?.errors ?? doc.errors;
  const warnings = state?.warnings ?? doc.warnings;
  const parts: string[] = [];
  if (errors) parts.push(plural(errors, 'error'));
  if (warnings) parts.push(plural(warnings, 'warning'));
  if (state?.infos) parts.push(plural(state.infos, 'info'));
  return parts.length ? parts.join(', ') : state ? 'no problems' : 'not checked against the code yet';
}

/** The row's label: the file's own name (several snapshots of one run have the same workflow name). */
export function fileLabel(doc: SnapshotDoc): string {
  return doc.fileName.replace(/\.json$/i, '');
}

export function fileDescription(doc: SnapshotDoc, state?: SnapshotStateResult): string {
  const parts = [doc.workflowName, doc.value === undefined ? 'invalid JSON' : doc.status, plural(doc.stepKeys.length, 'step'), badge(doc, state)];
  return parts.filter(Boolean).join(' · ');
}

function stateIcon(state: SnapshotStateResult | undefined, doc: SnapshotDoc | undefined): IconSpec {
  if (state) return STATE_TITLES[state.state].icon;
  return doc && doc.errors > 0 ? STATE_TITLES.invalid.icon : { id: 'loading~spin' };
}

function stateTooltip(name: string, detail: string, state: SnapshotStateResult | undefined, doc: SnapshotDoc | undefined, active: boolean | undefined): string {
  const states = state ? state.states.map((s) => `$(${STATE_TITLES[s].icon.id}) **${STATE_TITLES[s].title}**: ${STATE_TITLES[s].meaning}`).join('  \n') : 'not checked against the code yet';
  return `**${name}**${active ? ' (active snapshot)' : ''}  \n${detail}  \n${states}  \n${doc ? badge(doc, state) : ''}\n\n---\n${LEGEND}`;
}

/** "2026-11-20 14:03" (UTC, as the snapshot stores it). */
export function formatTime(iso: string | undefined): string | undefined {
  if (!iso || !/^\d{4}-\d\d-\d\dT\d\d:\d\d/.test(iso)) return undefined;
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)}`;
}

/** A store's time (ISO, or libSQL's "2026-01-16 05:40:00") as "2026-01-16 05:40". */
export function formatStoreTime(at: string | undefined): string | undefined {
  return at && /^\d{4}-\d\d-\d\d[T ]\d\d:\d\d/.test(at) ? `${at.slice(0, 10)} ${at.slice(11, 16)}` : at;
}

/** CARD_DECLINED from `{ type: 'CARD_DECLINED' }` (core's vocabulary names failures everywhere); 'error' when absent. */
export function failureLabel(error: unknown): string {
  return error === undefined ? 'error' : failureName(error);
}

/** The short text after a step call in the code. */
export function afterLineText(state: RowState, entry: unknown, lastUpdated: string | undefined): string {
  switch (state) {
    case 'skipped': {
      const at = formatTime(lastUpdated);
      return at ? `skipped · cached ${at}` : 'skipped · cached';
    }
    case 'replay-failure':
      return `replays failure: ${failureLabel(isObject(entry) ? entry.error : undefined)}`;
    case 'runs':
      return 'runs';
    case 'maybe':
      return 'maybe (key not fully known)';
    case 'not-reached':
      return 'not reached';
    case 'unknown':
      return 'unknown';
    case 'pending':
      return '';
  }
}

/** A loop step: how its iterations (one per snapshot entry) go, e.g. `per iteration: 2 skipped, 1 replays failure`. */
export function iterationsText(iterations: NonNullable<ReplayPlanStep['iterations']>): string {
  const n = (st: string) => iterations.filter((i) => i.state === st && i.entryKey !== undefined).length;
  const parts = [
    n('skipped') ? `${n('skipped')} skipped` : '',
    n('replay-failure') ? `${n('replay-failure')} replays failure` : '',
    n('not-reached') ? `${n('not-reached')} not reached` : '',
    iterations.some((i) => i.entryKey === undefined) ? 'later ones run' : '',
  ].filter(Boolean);
  return `per iteration: ${parts.join(', ')}`;
}

export function describeValue(value: unknown): string {
  if (Array.isArray(value)) return `[${value.length}]`;
  if (isObject(value)) return `{${Object.keys(value).length}}`;
  return truncate(JSON.stringify(value) ?? String(value), 80);
}

function truncate(s: string, n: number): string {
  return s.length > n ? `${s.slice(0, n - 1)}…` : s;
}

function revealCommand(doc: SnapshotDoc, path: (string | number)[]) {
  return { command: 'awaitlyLens.revealInSnapshot', title: 'Reveal in JSON', arguments: [doc.uri, path] };
}

export function treeItem(node: Node): TreeItemData {
  switch (node.kind) {
    case 'file': {
      const d = node.doc;
      const invalid = node.state ? node.state.state === 'invalid' : d.errors > 0;
      return {
        id: node.id,
        label: node.label ?? fileLabel(d),
        description: stateText(node.state, d, node.label ?? fileLabel(d), ROW_ROOM),
        tooltip: stateTooltip(d.fileName, `${d.workflowName ?? ''} (${d.kind === 'resume-state' ? 'resume state' : 'workflow snapshot'}) · ${d.status ?? ''} · ${plural(d.stepKeys.length, 'step')}`, node.state, d, node.active),
        icon: stateIcon(node.state, d),
        ...(node.active ? { active: true } : {}),
        ariaLabel: `${d.fileName}, ${stateText(node.state, d)}${node.active ? ', active snapshot' : ''}`,
        collapsible: 'collapsed',
        contextValue: `snapshotFile${invalid ? ' invalid' : ''}${node.active ? ' active' : ''}`,
        command: { command: 'awaitlyLens.revealInSnapshot', title: 'Open snapshot', arguments: [d.uri, []] },
      };
    }
    case 'section':
      return {
        id: node.id,
        label: node.name,
        description: node.name === 'execution' && isObject(node.value) ? [node.value.status, formatTime(node.value.lastUpdated as string)].filter(Boolean).join(' · ') : describeValue(node.value),
        icon: { id: node.name === 'warnings' ? 'warning' : node.name === 'execution' ? 'pulse' : 'tag' },
        collapsible: hasChildren(node.value) ? 'collapsed' : 'none',
        contextValue: `section ${node.name}`,
        command: revealCommand(node.doc, node.path),
      };
    case 'step': {
      const s = STATES[node.state];
      const entry = entryOf(node.doc, node.key);
      const detail = node.state === 'replay-failure' ? `: ${failureLabel(isObject(entry) ? entry.error : undefined)}` : '';
      const where = node.step ? `${node.step.kind === 'step' ? 'step' : `step.${node.step.kind}`} ${JSON.stringify(node.step.id ?? node.step.key ?? '')}` : undefined;
      return {
        id: node.id,
        label: node.key,
        description: `${s.title}${detail}${where && node.step?.id !== node.key ? ` · ${where}` : ''}`,
        tooltip: `**${node.key}**: ${s.title}${detail}  \n${node.step?.reason ?? s.meaning}\n\n---\n${LEGEND}`,
        icon: s.icon,
        collapsible: hasChildren(entry) ? 'collapsed' : 'none',
        contextValue: `step step-${node.state}${node.step ? ' hasCode' : ''}`,
        command: revealCommand(node.doc, node.path),
      };
    }
    case 'willRun': {
      const s = STATES[node.step.state === 'not-reached' ? 'not-reached' : node.step.state === 'maybe' ? 'maybe' : 'runs'];
      const name = node.step.id ?? node.step.key ?? `${node.step.kind} #${node.step.index + 1}`;
      return {
        id: node.id,
        label: name,
        description: `${s.title} · no entry in the snapshot`,
        tooltip: `**${name}**: ${s.title}  \n${node.step.reason}\n\n---\n${LEGEND}`,
        icon: s.icon,
        collapsible: 'none',
        contextValue: 'step step-runs hasCode codeOnly',
        command: { command: 'awaitlyLens.goToStepInCode', title: 'Go to step in code', arguments: [node.step.location] },
      };
    }
    case 'json':
      return {
        id: node.id,
        label: node.name,
        description: describeValue(node.value),
        tooltip: typeof node.value === 'string' ? node.value.slice(0, 2000) : undefined,
        collapsible: hasChildren(node.value) ? 'collapsed' : 'none',
        contextValue: 'jsonValue',
        command: revealCommand(node.doc, node.path),
      } as TreeItemData;
    case 'loadMore':
      return {
        id: node.id,
        label: 'Load more…',
        description: `${node.shown.toLocaleString('en-US')} of ${node.total.toLocaleString('en-US')} shown`,
        icon: { id: 'ellipsis' },
        collapsible: 'none',
        contextValue: 'loadMore',
        command: { command: 'awaitlyLens.loadMore', title: 'Load more', arguments: [node.parent?.id] },
      };
    case 'problem':
      return {
        id: node.id,
        label: node.diagnostic.message,
        description: `${node.diagnostic.code} · line ${node.diagnostic.range.start.line}`,
        icon: { id: 'error', color: 'list.errorForeground' },
        collapsible: 'none',
        contextValue: 'problem',
        command: { command: 'awaitlyLens.revealRange', title: 'Reveal', arguments: [node.doc.uri, node.diagnostic.range.startOffset, node.diagnostic.range.endOffset] },
      };
    case 'message':
      return {
        id: node.id,
        label: node.text,
        ...(node.error ? { tooltip: node.text } : {}),
        collapsible: 'none',
        contextValue: node.error ? 'message error' : 'message',
        icon: node.error ? { id: 'error', color: 'list.errorForeground' } : { id: 'info' },
      };
    case 'store': {
      const i = node.info;
      return {
        id: node.id,
        label: i.label,
        description: node.filter ? `id starts with '${node.filter}'` : 'newest first',
        ariaLabel: `store ${i.name}${node.filter ? `, id starts with '${node.filter}'` : ''}`,
        tooltip: `**${i.name}**  \nRows of this store (awaitlyLens.stores), newest first. Open a row to see it as a read-only JSON document.${i.error ? `  \n\n${i.error}` : ''}`,
        icon: i.error ? { id: 'database', color: 'list.errorForeground' } : { id: 'database' },
        collapsible: 'collapsed',
        contextValue: `store${node.filter ? ' filtered' : ''}`,
      };
    }
    case 'storeRow': {
      const d = node.doc;
      return {
        id: node.id,
        label: node.row.id,
        description: d ? stateText(node.state, d) : formatStoreTime(node.row.updatedAt) ?? '',
        tooltip: stateTooltip(node.row.id, `saved ${node.row.updatedAt ?? '(no time stored)'}`, node.state, d, node.active),
        icon: d ? stateIcon(node.state, d) : { id: 'database' },
        ...(node.active ? { active: true } : {}),
        ariaLabel: `${node.row.id}, ${d ? stateText(node.state, d) : formatStoreTime(node.row.updatedAt) ?? ''}${node.active ? ', active snapshot' : ''}`,
        collapsible: 'collapsed',
        contextValue: `${d ? 'snapshotFile storeRow' : 'storeRow'}${node.active ? ' active' : ''}`,
        command: { command: 'awaitlyLens.revealInSnapshot', title: 'Open row', arguments: [node.row.uri, []] },
      };
    }
    case 'storeMore':
      return {
        id: node.id,
        label: 'Load more…',
        description: `${node.shown.toLocaleString('en-US')} rows shown`,
        icon: { id: 'ellipsis' },
        collapsible: 'none',
        contextValue: 'loadMore storeMore',
        command: { command: 'awaitlyLens.loadMoreStoreRows', title: 'Load more rows', arguments: [node.store.id] },
      };
    default:
      return node satisfies never;
  }
}

export interface SnapshotComparison {
  added: string[];
  removed: string[];
  changed: Array<{ key: string; from: RowState; to: RowState }>;
  same: number;
}

/** Which step keys were added, removed, or changed replay state (or ok/failure) from snapshot A to snapshot B. */
export function compareSnapshots(a: SnapshotDoc, planA: ReplayPlanResult | null, b: SnapshotDoc, planB: ReplayPlanResult | null): SnapshotComparison {
  const ia = planA ? indexPlan(planA) : undefined;
  const ib = planB ? indexPlan(planB) : undefined;
  const inA = new Set(a.stepKeys);
  const inB = new Set(b.stepKeys);
  const out: SnapshotComparison = { added: [], removed: [], changed: [], same: 0 };
  for (const k of b.stepKeys) if (!inA.has(k)) out.added.push(k);
  for (const k of a.stepKeys) {
    if (!inB.has(k)) {
      out.removed.push(k);
      continue;
    }
    const from = entryState(a, k, ia);
    const to = entryState(b, k, ib);
    if (from !== to) out.changed.push({ key: k, from, to });
    else out.same++;
  }
  return out;
}

function entryState(doc: SnapshotDoc, key: string, index: ReturnType<typeof indexPlan> | undefined): RowState {
  const s = rowState(index, key).state;
  if (s !== 'pending') return s;
  const e = entryOf(doc, key);
  return isObject(e) && e.ok === false ? 'replay-failure' : 'skipped';
}

/** Decorations for one source file: where each step call is and what it will do. */
export interface StepDecoration {
  state: RowState;
  /** LSP range of the step call. */
  range: ReplayPlanStep['location']['range'];
  text: string;
}

export function decorationsFor(plan: ReplayPlanResult, doc: SnapshotDoc | undefined, fileUri: string): StepDecoration[] {
  const out: StepDecoration[] = [];
  for (const s of plan.steps) {
    if (s.location.uri !== fileUri) continue;
    const entry = s.entryKey !== undefined && doc ? entryOf(doc, s.entryKey) : undefined;
    out.push({ state: s.state, range: s.location.range, text: s.iterations ? iterationsText(s.iterations) : afterLineText(s.state, entry, doc?.lastUpdated) });
  }
  return out;
}

export function statusText(doc: SnapshotDoc | undefined, plan: ReplayPlanResult | null | undefined): string {
  const name = doc?.fileName ?? 'snapshot';
  return plan ? `${name}: ${plan.summary}` : `${name}: no matching workflow`;
}
