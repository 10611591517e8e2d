// validate --store / check --store / check --store --against, end to end against real parts: the PostgreSQL test
// cluster, the libSQL fixture files, the MongoDB export fixtures; the summary checked against real awaitly 1.35.0
// resumes of the same rows (counted calls), and the blast radius on the example workspace's store of 1,240 runs.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as os from 'node:os';
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import type { CliIo } from '../../../core/src/cli/command';
import { runCli } from '../../../core/src/cli/run';
import { openStore } from '../../../core/src/sources';
import { fixtureRows, REPO_ROOT, STORES_DIR, valueOf } from './helpers';
import { loadRows, PG_PASSWORD, withPostgres } from './pgCluster';
import { ensureBuilt } from '../cli/helpers';

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

async function cli(argv: string[], cwd = STORES_DIR, tty = false): Promise<Run> {
  let stdout = '';
  let stderr = '';
  const io: CliIo = { cwd, stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t), readStdin: async () => '', stderrIsTTY: tty };
  const code = await runCli(argv, io);
  return { code, stdout, stderr };
}

type Summary = Array<{ workflow: string; rows: number; categories: Record<string, { count: number; examples: string[] }> }>;

const rows = fixtureRows();

describe('cli: stores', function () {
  this.timeout(180000);
  const pg = withPostgres();
  before(async () => loadRows(pg().url, rows));

  let pgSummary: Summary;

  it('check --store postgres://…: every row in a category, per workflow, with example ids; credentials never shown', async () => {
    const r = await cli(['check', '.', '--store', pg().url, '--format', 'json']);
    const out = JSON.parse(r.stdout);
    assert.equal(out.rows, rows.length);
    assert.equal(out.complete, true);
    pgSummary = out.summary;
    const order = out.summary.find((w: { workflow: string }) => w.workflow === 'order-${…}');
    assert.ok(order, JSON.stringify(out.summary));
    assert.deepEqual(order.categories.clean.examples.slice(0, 3), ['order-dan', 'order-eve', 'order-fay']);
    assert.equal(order.categories.clean.count, 6);
    assert.ok(order.categories['replays-failure'].examples.includes('order-ann'));
    assert.equal(order.categories['unknown-keys'].count, 1);
    assert.deepEqual(order.categories['unknown-keys'].examples, ['order-hal']);
    assert.ok(order.categories.invalid.examples.includes('order-ivy'));
    const none = out.summary.find((w: { workflow: string }) => w.workflow === '(no workflow)');
    assert.deepEqual(none.categories.invalid.examples, ['order-jon']);
    // invalid rows are in --fail-on's default: exit 1; --fail-on none: 0.
    assert.equal(r.code, 1);
    assert.equal((await cli(['check', '.', '--store', pg().url, '--fail-on', 'none'])).code, 0);
    assert.equal((await cli(['check', '.', '--store', pg().url, '--fail-on', 'unknown-keys', '--prefix', 'v4:'])).code, 0);
    for (const text of [r.stdout, r.stderr]) assert.ok(!text.includes(PG_PASSWORD) && !text.includes(encodeURIComponent(PG_PASSWORD)));
    assert.match(out.store, /lens:\*\*\*@127\.0\.0\.1/);
  });

  it('agrees with real awaitly 1.35.0 resumes of the same rows: clean rows skip the charge, failed ones replay it', async () => {
    // Through tsx's require hook, so the fixture's `awaitly` resolves to the root's 1.35.0.
    const { placeOrder, orderDeps } = require(path.join(STORES_DIR, 'src', 'orders.ts')) as {
      placeOrder: (deps: unknown, user: string, options: unknown) => Promise<{ ok: boolean }>;
      orderDeps: (declined: string[]) => Record<string, (...a: unknown[]) => unknown>;
    };
    const resume = async (id: string) => {
      const source = openStore(pg().url, '/');
      const entry = await source.read!(id);
      await source.close();
      const calls: Record<string, number> = {};
      const deps = orderDeps([]);
      const counted = Object.fromEntries(Object.entries(deps).map(([k, f]) => [k, async (...a: unknown[]) => ((calls[k] = (calls[k] ?? 0) + 1), (f as (...x: unknown[]) => unknown)(...a))]));
      const stored = valueOf(entry!);
      const store = { save: async () => {}, load: async () => stored, delete: async () => {}, list: async () => [], close: async () => {} };
      const user = id.replace(/^order-/, '');
      const r = await placeOrder(counted, user, { store });
      return { ok: r.ok, calls };
    };
    const clean = await resume('order-dan');
    assert.equal(clean.ok, true);
    assert.equal(clean.calls.chargeCard, undefined, 'a clean row skips chargeCard');
    assert.equal(clean.calls.sendReceipt, 1);
    const failed = await resume('order-ann');
    assert.equal(failed.ok, false, 'a replays-failure row ends with the saved error');
    assert.equal(failed.calls.chargeCard, undefined);
    const unknown = await resume('order-hal');
    assert.equal(unknown.calls.chargeCard, 1, "an unknown key is ignored: the step under the current key runs");
  });

  it('gives the same summary from libSQL and from MongoDB exports (relaxed, canonical, BSON) of the same rows', async () => {
    for (const url of ['mongodb-export:mongo-relaxed.jsonl', 'mongodb-export:mongo-canonical.jsonl', 'mongodb-export:mongo.bson']) {
      const r = await cli(['check', '.', '--store', url, '--format', 'json']);
      assert.deepEqual(JSON.parse(r.stdout).summary, pgSummary, url);
    }
    // The libSQL file has one more row, with broken JSON: named on stderr, exit 2 (incomplete).
    const lib = await cli(['check', '.', '--store', 'libsql:snapshots.db', '--format', 'json']);
    assert.equal(lib.code, 2);
    assert.match(lib.stderr, /snapshots\.db \(table awaitly_snapshots\): row order-kim: malformed JSON at 1:29/);
    assert.equal(JSON.parse(lib.stdout).complete, false);
  });

  it('checks rows on worker threads (--jobs 2, the built bin) with the same result as in-process', async () => {
    ensureBuilt();
    const bin = (jobs: string) => spawnSync(process.execPath, [path.join(REPO_ROOT, 'dist', 'cli.js'), 'check', '.', '--store', pg().url, '--format', 'json', '--jobs', jobs], { cwd: STORES_DIR, encoding: 'utf8' });
    const two = bin('2');
    assert.equal(two.status, 1, two.stderr);
    assert.deepEqual(JSON.parse(two.stdout).summary, pgSummary);
    const inProcess = await cli(['check', '.', '--store', pg().url, '--format', 'json']);
    assert.deepEqual(JSON.parse(two.stdout).diagnostics, JSON.parse(inProcess.stdout).diagnostics);
  });

  it('validate --store: awaitly\'s verdict per row; text, sarif, github and markdown say the same', async () => {
    const text = await cli(['validate', '--store', pg().url]);
    assert.equal(text.code, 1);
    assert.match(text.stdout, /18 row\(s\) checked with awaitly's validateSnapshot rules/);
    assert.match(text.stdout, /2 are invalid \(awaitly refuses to load them\) \(e\.g\. 'order-ivy', 'order-jon'\)/);
    assert.match(text.stdout, /order-ivy:1:\d+ {2}error {2}steps\["charge:ivy"\] is error result but missing cause field/);
    const sarif = JSON.parse((await cli(['validate', '--store', pg().url, '--format', 'sarif'])).stdout);
    assert.deepEqual(sarif.runs[0].results.map((x: { locations: Array<{ physicalLocation: { artifactLocation: { uri: string } } }> }) => x.locations[0]!.physicalLocation.artifactLocation.uri).sort(), ['order-hal', 'order-ivy', 'order-jon']);
    const github = (await cli(['validate', '--store', pg().url, '--format', 'github'])).stdout;
    assert.match(github, /^::error file=order-ivy,line=1,/m);
    const md = (await cli(['check', '.', '--store', pg().url, '--format', 'markdown'])).stdout;
    assert.match(md, /^- 6 resume cleanly \(e\.g\. `order-dan`, `order-eve`, `order-fay`\)$/m);
  });

  it('a wrong password, a refused connection and a missing table: exit 2, the store named, no password', async () => {
    const wrong = await cli(['check', '.', '--store', pg().url.replace(encodeURIComponent(PG_PASSWORD), 'hunter2-wrong')]);
    assert.equal(wrong.code, 2);
    assert.match(wrong.stderr, /postgres:\/\/lens:\*\*\*@127\.0\.0\.1:\d+\/postgres \(table awaitly_snapshots\): password authentication failed/);
    assert.ok(!(wrong.stdout + wrong.stderr).includes('hunter2-wrong'));
    const refused = await cli(['validate', '--store', pg().url.replace(`:${pg().port}/`, ':1/')]);
    assert.equal(refused.code, 2);
    assert.match(refused.stderr, /connection refused/);
    assert.match(refused.stdout, /Incomplete: 1 problem\(s\) reading the store/);
    const table = await cli(['validate', '--store', pg().url, '--table', 'orders', '--format', 'json']);
    assert.equal(table.code, 2);
    assert.match(table.stderr, /no table 'orders'/);
    assert.equal(JSON.parse(table.stdout).complete, false);
    assert.ok(!(refused.stderr + table.stderr + table.stdout).includes(PG_PASSWORD));
  });

  it('draws a progress line on a terminal only: not under CI, not with --format json', async () => {
    const ci = process.env.CI;
    delete process.env.CI;
    try {
      const tty = await cli(['validate', '--store', 'mongodb-export:mongo.bson'], STORES_DIR, true);
      assert.match(tty.stderr, /\r\[#+ *\] \d+ \/ 18 rows|\r\d+ rows/);
      assert.equal((await cli(['validate', '--store', 'mongodb-export:mongo.bson', '--format', 'json'], STORES_DIR, true)).stderr, '');
      assert.equal((await cli(['validate', '--store', 'mongodb-export:mongo.bson'], STORES_DIR, false)).stderr, '');
      process.env.CI = 'true';
      assert.equal((await cli(['validate', '--store', 'mongodb-export:mongo.bson'], STORES_DIR, true)).stderr, '');
    } finally {
      if (ci === undefined) delete process.env.CI;
      else process.env.CI = ci;
    }
  });

  it('refuses bad usage: unknown store scheme, unknown --fail-on category, files and --store together', async () => {
    assert.match((await cli(['validate', '--store', 'redis://x'])).stderr, /unknown store URL 'redis:\/\/x'/);
    assert.match((await cli(['validate', '--store', pg().url, '--fail-on', 'bogus'])).stderr, /unknown category 'bogus'/);
    assert.match((await cli(['validate', 'rows.json', '--store', pg().url])).stderr, /either files or --store/);
  });
});

describe('cli: blast radius (check --store --against)', function () {
  this.timeout(180000);

  it('on the example workspace: the 1,240 in-flight checkouts a key change would stop with WorkflowShapeDriftError, as awaitly 4.5.1 does', async () => {
    const { makeDemoRepo } = (await import('../../../scripts/blast-radius-demo.mjs' as string)) as { makeDemoRepo: () => string };
    const dir = makeDemoRepo();
    try {
      const r = await cli(['check', '.', '--store', 'libsql:stores/checkout.db', '--against', 'HEAD', '--format', 'json'], dir);
      assert.equal(r.code, 1, r.stderr);
      const blast = JSON.parse(r.stdout).blastRadius;
      assert.equal(blast.rows, 1240);
      assert.deepEqual(blast.effects.map((e: { kind: string; workflow: string; step?: string; after?: string; count: number }) => [e.kind, e.workflow, e.step, e.after, e.count]), [
        ['shape-drift', 'checkout', 'step 5', 'charge:${…}', 1240],
      ]);
      assert.equal(blast.broken, 1240);
      const md = await cli(['check', '.', '--store', 'libsql:stores/checkout.db', '--against', 'HEAD', '--format', 'markdown'], dir);
      assert.match(md.stdout, /^- deploying this makes 1,240 `checkout` runs (most likely )?fail to resume with WorkflowShapeDriftError at step 5: the checkpoint has `payment:cart-2001`/m);

      // The oracle: the changed code, run by the workspace's own awaitly 4.5.1 through durable.run, resumed from a row.
      const source = openStore('libsql:stores/checkout.db', dir);
      const row = valueOf((await source.read!('checkout-cart-2001'))!);
      await source.close();
      const checkoutModule = require(path.join(dir, 'src', 'checkout.ts')) as { checkout: (id: string, runner: unknown) => Promise<{ ok: boolean; error?: { type: string; message: string } }>; createCheckoutDeps: (carts: object) => Record<string, (...a: unknown[]) => unknown> };
      const { durable } = createRequire(path.join(dir, 'package.json'))('awaitly/durable') as { durable: { run: (...a: unknown[]) => Promise<unknown> } };
      const calls: Record<string, number> = {};
      const deps = Object.fromEntries(Object.entries(checkoutModule.createCheckoutDeps({ 'cart-2001': { id: 'cart-2001', customerId: 'c', items: [] } })).map(([k, f]) => [k, (...a: unknown[]) => ((calls[k] = (calls[k] ?? 0) + 1), f(...a))]));
      const store = { save: async () => {}, load: async () => row, delete: async () => {}, list: async () => [], close: async () => {} };
      const resumed = await checkoutModule.checkout('cart-2001', { run: (fn: unknown) => durable.run(deps, fn, { id: 'checkout-cart-2001', store }) });
      assert.equal(resumed.ok, false);
      assert.equal(resumed.error!.type, 'PERSISTENCE_ERROR');
      assert.match(resumed.error!.message, /step 5 was 'payment:cart-2001' and is now 'charge:cart-2001'/);
      assert.equal(calls.chargeCard, undefined);

      spawnSync('git', ['checkout', '--', 'src/checkout.ts'], { cwd: dir });
      const none = await cli(['check', '.', '--store', 'libsql:stores/checkout.db', '--against', 'HEAD'], dir);
      assert.equal(none.code, 0);
      assert.match(none.stdout, /no in-flight row resumes worse with this change/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('counts rows that were already broken apart, and names an unknown ref', async () => {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'awaitly-lens-blast-orders-'));
    try {
      fs.cpSync(path.join(STORES_DIR, 'src'), path.join(tmp, 'src'), { recursive: true });
      fs.copyFileSync(path.join(STORES_DIR, 'tsconfig.json'), path.join(tmp, 'tsconfig.json'));
      fs.copyFileSync(path.join(STORES_DIR, 'snapshots.db'), path.join(tmp, 'snapshots.db'));
      fs.symlinkSync(path.join(REPO_ROOT, 'node_modules'), path.join(tmp, 'node_modules'), 'dir');
      const git = (...a: string[]) => spawnSync('git', a, { cwd: tmp, env: { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@t', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@t' } });
      git('init', '-q');
      git('add', 'src', 'tsconfig.json');
      git('commit', '-q', '-m', 'base');
      const file = path.join(tmp, 'src', 'orders.ts');
      fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace('key: `charge:${user.id}`', 'key: `payment:${user.id}`'));
      const r = await cli(['check', '.', '--store', 'libsql:snapshots.db', '--prefix', 'order-', '--against', 'HEAD', '--format', 'json'], tmp);
      const blast = JSON.parse(r.stdout).blastRadius;
      // order-dan/eve/fay re-run chargeCard; ann/bob/cid/gus lose their saved failure; hal (unknown key) and ivy
      // (invalid) were broken before the change; jon matched nothing before either; kim does not parse.
      const reruns = blast.effects.find((e: { kind: string }) => e.kind === 'reruns');
      assert.equal(reruns.count, 3);
      assert.deepEqual(reruns.examples, ['order-dan', 'order-eve', 'order-fay']);
      assert.equal(blast.effects.find((e: { kind: string }) => e.kind === 'orphaned').count, 4);
      assert.equal(blast.broken, 7);
      assert.equal(blast.alreadyBroken, 4);
      assert.equal(r.code, 2, 'order-kim cannot be parsed: incomplete');
      const bad = await cli(['check', '.', '--store', 'libsql:snapshots.db', '--against', 'no-such-ref'], tmp);
      assert.equal(bad.code, 2);
      assert.match(bad.stderr, /--against no-such-ref: unknown git revision 'no-such-ref'/);
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  });
});
