// Snapshot explorer bench: a 100k-step snapshot, parsed once (core's analyzeSnapshotText, as the store does),
// then the time until the tree provider has the file's first level (sections + the first page of step rows,
// each turned into its tree item), with a replay plan covering every key. Budget: 300 ms after the parse.
import { performance } from 'node:perf_hooks';
import type { ReplayPlanResult } from '../server/src/protocol/requests';
import { parseSnapshotDoc } from '../extension/src/snapshots/model';
import { SnapshotStore } from '../extension/src/snapshots/store';
import { SnapshotTreeProvider } from '../extension/src/snapshots/treeProvider';
import { median } from './stats';

const STEPS = 100_000;
const BUDGET_MS = 300;

function bigSnapshot(): string {
  const steps: Record<string, unknown> = {};
  for (let i = 0; i < STEPS; i++) {
    steps[`item:${i}`] = i % 97 === 0
      ? { ok: false, error: { type: 'DECLINED', n: i }, cause: { type: 'thrown', originalType: 'undefined', stringRepresentation: 'undefined' } }
      : { ok: true, value: { id: i, sku: `sku-${i}`, qty: i % 5 } };
  }
  return JSON.stringify({ formatVersion: 1, workflowName: 'bench', steps, execution: { status: 'running', lastUpdated: '2026-11-20T14:03:00.000Z' }, metadata: { version: 1 } }, null, 2);
}

function planFor(uri: string, keys: string[]): ReplayPlanResult {
  const loc = { uri: 'file:///bench/src/workflow.ts', range: { start: { line: 3, character: 4 }, end: { line: 3, character: 30 } } };
  return {
    snapshotUri: uri, format: 'workflow-snapshot', workflow: { id: 'src/workflow.ts#bench', label: 'bench', location: loc }, match: 'workflowName',
    steps: [
      { index: 0, kind: 'step', id: 'item', key: 'item:${i}', state: 'maybe', conditional: true, reason: 'loop', location: loc, matches: keys },
      { index: 1, kind: 'step', id: 'finish', key: 'finish', state: 'runs', conditional: false, reason: 'no entry', location: loc },
    ],
    unknown: [], summary: 'bench', notes: [],
  };
}

async function main(): Promise<void> {
  const text = bigSnapshot();
  const uri = 'file:///bench/snapshots/big.json';
  const t0 = performance.now();
  const doc = parseSnapshotDoc(uri, text)!;
  const tParse = performance.now() - t0;
  const plan = planFor(uri, doc.stepKeys);
  const times: number[] = [];
  let rows = 0;
  for (let run = 0; run < 5; run++) {
    const store = new SnapshotStore({ list: async () => [], read: async () => text });
    store.set(doc);
    const tree = new SnapshotTreeProvider(store, async () => plan);
    const start = performance.now();
    const roots = await tree.getChildren();
    for (const r of roots) tree.getTreeItem(r);
    const first = await tree.getChildren(roots[0]);
    for (const n of first) tree.getTreeItem(n);
    times.push(performance.now() - start);
    rows = first.length;
  }
  times.sort((a, b) => a - b);
  const mid = median(times);
  console.log(`tree view: ${STEPS.toLocaleString('en-US')}-step snapshot (${(text.length / 1e6).toFixed(1)} MB), parse ${tParse.toFixed(0)} ms; first level (${rows} rows incl. Load more) ${mid.toFixed(1)} ms median of 5 (worst ${times[times.length - 1]!.toFixed(1)} ms); budget ${BUDGET_MS} ms`);
  if (times[times.length - 1]! > BUDGET_MS) {
    console.error(`tree view: over budget (${times[times.length - 1]!.toFixed(1)} ms > ${BUDGET_MS} ms)`);
    process.exitCode = 1;
  }
}

void main();
