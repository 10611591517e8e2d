// `npm run bench` (store part; alone: `npm run build && tsx scripts/bench-stores.ts`): one throwaway PostgreSQL
// cluster (core/test/sources/pgCluster.ts), 20-step snapshots from real awaitly 1.35.0 runs loaded with COPY from a
// generator, then, in the same run:
//   baseline   the same rows streamed with pg + pg-cursor (1000 a batch) and JSON.parse'd (pg's jsonb parser)
//   check      `node dist/cli.js check <project> --store postgres://… --format json`
// at BENCH_STORE_SMALL rows (default 100,000) and BENCH_STORE_ROWS rows (default 1,000,000): throughput, the
// ratio to the baseline (target ≥ 0.5), peak RSS of the check process (target < 300 MB), time per row at both
// sizes (linear: the ratio of the two ≈ 1). Then 1, 2 and 4 parallel readers (--shard i/n) at the small size.
// Quick run: BENCH_STORE_ROWS=200000 BENCH_STORE_SMALL=20000. Figures are printed, never asserted.
// AWAITLY_LENS_BENCH_CLI_ARGS: node flags for the measured check runs (see CLI_NODE_ARGS).
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { adapterTableSql, startPgCluster, type PgCluster } from '../core/test/sources/pgCluster';

const REPO_ROOT = path.resolve(__dirname, '..');
const CLI = path.join(REPO_ROOT, 'dist', 'cli.js');
const LARGE = Number(process.env.BENCH_STORE_ROWS ?? 1_000_000);
const SMALL = Number(process.env.BENCH_STORE_SMALL ?? Math.min(100_000, Math.round(LARGE / 10)));
const STEPS = 20;
// Node flags for the measured check runs, space-separated (for example `--cpu-prof --cpu-prof-dir=/tmp/p` to see where
// a check's time goes); not for the baseline, which runs in this process.
const CLI_NODE_ARGS = (process.env.AWAITLY_LENS_BENCH_CLI_ARGS ?? '').split(' ').filter(Boolean);
const TARGET_RATIO = 0.5;
const TARGET_RSS_MB = 300;

const n = (x: number) => Math.round(x).toLocaleString('en-US');

/** A 20-step durable workflow, written into the bench project (analysed by check, run for the templates). */
function workflowSource(): string {
  const steps = Array.from({ length: STEPS }, (_, i) => `    const v${i + 1} = await step('step${i + 1}', () => deps.work(${i + 1}, orderId), { key: \`s${i + 1}:\${orderId}\` });`);
  return `// Bench workflow: ${STEPS} keyed steps, run through durable.run.
import { ok, err, type AsyncResult } from 'awaitly';
import { durable } from 'awaitly/durable';

export type BenchDeps = { work: (n: number, orderId: string) => AsyncResult<{ n: number; orderId: string; note: string }, { type: 'FAILED'; n: number }> };

export function benchDeps(failAt?: number): BenchDeps {
  return { work: async (n, orderId) => (n === failAt ? err({ type: 'FAILED' as const, n }) : ok({ n, orderId, note: 'processed ' + n })) };
}

export function runBench(deps: BenchDeps, orderId: string, store: any) {
  return durable.run(deps, async ({ step, deps }) => {
${steps.join('\n')}
    return v${STEPS};
  }, { id: \`bench-\${orderId}\`, store });
}
`;
}

interface Templates {
  /** Snapshot JSON text split around the order id, for fast substitution. */
  parts: string[][];
}

/** Real saves of real runs: the 20th checkpoint of a run, a run stopped by a failure at step 10, the 10th checkpoint. */
export async function templates(project: string): Promise<Templates> {
  const { tsImport } = await import('tsx/esm/api');
  const mod = (await tsImport(pathToFileURL(path.join(project, 'src', 'bench.ts')).href, __filename)) as { runBench: Function; benchDeps: Function };
  const ID = 'ORDERID0000';
  const record = () => {
    const saves: unknown[] = [];
    const data = new Map<string, unknown>();
    return { saves, data, save: async (id: string, s: unknown) => void (saves.push(structuredClone(s)), data.set(id, s)), load: async (id: string) => data.get(id) ?? null, delete: async (id: string) => void data.delete(id), list: async () => [], close: async () => {} };
  };
  const full = record();
  await mod.runBench(mod.benchDeps(), ID, full);
  const failed = record();
  await mod.runBench(mod.benchDeps(10), ID, failed);
  const values = [full.saves[STEPS - 1], failed.data.get(`bench-${ID}`), full.saves[9]];
  if (values.some((v) => !v)) throw new Error('bench: a template run did not save as expected');
  return { parts: values.map((v) => JSON.stringify(v).split(ID)) };
}

/** COPY text format: backslashes doubled (JSON has no raw tabs or newlines). */
function copyLine(id: string, json: string, at: string): string {
  return `${id}\t${json.replace(/\\/g, '\\\\')}\t${at}\n`;
}

export async function load(cluster: Pick<PgCluster, "psqlPath" | "port" | "password">, t: Templates, from: number, to: number): Promise<number> {
  const started = Date.now();
  const psql = spawn(path.join(path.dirname(cluster.psqlPath), 'psql'), ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '-h', '127.0.0.1', '-p', String(cluster.port), '-U', 'lens', '-d', 'postgres', '-c', 'COPY awaitly_snapshots (id, snapshot, updated_at) FROM STDIN'], { env: { ...process.env, PGPASSWORD: cluster.password }, stdio: ['pipe', 'inherit', 'inherit'] });
  const done = new Promise<number>((resolve) => psql.on('close', (code) => resolve(code ?? 1)));
  const base = Date.UTC(2026, 0, 1);
  let chunk = '';
  for (let i = from; i < to; i++) {
    const orderId = `o${String(i).padStart(7, '0')}`;
    // 90% running after all 20 steps' checkpoint, 5% stopped by a failure, 5% halfway.
    const kind = i % 20 === 7 ? 1 : i % 20 === 13 ? 2 : 0;
    chunk += copyLine(`bench-${orderId}`, t.parts[kind]!.join(orderId), new Date(base + i * 1000).toISOString());
    if (chunk.length > 1 << 20) {
      if (!psql.stdin.write(chunk)) await new Promise((r) => psql.stdin.once('drain', r));
      chunk = '';
    }
  }
  psql.stdin.end(chunk);
  if ((await done) !== 0) throw new Error('bench: COPY failed');
  return (Date.now() - started) / 1000;
}

/** Wall time and peak RSS of a child (GNU time), its stdout. */
function timed(args: string[], cwd: string): { seconds: number; rssMb: number; stdout: string } {
  const started = process.hrtime.bigint();
  const r = spawnSync('/usr/bin/time', ['-f', 'RSS_KB=%M', process.execPath, ...CLI_NODE_ARGS, ...args], { cwd, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, env: { ...process.env, CI: 'true' } });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const rss = /RSS_KB=(\d+)/.exec(r.stderr);
  if (!rss) throw new Error(`bench: no RSS figure: ${r.stderr.slice(-2000)}`);
  return { seconds, rssMb: Number(rss[1]) / 1024, stdout: r.stdout };
}

const BASELINE = `
const { Client } = require('pg');
const Cursor = require('pg-cursor');
(async () => {
  const c = new Client({ connectionString: process.argv[1] });
  await c.connect();
  await c.query('BEGIN READ ONLY');
  const cursor = c.query(new Cursor('SELECT id, snapshot, updated_at FROM awaitly_snapshots'));
  let rows = 0, steps = 0;
  for (;;) {
    const batch = await cursor.read(1000);
    if (batch.length === 0) break;
    for (const r of batch) { rows++; steps += Object.keys(r.snapshot.steps).length; }
  }
  await cursor.close();
  await c.query('ROLLBACK');
  await c.end();
  console.log(JSON.stringify({ rows, steps }));
})();
`;

/** The check's fixed cost: the same command over no rows (the analysis of the project, the connection). */
function startup(cluster: PgCluster, project: string): number {
  return timed([CLI, 'check', project, '--store', cluster.url, '--prefix', 'no-such-row', '--format', 'json', '--fail-on', 'none'], project).seconds;
}

function measure(cluster: PgCluster, project: string, rows: number): { base: ReturnType<typeof timed>; check: ReturnType<typeof timed> } {
  const base = timed(['-e', BASELINE, cluster.url], REPO_ROOT);
  if (JSON.parse(base.stdout).rows !== rows) throw new Error(`bench: baseline read ${base.stdout}`);
  const check = timed([CLI, 'check', project, '--store', cluster.url, '--format', 'json', '--fail-on', 'none'], project);
  const out = JSON.parse(check.stdout) as { rows: number; complete: boolean; summary: Array<{ workflow: string; categories: Record<string, { count: number }> }> };
  if (out.rows !== rows || !out.complete) throw new Error(`bench: check read ${out.rows} rows (complete: ${out.complete})`);
  const clean = out.summary.reduce((s, w) => s + (w.categories.clean?.count ?? 0), 0);
  console.log(`  check summary: ${out.summary.map((w) => `${w.workflow}: ${Object.entries(w.categories).map(([k, v]) => `${k} ${n(v.count)}`).join(', ')}`).join('; ')} (${n(clean)} clean)`);
  return { base, check };
}

function report(rows: number, m: ReturnType<typeof measure>, fixed: number): number {
  const baseRate = rows / m.base.seconds;
  const checkRate = rows / m.check.seconds;
  const streamRate = rows / Math.max(0.001, m.check.seconds - fixed);
  const ratio = checkRate / baseRate;
  console.log(`  ${n(rows)} rows: baseline (pg + JSON.parse) ${m.base.seconds.toFixed(1)} s = ${n(baseRate)} rows/s (RSS ${m.base.rssMb.toFixed(0)} MB); check --store ${m.check.seconds.toFixed(1)} s = ${n(checkRate)} rows/s (${n(streamRate)} rows/s after its ${fixed.toFixed(1)} s analysis of the project)`);
  console.log(`    throughput ratio check/baseline ${ratio.toFixed(2)} overall, ${(streamRate / baseRate).toFixed(2)} streaming (target ≥ ${TARGET_RATIO}: ${ratio >= TARGET_RATIO ? 'PASS' : 'FAIL'}); check peak RSS ${m.check.rssMb.toFixed(0)} MB (target < ${TARGET_RSS_MB}: ${m.check.rssMb < TARGET_RSS_MB ? 'PASS' : 'FAIL'})`);
  return (m.check.seconds - fixed) / rows;
}

/** The bench project: the workflow, a tsconfig, the repository's node_modules (awaitly 1.35.0). */
export function makeBenchProject(project: string): void {
  fs.mkdirSync(path.join(project, 'src'), { recursive: true });
  fs.writeFileSync(path.join(project, 'src', 'bench.ts'), workflowSource());
  fs.writeFileSync(path.join(project, 'tsconfig.json'), JSON.stringify({ compilerOptions: { target: 'ES2022', module: 'preserve', moduleResolution: 'bundler', strict: true, skipLibCheck: true, noEmit: true, types: [] }, include: ['src/**/*.ts'] }));
  fs.symlinkSync(path.join(REPO_ROOT, 'node_modules'), path.join(project, 'node_modules'), 'dir');
}

async function main(): Promise<void> {
  if (!fs.existsSync(CLI)) throw new Error('run `npm run build` first (dist/cli.js)');
  const project = fs.mkdtempSync(path.join(os.tmpdir(), 'awaitly-lens-bench-stores-'));
  makeBenchProject(project);
  const cluster = await startPgCluster();
  try {
    console.log(`bench stores: PostgreSQL ${spawnSync(path.join(path.dirname(cluster.psqlPath), 'postgres'), ['--version'], { encoding: 'utf8' }).stdout.trim()}, ${os.cpus().length} CPU(s); ${STEPS}-step snapshots from real awaitly 1.35.0 runs`);
    const t = await templates(project);
    cluster.psql(adapterTableSql());
    console.log(`  COPY ${n(SMALL)} rows: ${(await load(cluster, t, 0, SMALL)).toFixed(1)} s`);
    cluster.psql('VACUUM ANALYZE awaitly_snapshots');
    const fixed = startup(cluster, project);
    const small = report(SMALL, measure(cluster, project, SMALL), fixed);
    await readers(cluster, project, SMALL);
    console.log(`  COPY ${n(LARGE - SMALL)} more rows: ${(await load(cluster, t, SMALL, LARGE)).toFixed(1)} s`);
    cluster.psql('VACUUM ANALYZE awaitly_snapshots');
    const size = spawnSync(path.join(path.dirname(cluster.psqlPath), 'psql'), ['-X', '-At', '-h', '127.0.0.1', '-p', String(cluster.port), '-U', 'lens', '-d', 'postgres', '-c', "SELECT pg_size_pretty(pg_total_relation_size('awaitly_snapshots'))"], { env: { ...process.env, PGPASSWORD: cluster.password }, encoding: 'utf8' }).stdout.trim();
    console.log(`  table size: ${size}`);
    const large = report(LARGE, measure(cluster, project, LARGE), fixed);
    console.log(`  linearity: ${(large * 1e6).toFixed(1)} µs/row at ${n(LARGE)} vs ${(small * 1e6).toFixed(1)} µs/row at ${n(SMALL)} (ratio ${(large / small).toFixed(2)}; 1.00 is linear)`);
  } finally {
    cluster.stop();
    fs.rmSync(project, { recursive: true, force: true });
  }
}

/** Parallel readers (docs/scaling.md): n processes at once, each streaming its hash shard of the same rows. */
async function readers(cluster: PgCluster, project: string, rows: number): Promise<void> {
  for (const count of [1, 2, 4]) {
    {
      const started = Date.now();
      const children = Array.from({ length: count }, (_, i) => new Promise<{ code: number; out: string }>((resolve) => {
        const c = spawn(process.execPath, [CLI, 'check', project, '--store', cluster.url, '--shard', `${i}/${count}`, '--format', 'json', '--fail-on', 'none'], { cwd: project, env: { ...process.env, CI: 'true' } });
        let out = '';
        c.stdout.on('data', (d) => (out += d));
        c.on('close', (code) => resolve({ code: code ?? 1, out }));
      }));
      const results = await Promise.all(children);
      const seconds = (Date.now() - started) / 1000;
      const total = results.reduce((s, r) => s + (JSON.parse(r.out) as { rows: number }).rows, 0);
      if (total !== rows) throw new Error(`bench: ${count} readers read ${total} rows`);
      console.log(`  ${count} reader(s) by hash shard over ${n(rows)} rows: ${seconds.toFixed(1)} s = ${n(rows / seconds)} rows/s`);
    }
  }
}

if (require.main === module) {
  main().catch((error) => {
    console.error(`bench stores: ${error instanceof Error ? error.stack : String(error)}`);
    process.exitCode = 1;
  });
}
