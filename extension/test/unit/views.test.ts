// The webview pages (replay plan, comparison, timeline) built from the server's real plan of the example's
// checkout-payment-declined.json: rows, strict CSP, and user strings escaped (a step key holding HTML).
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { replayPlan } from '../../../server/src/features/replayPlan';
import { Workspace, type Logger } from '../../../server/src/project';
import { parseSnapshotDoc } from '../../src/snapshots/model';
import { compareSnapshots } from '../../src/snapshots/present';
import { esc, page } from '../../src/views/html';
import { comparisonBody, planBody } from '../../src/views/planHtml';
import { timelineBody, timelineRows } from '../../src/views/timelineHtml';
import { EXAMPLE, uriOf } from './helpers';

const FILE = path.join(EXAMPLE, 'snapshots/checkout-payment-declined.json');
const URI = uriOf(FILE);
const quiet: Logger = { info: () => undefined, error: (m) => assert.fail(m) };
const workspace = new Workspace(() => undefined, quiet);
workspace.setFolders([EXAMPLE]);
const PLAN = replayPlan((f) => workspace.folderFor(f), { snapshotUri: URI })!;
after(() => workspace.all().forEach((f) => f.dispose()));
const DOC = parseSnapshotDoc(URI, fs.readFileSync(FILE, 'utf8'))!;
const EVIL = '<img src=x onerror=alert(1)>';

describe('extension: webview pages', () => {
  it('the page allows nothing but its own nonce\'d style and script', () => {
    const html = page({ title: 'T', body: '<p>x</p>', script: 'let a = 1;', nonce: 'abc' });
    const meta = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(html)?.[1];
    assert.ok(meta?.startsWith("default-src 'none';"), meta);
    assert.match(meta!, /script-src 'nonce-abc'/);
    assert.match(meta!, /style-src 'nonce-abc'/);
    assert.doesNotMatch(html, /https?:\/\//);
    assert.match(html, /<script nonce="abc">let a = 1;<\/script>/);
  });

  it('the plan page has one row per planned step, with its state', () => {
    const body = planBody(DOC, PLAN);
    assert.equal((body.match(/<tr class="row"/g) ?? []).length, PLAN.steps.length);
    assert.ok(PLAN.steps.length >= 5);
    assert.match(body, /<code>payment:cart-1001<\/code><\/td><td><span class="state s-replay-failure">replays failure<\/span>/);
  });

  it('user strings are text, never markup (plan, comparison, timeline)', () => {
    const evilPlan = { ...PLAN, steps: PLAN.steps.map((s, i) => (i === 0 ? { ...s, entryKey: EVIL, id: EVIL } : s)), unknown: [{ key: EVIL, ok: true, message: EVIL }] };
    const evilDoc = { ...DOC, fileName: EVIL };
    const comparison = { added: [EVIL], removed: [], changed: [], same: 0 };
    for (const body of [planBody(evilDoc, evilPlan), comparisonBody(evilDoc, DOC, comparison), timelineBody(evilDoc, evilPlan, timelineRows(evilPlan, evilDoc))]) {
      assert.doesNotMatch(body, /<img/);
      assert.ok(body.includes(esc(EVIL)));
    }
    assert.equal(esc(`"'&<>`), '&quot;&#39;&amp;&lt;&gt;');
  });

  it('the timeline: steps in code order with value preview, failure cause and saved time; unknown keys apart', () => {
    const rows = timelineRows(PLAN, DOC);
    assert.deepEqual(rows.map((r) => r.step), [...rows.map((r) => r.step)].sort((a, b) => a - b));
    const pay = rows.find((r) => r.key === 'payment:cart-1001')!;
    assert.equal(pay.state, 'replay-failure');
    assert.equal(pay.cause, 'CARD_DECLINED');
    assert.equal(pay.saved, '2026-12-02 18:41');
    const load = rows.find((r) => r.key === 'loadCart')!;
    assert.equal(load.state, 'skipped');
    assert.match(load.preview ?? '', /^\{"id":"cart-1001"/);
    const body = timelineBody(DOC, PLAN, rows);
    assert.equal((body.match(/<tr class="row"/g) ?? []).length, rows.length);
    assert.equal((body.match(/data-json="/g) ?? []).length, rows.filter((r) => r.hasEntry).length);
    const renamed = parseSnapshotDoc(URI, fs.readFileSync(path.join(EXAMPLE, 'snapshots/checkout-renamed-step.json'), 'utf8'))!;
    const renamedPlan = replayPlan((f) => workspace.folderFor(f), { snapshotUri: uriOf(path.join(EXAMPLE, 'snapshots/checkout-renamed-step.json')) })!;
    assert.ok(renamedPlan.unknown.length > 0);
    const b2 = timelineBody(renamed, renamedPlan, timelineRows(renamedPlan, renamed));
    assert.equal((b2.match(/<li data-unknown>/g) ?? []).length, renamedPlan.unknown.length);
  });

  it('the comparison lists added, removed and changed keys', () => {
    const b = parseSnapshotDoc(uriOf(path.join(EXAMPLE, 'snapshots/checkout-completed-last-checkpoint.json')), fs.readFileSync(path.join(EXAMPLE, 'snapshots/checkout-completed-last-checkpoint.json'), 'utf8'))!;
    const c = compareSnapshots(DOC, PLAN, b, null);
    const body = comparisonBody(DOC, b, c);
    assert.match(body, new RegExp(`${c.added.length} added · ${c.removed.length} removed · ${c.changed.length} changed state`));
    assert.equal((body.match(/<li class="row">/g) ?? []).length, c.added.length + c.removed.length + c.changed.length);
  });
});
