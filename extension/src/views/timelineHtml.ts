// The replay timeline of one snapshot against its workflow: one row per step in code order (a loop step: one row
// per iteration the snapshot holds) with its state, key, saved result (a preview of the cached value, or the
// failure's cause) and saved time;
// snapshot keys no step produces apart. Rows are data first (tests count them), then HTML. No editor types.
import type { ReplayPlanResult, ReplayStepState } from '../../../server/src/protocol/requests';
import { entryOf, isObject, type SnapshotDoc } from '../snapshots/model';
import { failureLabel, formatTime, STATES } from '../snapshots/present';
import { esc } from './html';
import { stateCell } from './planHtml';

export interface TimelineRow {
  /** Index into ReplayPlanResult.steps (its code location). */
  step: number;
  state: ReplayStepState;
  name: string;
  key?: string;
  preview?: string;
  cause?: string;
  /** The snapshot's save time: awaitly keeps one lastUpdated per snapshot, no time per step. */
  saved?: string;
  hasEntry: boolean;
}

function preview(v: unknown, n = 80): string {
  const s = JSON.stringify(v) ?? String(v);
  return s.length > n ? `${s.slice(0, n - 1)}…` : s;
}

function entryCells(doc: SnapshotDoc | undefined, key: string | undefined): Pick<TimelineRow, 'preview' | 'cause' | 'saved'> {
  if (key === undefined || !doc) return {};
  const e = entryOf(doc, key);
  if (!isObject(e)) return {};
  const saved = formatTime(doc.lastUpdated);
  const at = saved ? { saved } : {};
  if (e.ok === false) return { cause: failureLabel(e.error), ...at };
  return { ...('value' in e ? { preview: preview(e.value) } : {}), ...at };
}

export function timelineRows(plan: ReplayPlanResult, doc: SnapshotDoc | undefined): TimelineRow[] {
  const rows: TimelineRow[] = [];
  for (const s of [...plan.steps].sort((a, b) => a.index - b.index)) {
    const name = s.id ?? s.key ?? `${s.kind} #${s.index + 1}`;
    if (s.iterations?.length) {
      for (const it of s.iterations) {
        rows.push({ step: s.index, state: it.state, name, ...(it.entryKey !== undefined ? { key: it.entryKey } : {}), hasEntry: it.entryKey !== undefined, ...entryCells(doc, it.entryKey) });
      }
      continue;
    }
    const key = s.entryKey ?? s.key;
    rows.push({ step: s.index, state: s.state, name, ...(key !== undefined ? { key } : {}), hasEntry: s.entryKey !== undefined, ...entryCells(doc, s.entryKey) });
  }
  return rows;
}

export function timelineBody(doc: SnapshotDoc | undefined, plan: ReplayPlanResult, rows: TimelineRow[]): string {
  const out = [
    `<h1>Replay timeline: ${esc(doc?.fileName ?? plan.snapshotUri)}</h1>`,
    `<p class="sub">Workflow <strong>${esc(plan.workflow.label)}</strong> (<code>${esc(plan.workflow.id)}</code>), steps in code order. Saved: the snapshot's <code>execution.lastUpdated</code> (awaitly keeps no time per step).</p>`,
    `<p class="summary" data-summary>${esc(plan.summary)}</p>`,
    '<table><thead><tr><th>#</th><th>state</th><th title="Click: the step in the code">step</th><th title="Click: the entry in the snapshot JSON">key</th><th>saved result</th></tr></thead><tbody>',
  ];
  rows.forEach((r, i) => {
    out.push(`<tr class="row" data-row="${i}" title="${esc(STATES[r.state].meaning)}">`
      + `<td>${r.step + 1}</td><td>${stateCell(r.state)}</td>`
      + `<td><button class="link" data-code="${i}" title="Go to the step in the code">${esc(r.name)}</button></td>`
      + `<td>${r.hasEntry ? `<button class="link" data-json="${i}" title="Show the entry in the snapshot JSON"><code>${esc(r.key ?? '')}</code></button>` : `<code>${esc(r.key ?? '')}</code> <span class="muted">no entry</span>`}</td>`
      + `<td>${r.cause !== undefined
        ? `<div class="preview" data-cause>failure <code class="s-replay-failure">${esc(r.cause)}</code></div>`
        : `<div class="preview mono" data-preview title="${esc(r.preview ?? '')}">${esc(r.preview ?? '')}</div>`}`
      + `${r.saved ? `<div class="muted" data-saved>saved ${esc(r.saved)}</div>` : ''}</td></tr>`);
  });
  out.push('</tbody></table>');
  if (plan.unknown.length) {
    out.push('<h2 class="warn">Snapshot keys no step produces</h2><ul>');
    plan.unknown.forEach((u, i) => out.push(`<li data-unknown><button class="link" data-unknown-json="${i}"><code>${esc(u.key)}</code></button> (${u.ok ? 'ok' : 'failure'}): ${esc(u.message)}</li>`));
    out.push('</ul>');
  }
  return out.join('\n');
}

/** The page script: clicks become messages naming a row index; the extension resolves the index itself. */
export const TIMELINE_SCRIPT = `
const vscode = acquireVsCodeApi();
document.addEventListener('click', (e) => {
  const t = e.target instanceof Element ? e.target.closest('[data-code],[data-json],[data-unknown-json],tr.row') : null;
  if (!t) return;
  if (t.hasAttribute('data-json')) vscode.postMessage({ type: 'json', row: Number(t.getAttribute('data-json')) });
  else if (t.hasAttribute('data-unknown-json')) vscode.postMessage({ type: 'unknown', index: Number(t.getAttribute('data-unknown-json')) });
  else if (t.hasAttribute('data-code')) vscode.postMessage({ type: 'code', row: Number(t.getAttribute('data-code')) });
  else vscode.postMessage({ type: 'code', row: Number(t.getAttribute('data-row')) });
});
`;
