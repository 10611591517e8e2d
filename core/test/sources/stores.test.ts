// The store sources against real parts: a PostgreSQL cluster started for this file, libSQL database files written
// through @libsql/client, and MongoDB export files in relaxed/canonical Extended JSON and BSON. Rows come from
// test-fixtures/stores (real awaitly 1.35.0 and 4.5.1 runs laid out as the adapters write them).
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { BSON } from 'bson';
import { Client } from 'pg';
import { openStore, redactUrl, StoreError } from '../../../core/src/sources';
import { drain, fixtureRows, STORES_DIR, valueOf } from './helpers';
import { loadRows, PG_PASSWORD, withPostgres } from './pgCluster';

const rows = fixtureRows();
const byId = new Map(rows.map((r) => [r.id, r]));

describe('sources: PostgreSQL (real cluster)', function () {
  this.timeout(120000);
  const pg = withPostgres();
  before(async () => {
    await loadRows(pg().url, rows);
    await loadRows(pg().url, rows.filter((r) => r.id.startsWith('v4:')), 'orders_v4');
  });

  it('streams every row: id, JSONB text awaitly-postgres would load, updated_at as ISO', async () => {
    const { entries, problems } = await drain(openStore(pg().url, '/', { batchSize: 4 }));
    assert.deepEqual(problems, []);
    assert.deepEqual(entries.map((e) => e.id).sort(), rows.map((r) => r.id).sort());
    for (const e of entries) {
      const row = byId.get(e.id)!;
      assert.deepEqual(valueOf(e), JSON.parse(row.snapshot), e.id);
      assert.equal(e.updatedAt, row.updated_at);
      assert.deepEqual(e.origin, { kind: 'row', store: redactUrl(pg().url), table: 'awaitly_snapshots', id: e.id });
    }
  });

  it('a reader that stops early (check --max-rows) ends with the next batch already asked for, and the store still answers', async () => {
    // The next batch is requested before a batch is handed out (postgres.ts): stopping mid-batch leaves it in flight.
    const source = openStore(pg().url, '/', { batchSize: 2 });
    const seen: string[] = [];
    try {
      for await (const item of source.entries()) {
        if (item.type === 'entry') seen.push(item.id);
        if (seen.length === 3) break;
      }
    } finally {
      await source.close();
    }
    assert.equal(seen.length, 3);
    const again = await drain(openStore(pg().url, '/', { batchSize: 2 }));
    assert.deepEqual(again.problems, []);
    assert.equal(again.entries.length, rows.length);
  });

  it('reads a custom table and only the ids with the prefix', async () => {
    const { entries } = await drain(openStore(pg().url, '/', { table: 'orders_v4' }));
    assert.equal(entries.length, rows.filter((r) => r.id.startsWith('v4:')).length);
    const other = await drain(openStore(pg().url, '/', { prefix: 'other:' }));
    assert.deepEqual(other.entries.map((e) => e.id), ['other:order-ann']);
    // LIKE wildcards in a prefix are literal.
    assert.equal((await drain(openStore(pg().url, '/', { prefix: 'order_' }))).entries.length, 0);
  });

  it('splits rows between parallel readers by hash, each row read once', async () => {
    const parts = await Promise.all([0, 1, 2].map((index) => drain(openStore(pg().url, '/', { shard: { index, count: 3 } }))));
    const ids = parts.flatMap((p) => p.entries.map((e) => e.id));
    assert.equal(new Set(ids).size, ids.length);
    assert.deepEqual(ids.sort(), rows.map((r) => r.id).sort());
    assert.ok(parts.every((p) => p.entries.length > 0));
  });

  it('sends only BEGIN READ ONLY, SELECTs (cursor fetches) and ROLLBACK: every statement it sent, from the server log', async () => {
    pg().psql("ALTER SYSTEM SET log_statement = 'all'");
    pg().psql("ALTER SYSTEM SET log_line_prefix = '[%a] '");
    pg().psql('SELECT pg_reload_conf()');
    await new Promise((r) => setTimeout(r, 300));
    const source = openStore(pg().url, '/', { batchSize: 5 });
    await drain(source);
    await source.list!({ limit: 2 }).catch(() => undefined);
    pg().psql("ALTER SYSTEM RESET log_statement");
    pg().psql('SELECT pg_reload_conf()');
    const log = fs.readFileSync(path.join(pg().dir, 'server.log'), 'utf8');
    const statements = log.split('\n').filter((l) => l.startsWith('[awaitly-lens (read-only)]') && /(statement|execute [^:]*):/.test(l))
      .map((l) => l.replace(/^.*?(statement|execute [^:]*): /, '').trim());
    assert.ok(statements.length >= 3, log.slice(-3000));
    assert.equal(statements[0], 'BEGIN READ ONLY');
    for (const st of statements) assert.match(st, /^(BEGIN READ ONLY|SELECT |ROLLBACK)/, st);
    assert.ok(statements.includes('ROLLBACK'));
  });

  it('cannot write even through a view that writes: list, read and count run read-only too', async () => {
    // A "table" that is a view calling a writing function: any SELECT through it tries an INSERT.
    pg().psql('CREATE TABLE IF NOT EXISTS side_effects (n int)');
    pg().psql("CREATE OR REPLACE FUNCTION write_once() RETURNS boolean AS $$ INSERT INTO side_effects VALUES (1); SELECT true $$ LANGUAGE sql VOLATILE");
    pg().psql('CREATE OR REPLACE VIEW writing_view AS SELECT * FROM awaitly_snapshots WHERE write_once()');
    const source = openStore(pg().url, '/', { table: 'writing_view' });
    try {
      await assert.rejects(source.list!({ limit: 2 }), (e: Error) => e instanceof StoreError && /read-only transaction/.test(e.message));
      await assert.rejects(source.read!(rows[0]!.id), (e: Error) => e instanceof StoreError && /read-only transaction/.test(e.message));
      assert.equal(await source.count!(), undefined);
      const streamed = await drain(openStore(pg().url, '/', { table: 'writing_view' }));
      assert.equal(streamed.entries.length, 0);
      assert.match(streamed.problems.map((p) => p.message).join('\n'), /read-only transaction/);
    } finally {
      await source.close();
    }
    const check = new Client({ connectionString: pg().url });
    await check.connect();
    try {
      assert.equal((await check.query('SELECT count(*)::int AS n FROM side_effects')).rows[0].n, 0);
    } finally {
      await check.end();
    }
  });

  it('lists rows newest first, paged, filtered by id prefix, and reads one row', async () => {
    const source = openStore(pg().url, '/');
    try {
      const first = await source.list!({ limit: 3 });
      const newest = [...rows].sort((a, b) => b.updated_at.localeCompare(a.updated_at));
      assert.deepEqual(first.map((r) => r.id), newest.slice(0, 3).map((r) => r.id));
      const next = await source.list!({ limit: 3, before: first[2]! });
      assert.deepEqual(next.map((r) => r.id), newest.slice(3, 6).map((r) => r.id));
      const v4 = await source.list!({ limit: 100, idPrefix: 'v4:order-a' });
      assert.deepEqual(v4.map((r) => r.id), ['v4:order-ann']);
      const one = await source.read!('order-gus');
      assert.deepEqual(valueOf(one!), JSON.parse(byId.get('order-gus')!.snapshot));
      assert.equal(await source.read!('nope'), undefined);
    } finally {
      await source.close();
    }
  });

  it('names a missing table, and never shows the password', async () => {
    const { entries, problems } = await drain(openStore(pg().url, '/', { table: 'no_such_table' }));
    assert.equal(entries.length, 0);
    assert.equal(problems.length, 1);
    assert.match(problems[0]!.message, /no table 'no_such_table'/);
    assert.ok(problems[0]!.fatal);
    assert.ok(!problems[0]!.where.includes(PG_PASSWORD) && !problems[0]!.where.includes(encodeURIComponent(PG_PASSWORD)));
    assert.match(problems[0]!.where, /lens:\*\*\*@127\.0\.0\.1/);
  });

  it('reports a wrong password and a refused connection without the password', async () => {
    const wrong = pg().url.replace(encodeURIComponent(PG_PASSWORD), 'not-the-password-42');
    const a = await drain(openStore(wrong, '/'));
    assert.match(a.problems[0]!.message, /password authentication failed/);
    assert.ok(!JSON.stringify(a).includes('not-the-password-42'));
    const refused = pg().url.replace(`:${pg().port}/`, ':1/');
    const b = await drain(openStore(refused, '/'));
    assert.match(b.problems[0]!.message, /connection refused/);
    assert.ok(!JSON.stringify(b).includes(PG_PASSWORD) && !JSON.stringify(b).includes(encodeURIComponent(PG_PASSWORD)));
  });

  it('refuses a table name awaitly-postgres would refuse', () => {
    assert.throws(() => openStore(pg().url, '/', { table: 'x; DROP TABLE y' }), StoreError);
  });
});

describe('sources: libSQL / SQLite files (written through @libsql/client)', () => {
  const db = path.join(STORES_DIR, 'snapshots.db');
  let tmp: string;
  before(() => (tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'awaitly-lens-libsql-'))));
  after(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it('streams every row in bounded pages, updated_at as stored, broken JSON text passed on as text', async () => {
    const { entries, problems } = await drain(openStore(`file:${path.relative(process.cwd(), db)}`, process.cwd(), { batchSize: 5 }));
    assert.deepEqual(problems, []);
    assert.equal(entries.length, rows.length + 1);
    for (const e of entries) {
      const row = byId.get(e.id);
      if (!row) {
        assert.equal(e.id, 'order-kim');
        assert.throws(() => JSON.parse(e.text!));
        continue;
      }
      assert.equal(e.text, row.snapshot);
      assert.equal(e.updatedAt, row.updated_at.replace('T', ' ').replace(/\.\d+Z$/, ''));
    }
    const prefixed = await drain(openStore(`libsql:${db}`, '/', { prefix: 'v4:' }));
    assert.equal(prefixed.entries.length, rows.filter((r) => r.id.startsWith('v4:')).length);
  });

  it('never writes: the file is byte-for-byte the same after reading it all, and a missing file is not created', async () => {
    const copy = path.join(tmp, 'copy.db');
    fs.copyFileSync(db, copy);
    const before = fs.readFileSync(copy);
    const mtime = fs.statSync(copy).mtimeMs;
    const source = openStore(pathToFileURL(copy).href, '/', { batchSize: 3 });
    assert.equal((await drain(source)).entries.length, rows.length + 1);
    await source.list!({ limit: 5 });
    await source.read!('order-ann');
    await source.close();
    assert.deepEqual(fs.readFileSync(copy), before);
    assert.equal(fs.statSync(copy).mtimeMs, mtime);
    assert.deepEqual(fs.readdirSync(tmp), ['copy.db'], 'no journal or WAL file left behind');

    const missing = path.join(tmp, 'missing.db');
    const { problems } = await drain(openStore(`file:${missing}`, '/'));
    assert.match(problems[0]!.message, /no such file/);
    assert.ok(!fs.existsSync(missing));
  });

  it('names a missing table', async () => {
    const { problems } = await drain(openStore(`file:${db}`, '/', { table: 'orders' }));
    assert.match(problems[0]!.message, /no table 'orders'/);
  });

  it('lists newest first with paging and reads one row', async () => {
    const source = openStore(`file:${db}`, '/');
    try {
      const page = await source.list!({ limit: 2 });
      assert.deepEqual(page.map((r) => r.id), ['order-kim', 'other:order-ann']);
      const next = await source.list!({ limit: 2, before: page[1]! });
      assert.deepEqual(next.map((r) => r.id), ['order-jon', 'order-ivy']);
      assert.equal((await source.read!('order-dan'))!.text, byId.get('order-dan')!.snapshot);
    } finally {
      await source.close();
    }
  });
});

describe('sources: MongoDB exports (mongoexport JSON lines, mongodump .bson)', () => {
  let tmp: string;
  before(() => (tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'awaitly-lens-mongo-'))));
  after(() => fs.rmSync(tmp, { recursive: true, force: true }));

  for (const file of ['mongo-relaxed.jsonl', 'mongo-canonical.jsonl', 'mongo.bson']) {
    it(`reads ${file}: every document's snapshot object and updatedAt date`, async () => {
      const { entries, problems } = await drain(openStore(`mongodb-export:${path.join(STORES_DIR, file)}`, '/'));
      assert.deepEqual(problems, []);
      assert.equal(entries.length, rows.length);
      for (const e of entries) {
        assert.deepEqual(e.value, JSON.parse(byId.get(e.id)!.snapshot), e.id);
        assert.equal(e.updatedAt, byId.get(e.id)!.updated_at);
      }
    });
  }

  it('names a broken line and a document without a snapshot, and goes on', async () => {
    const lines = fs.readFileSync(path.join(STORES_DIR, 'mongo-canonical.jsonl'), 'utf8').trimEnd().split('\n');
    lines.splice(1, 0, '{"_id": "order-zed", "snapshot": {');
    lines.splice(3, 0, '{"_id": "order-yan", "updatedAt": {"$date": "2026-01-01T00:00:00Z"}}');
    const file = path.join(tmp, 'broken.jsonl');
    fs.writeFileSync(file, lines.join('\n'));
    const { entries, problems } = await drain(openStore(`mongodb-export:${file}`, '/'));
    assert.equal(entries.length, rows.length);
    assert.deepEqual(problems.map((p) => [p.id, p.fatal]), [['line 2', false], ['order-yan', false]]);
    assert.match(problems[0]!.message, /not Extended JSON/);
    assert.match(problems[1]!.message, /no snapshot field/);
  });

  it('reads a --jsonArray export and names a truncated dump', async () => {
    const docs = fs.readFileSync(path.join(STORES_DIR, 'mongo-relaxed.jsonl'), 'utf8').trimEnd().split('\n');
    const array = path.join(tmp, 'array.json');
    fs.writeFileSync(array, `[${docs.join(',\n')}]`);
    assert.equal((await drain(openStore(`mongodb-export:${array}`, '/'))).entries.length, rows.length);

    const bson = fs.readFileSync(path.join(STORES_DIR, 'mongo.bson'));
    const first = bson.readInt32LE(0);
    const cut = path.join(tmp, 'cut.bson');
    fs.writeFileSync(cut, bson.subarray(0, first + 10));
    const { entries, problems } = await drain(openStore(`mongodb-export:${cut}`, '/'));
    assert.equal(entries.length, 1);
    assert.match(problems[0]!.message, /truncated/);
    assert.deepEqual(BSON.deserialize(bson.subarray(0, first))._id, entries[0]!.id);
  });

  it('points a mongodb:// URL at the export route', () => {
    assert.throws(() => openStore('mongodb://user:pw-123@db.example/app', '/'), (e: Error) => /mongodb-export:/.test(e.message) && !e.message.includes('pw-123'));
  });
});
