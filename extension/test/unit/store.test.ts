import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { locatePath, parseSnapshotDoc } from '../../src/snapshots/model';
import { SnapshotStore } from '../../src/snapshots/store';
import { EXAMPLE, ROOT, fsSource, uriOf } from './helpers';
import { tempDir } from '../../../core/test/tempDir';

describe('snapshot store', () => {
  it('finds snapshots by content, not by name', async () => {
    const store = new SnapshotStore(fsSource(EXAMPLE));
    await store.refreshAll();
    const names = store.all().map((d) => d.fileName).sort();
    assert.deepEqual(names, [
      'checkout-completed-last-checkpoint.json', 'checkout-duplicate-step-key.json', 'checkout-missing-cause.json',
      'checkout-payment-declined.json', 'checkout-renamed-step.json', 'onboarding-mid-run.json',
    ]);
    // package.json, tsconfig.json, the lock file and notes.json are not snapshots.
  });

  it('reads workflow name, status, step keys and the validation badge counts', async () => {
    const store = new SnapshotStore(fsSource(EXAMPLE));
    await store.refreshAll();
    const declined = store.all().find((d) => d.fileName === 'checkout-payment-declined.json')!;
    assert.equal(declined.workflowName, 'checkout-cart-1001');
    assert.equal(declined.status, 'running');
    assert.deepEqual(declined.stepKeys, ['loadCart', 'price:cart-1001', 'reserveStock', 'quoteShipping', 'payment:cart-1001']);
    const missing = store.all().find((d) => d.fileName === 'checkout-missing-cause.json')!;
    assert.equal(missing.errors, 1);
    assert.deepEqual(
      missing.diagnostics.filter((d) => d.severity === 'error').map((d) => [d.code, d.message]),
      [['missing-required-field', 'steps["payment:cart-1001"] is error result but missing cause field']],
    );
    const dup = store.all().find((d) => d.fileName === 'checkout-duplicate-step-key.json')!;
    assert.ok(dup.diagnostics.some((d) => d.code === 'duplicate-key'));
  });

  it('fires on create, change, rename and delete', async () => {
    const dir = tempDir('lens-store-');
    const store = new SnapshotStore(fsSource(dir));
    await store.refreshAll();
    const events: string[][] = [];
    store.onDidChange((c) => events.push([...c]));
    const file = path.join(dir, 'a.json');
    fs.copyFileSync(path.join(EXAMPLE, 'snapshots/checkout-payment-declined.json'), file);
    await store.update(uriOf(file));
    assert.equal(store.all().length, 1);
    fs.writeFileSync(file, '{"not": "a snapshot"}');
    await store.update(uriOf(file));
    assert.equal(store.all().length, 0);
    fs.copyFileSync(path.join(EXAMPLE, 'snapshots/onboarding-mid-run.json'), file);
    await store.update(uriOf(file));
    const moved = path.join(dir, 'b.json');
    fs.renameSync(file, moved);
    await store.rename(uriOf(file), uriOf(moved));
    assert.deepEqual(store.all().map((d) => d.fileName), ['b.json']);
    fs.rmSync(moved);
    store.remove(uriOf(moved));
    assert.equal(store.all().length, 0);
    assert.equal(events.length, 5);
  });

  it('resume states: keys once each, paths to their last pair', () => {
    const file = path.join(ROOT, 'test-fixtures/snapshots/resume-state-failure.json');
    const doc = parseSnapshotDoc(uriOf(file), fs.readFileSync(file, 'utf8'))!;
    assert.equal(doc.kind, 'resume-state');
    assert.ok(doc.stepKeys.includes('load'));
    assert.deepEqual(doc.stepPath('load'), ['steps', 0]);
  });

  it('locatePath gives the exact range of a step key', () => {
    const file = path.join(EXAMPLE, 'snapshots/checkout-payment-declined.json');
    const text = fs.readFileSync(file, 'utf8');
    const r = locatePath(text, ['steps', 'payment:cart-1001'])!;
    assert.equal(text.slice(r.startOffset, r.endOffset), '"payment:cart-1001"');
    const v = locatePath(text, ['execution', 'status'], 'value')!;
    assert.equal(text.slice(v.startOffset, v.endOffset), '"running"');
  });

  it('invalid JSON that names snapshot fields is kept, with its errors', () => {
    const doc = parseSnapshotDoc('file:///x/broken.json', '{"formatVersion": 1, "steps": {');
    assert.ok(doc);
    assert.equal(doc.value, undefined);
    assert.equal(doc.errors, 1);
    assert.deepEqual(doc.diagnostics.map((d) => [d.code, d.message]), [['invalid-json', 'Invalid JSON: unexpected end of file: "}" expected (truncated?)']]);
  });
});
