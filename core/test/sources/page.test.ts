// A page of rows, newest first, and one row by id, for a source without its own list/read (a MongoDB export,
// read in one pass keeping only the page) — checked against a sort of every entry of the same export.
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { openStore } from '../../../core/src/sources';
import { listPage, readRow } from '../../../core/src/sources/page';
import { drain, STORES_DIR } from './helpers';

const URL_ = `mongodb-export:${path.join(STORES_DIR, 'mongo-relaxed.jsonl')}`;

describe('sources: a page of rows from a MongoDB export', () => {
  it('pages newest first (updatedAt, then id) and the pages together are every entry once', async () => {
    const source = openStore(URL_, '/');
    const { entries } = await drain(openStore(URL_, '/'));
    const want = entries.map((e) => ({ id: e.id, updatedAt: e.updatedAt ?? '' }))
      .sort((a, b) => (a.updatedAt !== b.updatedAt ? (a.updatedAt < b.updatedAt ? 1 : -1) : a.id < b.id ? 1 : -1))
      .map((r) => r.id);
    const got: string[] = [];
    let before: { id: string; updatedAt?: string } | undefined;
    for (;;) {
      const page = await listPage(source, { limit: 5, ...(before ? { before } : {}) });
      assert.deepEqual(page.problems, []);
      got.push(...page.rows.map((r) => r.id));
      if (page.rows.length < 5) break;
      const last = page.rows[page.rows.length - 1]!;
      before = { id: last.id, ...(last.updatedAt ? { updatedAt: last.updatedAt } : {}) };
    }
    assert.ok(want.length > 10);
    assert.deepEqual(got, want);
  });

  it('filters by id prefix after the store prefix, and reads one row by id', async () => {
    const source = openStore(URL_, '/');
    const page = await listPage(source, { limit: 100, idPrefix: 'order-b' });
    assert.ok(page.rows.length > 0 && page.rows.every((r) => r.id.startsWith('order-b')), page.rows.map((r) => r.id).join());
    const row = await readRow(source, 'order-ann');
    assert.equal((row?.value as { workflowName?: string }).workflowName, 'order-ann');
    assert.equal(await readRow(source, 'no-such-id'), undefined);
  });

  it('a file that cannot be read: a StoreError naming it', async () => {
    const source = openStore('mongodb-export:/no/such/export.jsonl', '/');
    await assert.rejects(listPage(source, { limit: 5 }), (e: Error) => e.name === 'StoreError' && /export\.jsonl/.test(e.message));
  });
});
