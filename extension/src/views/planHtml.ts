// The replay plan and the comparison of two snapshots as rendered HTML (the bodies of their webviews).
// Every string from a snapshot or the code goes through esc(). No editor types.
import type { ReplayPlanResult } from '../../../server/src/protocol/requests';
import type { SnapshotDoc } from '../snapshots/model';
import { STATES, iterationsText, type SnapshotComparison } from '../snapshots/present';
import { esc } from './html';

export function stateCell(state: keyof typeof STATES, suffix = ''): string {
  return `<span class="state s-${esc(state)}">${esc(STATES[state].title + suffix)}</span>`;
}

export function planBody(doc: SnapshotDoc | undefined, plan: ReplayPlanResult): string {
  const name = doc?.fileName ?? plan.snapshotUri;
  const out = [
    `<h1>Replay plan: ${esc(name)}</h1>`,
    `<p class="sub">Workflow <strong>${esc(plan.workflow.label)}</strong> (<code>${esc(plan.workflow.id)}</code>), matched by ${esc(plan.match)}.</p>`,
    `<p class="summary" data-summary>${esc(plan.summary)}</p>`,
    '<table><thead><tr><th>#</th><th>step</th><th>key</th><th>state</th><th>why</th></tr></thead><tbody>',
  ];
  for (const s of plan.steps) {
    const state = stateCell(s.state, s.conditional ? ' (if reached)' : '');
    const why = s.iterations ? `${esc(iterationsText(s.iterations))}. ${esc(s.reason)}` : esc(s.reason);
    out.push(`<tr class="row" data-step="${s.index}"><td>${s.index + 1}</td><td><code>${esc(s.id ?? s.kind)}</code></td><td><code>${esc(s.entryKey ?? s.key ?? '')}</code></td><td>${state}</td><td class="why">${why}</td></tr>`);
  }
  out.push('</tbody></table>');
  if (plan.unknown.length) {
    out.push('<h2>Snapshot keys no step produces</h2><ul>');
    for (const u of plan.unknown) out.push(`<li data-unknown><code>${esc(u.key)}</code> (${u.ok ? 'ok' : 'failure'}): ${esc(u.message)}</li>`);
    out.push('</ul>');
  }
  if (plan.notes.length) {
    out.push('<h2>Notes</h2><ul>');
    for (const n of plan.notes) out.push(`<li>${esc(n)}</li>`);
    out.push('</ul>');
  }
  return out.join('\n');
}

export function comparisonBody(a: SnapshotDoc, b: SnapshotDoc, c: SnapshotComparison): string {
  const out = [
    `<h1>${esc(a.fileName)} → ${esc(b.fileName)}</h1>`,
    `<p class="summary" data-summary>${c.added.length} added · ${c.removed.length} removed · ${c.changed.length} changed state · ${c.same} unchanged</p>`,
  ];
  const list = (title: string, items: string[]) => {
    if (items.length) out.push(`<h2>${title}</h2><ul>`, ...items.map((i) => `<li class="row">${i}</li>`), '</ul>');
  };
  list('Added', c.added.map((k) => `<code>${esc(k)}</code>`));
  list('Removed', c.removed.map((k) => `<code>${esc(k)}</code>`));
  list('Changed state', c.changed.map((x) => `<code>${esc(x.key)}</code>: ${stateCell(x.from)} → ${stateCell(x.to)}`));
  if (!c.added.length && !c.removed.length && !c.changed.length) out.push('<p class="muted">Same step keys, same replay states.</p>');
  return out.join('\n');
}
