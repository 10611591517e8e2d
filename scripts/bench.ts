// `npm run bench` (build, then `tsx scripts/bench.ts`): measures and prints, every figure as a ratio
// against a baseline measured in the same run. Targets are reported PASS/FAIL, never asserted: the
// script exits 0 whatever the figures (unit tests do not depend on machine speed).
//
// Targets of issue 13 (the first ones, 1.5, 4 and 2, were met at 1.20, 3.59 and 1.54):
// (a) one 100k-step snapshot (~30 MB, realistic values, some failed steps, some real errors):
//     time validateSnapshotText(text) (what `validate` runs: analyzeSnapshotText without the parsed value,
//     a big file checked one step entry at a time) vs JSON.parse(text) + awaitly's validateSnapshot (median of runs),
//     target ≤ 1.0; peak RSS while analysing over the file size, measured in a child process, target ≤ 3.
// (b) 10,000 small snapshot files: `node dist/cli.js validate <dir> --format json` vs a child process
//     that walks the same way and reads + JSON.parses every file, target ≤ 1.3.
//
// (a) is measured in children running this same file bundled with esbuild, with plain node (`--child-time`,
// `--child-memory`): no TypeScript loader sits in the measured process, and the code runs as dist/ bundles it.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';
import { validateSnapshot } from 'awaitly/persistence';
import { validateSnapshotText } from '../core/src/snapshot/index';
import { mulberry32 } from '../core/test/support/prng';
import { median } from './stats';

const REPO_ROOT = path.resolve(__dirname, '..');
const CLI = path.join(REPO_ROOT, 'dist', 'cli.js');

const TARGET_ANALYZE_TIME = 1.0;
const TARGET_ANALYZE_MEMORY = 3;
const TARGET_CLI_TIME = 1.3;
const BIG_STEPS = 100_000;
const SMALL_FILES = 10_000;
const TIME_RUNS = 7;
const CLI_RUNS = 7;

// ---------------------------------------------------------------------------------------------
// Data generation (deterministic: a seeded PRNG)


const VERBS = ['fetchOrder', 'reserveStock', 'chargeCard', 'createShipment', 'sendEmail', 'fetchUser', 'applyDiscount', 'writeLedger'];
const NAMES = ['Alice Martin', 'Bob Okafor', 'Chen Wei', 'Dana Kowalski', 'Emeka Obi', 'Fatima Zahra', 'Goran Petrov'];
const STACK = 'Error: {msg}\n    at chargeCard (file:///app/src/payments.ts:88:11)\n    at file:///app/node_modules/awaitly/dist/durable.js:1:13307\n    at async Ve (file:///app/node_modules/awaitly/dist/durable.js:1:30180)';

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

/** A step value like an order-processing step returns (~300 bytes of pretty JSON with its entry). */
function okValue(rand: () => number, i: number): Json {
  const r = rand();
  const at = new Date(Date.UTC(2026, 10, 24, 13, 0, 0) + i * 1000).toISOString();
  const requestId = `req-${Math.floor(rand() * 2 ** 32).toString(16)}`;
  if (r < 0.3) return { id: `ord_${i.toString(36)}`, status: 'confirmed', total: Math.round(rand() * 50000) / 100, currency: rand() < 0.8 ? 'EUR' : 'USD', requestId, at };
  if (r < 0.5) return { sent: true, messageId: `msg-${Math.floor(rand() * 1e9).toString(16)}`, to: `user${i}@example.com`, at };
  if (r < 0.6) return Math.floor(rand() * 1000);
  if (r < 0.85) {
    const address = { street: `${1 + (i % 180)} rue de la Republique`, city: 'Lyon', postcode: '69002', country: 'FR' };
    return { id: `cus_${Math.floor(rand() * 1e6)}`, name: NAMES[i % NAMES.length]!, email: `user${i}@example.com`, tier: rand() < 0.2 ? 'gold' : 'basic', address };
  }
  const items: Json[] = [];
  const n = 1 + Math.floor(rand() * 3);
  for (let k = 0; k < n; k++) items.push({ sku: `SKU-${Math.floor(rand() * 1e5)}`, qty: 1 + Math.floor(rand() * 4) });
  return { shipmentId: `shp_${i}`, carrier: 'DHL', items, requestId, at };
}

/** A failed step as durable.run writes them; `kind` picks the encoding. */
function failedStep(i: number, kind: 'thrown' | 'result' | 'no-cause' | 'string-cause'): Json {
  if (kind === 'thrown') {
    return {
      ok: false,
      error: { _tag: 'UnexpectedError', name: 'UnexpectedError', code: 'runtime-unexpected', cause: {} },
      cause: { type: 'error', name: 'Error', message: `gateway timeout ${i}`, stack: STACK.replace('{msg}', `gateway timeout ${i}`) },
      meta: { origin: 'throw' },
    };
  }
  const base = { ok: false, error: { type: 'CARD_DECLINED', amount: i % 997 } } as { [k: string]: Json };
  if (kind === 'result') return { ...base, cause: { type: 'thrown', originalType: 'undefined', stringRepresentation: 'undefined' }, meta: { origin: 'result' } };
  if (kind === 'string-cause') return { ...base, cause: 'declined by issuer', meta: { origin: 'result' } };
  return { ...base, meta: { origin: 'result' } }; // no cause: an error validateSnapshot reports
}

/**
 * ~30 MB: 100k steps, 4% failed (1 in `noCauseEvery` without a cause, 1 in 5000 with a string cause).
 * The default has 100 errors; the error-heavy variant (every 20th step) has 5,000, all located.
 */
function bigSnapshotText(steps: number, noCauseEvery = 1000): { text: string; expectedErrors: number } {
  const rand = mulberry32(42);
  const entries: Record<string, Json> = {};
  let expectedErrors = 0;
  let lastKey = '';
  for (let i = 0; i < steps; i++) {
    const key = `${VERBS[i % VERBS.length]}:${i}`;
    lastKey = key;
    if (i % noCauseEvery === noCauseEvery / 2) {
      entries[key] = failedStep(i, 'no-cause');
      expectedErrors++;
    } else if (i % 5000 === 17) entries[key] = failedStep(i, 'string-cause');
    else if (i % 50 === 7) entries[key] = failedStep(i, 'thrown');
    else if (i % 50 === 23) entries[key] = failedStep(i, 'result');
    else entries[key] = { ok: true, value: okValue(rand, i) };
  }
  const snapshot = {
    formatVersion: 1,
    workflowName: 'bulk-import',
    steps: entries,
    execution: { status: 'running', lastUpdated: '2026-11-24T13:49:31.264Z', currentStepId: lastKey },
    metadata: { version: 1, lastStepKey: lastKey },
  };
  // Pretty-printed like the reference snapshots (awaitly's own examples); positions matter per line.
  return { text: JSON.stringify(snapshot, null, 2), expectedErrors };
}

/** A small checkpoint (3-6 steps); every 20th has an error, every 7th a failed step. */
function smallSnapshotText(i: number, rand: () => number): string {
  const steps: Record<string, Json> = {};
  const n = 3 + (i % 4);
  for (let k = 0; k < n; k++) steps[VERBS[k]!] = { ok: true, value: okValue(rand, i * 10 + k) };
  if (i % 7 === 3) steps.chargeCard = failedStep(i, 'result');
  const snapshot: { [k: string]: Json } = {
    formatVersion: i % 20 === 5 ? '1' : 1,
    workflowName: `order-${i}`,
    steps,
    execution: { status: 'running', lastUpdated: new Date(Date.UTC(2026, 10, 24) + i * 60_000).toISOString(), currentStepId: VERBS[n - 1]! },
    metadata: { version: 1, lastStepKey: VERBS[n - 1]! },
  };
  return JSON.stringify(snapshot, null, 2) + '\n';
}

// ---------------------------------------------------------------------------------------------
// Measurement helpers


const ms = (x: number): string => `${x.toFixed(1)} ms`;
const mb = (x: number): string => `${(x / 1e6).toFixed(1)} MB`;
/** A ratio to two decimals, or three where two would read as the target itself (1.30 against 1.3, and FAIL). */
function ratioText(ratio: number, target: number): string {
  return ratio.toFixed(2) === target.toFixed(2) ? ratio.toFixed(3) : ratio.toFixed(2);
}

const verdict = (ratio: number, target: number): string => (ratio <= target ? 'PASS' : 'FAIL');

function timeIt(fn: () => unknown): number {
  const start = performance.now();
  fn();
  return performance.now() - start;
}

// ---------------------------------------------------------------------------------------------
// Child mode: peak RSS while one function runs on the file's text

/** Samples process RSS from a worker thread every millisecond while the main thread is busy. */
function startRssSampler(): { stop(): Promise<number> } {
  const shared = new Float64Array(new SharedArrayBuffer(16)); // [0] = stop flag, [1] = max rss
  const code = `
    const { workerData } = require('node:worker_threads');
    const a = new Float64Array(workerData);
    const sleep = new Int32Array(new SharedArrayBuffer(4));
    while (a[0] === 0) {
      const r = process.memoryUsage.rss();
      if (r > a[1]) a[1] = r;
      Atomics.wait(sleep, 0, 0, 1);
    }`;
  const worker = new Worker(code, { eval: true, workerData: shared.buffer });
  return {
    async stop() {
      shared[0] = 1;
      await new Promise((resolve) => worker.once('exit', resolve));
      return shared[1]!;
    },
  };
}

interface MemoryFigures {
  /** RSS of the child before it read the file: the node runtime and the sampler thread. */
  rssIdle: number;
  /** RSS with the text loaded, just before the measured call. */
  rssBefore: number;
  /** Highest RSS seen during the call. */
  peak: number;
}

async function childMemory(file: string, mode: 'analyze' | 'baseline'): Promise<void> {
  const gc = (globalThis as { gc?: () => void }).gc;
  const sampler = startRssSampler();
  await new Promise((resolve) => setTimeout(resolve, 50)); // let the sampler thread start
  gc?.();
  const rssIdle = process.memoryUsage.rss();
  let text: string | undefined = fs.readFileSync(file, 'utf8');
  gc?.();
  gc?.();
  const rssBefore = process.memoryUsage.rss();
  const maxRssBefore = process.resourceUsage().maxRSS * 1024;
  let kept: unknown;
  if (mode === 'analyze') kept = validateSnapshotText(text);
  else {
    const value: unknown = JSON.parse(text);
    kept = [value, validateSnapshot(value)];
  }
  const maxRssAfter = process.resourceUsage().maxRSS * 1024;
  const sampled = await sampler.stop();
  // maxRSS only shows the call if it beat the peak of reading the file; the sampler covers the rest.
  const peak = Math.max(sampled, maxRssAfter > maxRssBefore ? maxRssAfter : 0, process.memoryUsage.rss());
  text = undefined;
  void kept;
  const figures: MemoryFigures = { rssIdle, rssBefore, peak };
  process.stdout.write(JSON.stringify(figures) + '\n');
}

// ---------------------------------------------------------------------------------------------
// (a) one big snapshot

interface AnalyzeTimes {
  analyze: number[];
  baseline: number[];
}

/** validateSnapshotText and the baseline on the same text, alternated (drift, GC and other load hit both alike). */
function alternate(text: string): AnalyzeTimes {
  const times: AnalyzeTimes = { analyze: [], baseline: [] };
  const baseline = (): unknown => validateSnapshot(JSON.parse(text));
  const analyze = (): unknown => validateSnapshotText(text);
  timeIt(baseline); // warm-up
  timeIt(analyze);
  for (let i = 0; i < TIME_RUNS; i++) {
    times.baseline.push(timeIt(baseline));
    times.analyze.push(timeIt(analyze));
  }
  return times;
}

/** Child mode (--child-time): the alternation on a file, in the bundled bench (the code as dist/ runs it). */
function childTime(file: string): void {
  process.stdout.write(JSON.stringify(alternate(fs.readFileSync(file, 'utf8'))) + '\n');
}

/**
 * Timed in a child running this script bundled, as validate runs the snapshot core (dist/cli-main.js is an esbuild
 * bundle): tsx's transform of the sources (names kept, ESM getters) adds to our code only, not to JSON.parse or
 * awaitly's validator. The same alternation in this process, on the sources, is printed for scale.
 */
function timeAnalyze(file: string, childBundle: string, text: string): void {
  const r = spawnSync(process.execPath, [childBundle, '--child-time', file], { encoding: 'utf8', maxBuffer: 1 << 20 });
  if (r.status !== 0) throw new Error(`timing child failed: ${r.stderr}`);
  const child = JSON.parse(r.stdout.trim().split('\n').pop()!) as AnalyzeTimes;
  const tAnalyze = median(child.analyze);
  const tBaseline = median(child.baseline);
  const timeRatio = tAnalyze / tBaseline;
  console.log(`    time, median of ${TIME_RUNS} (bundled, in a child process): analyze ${ms(tAnalyze)}, JSON.parse + validateSnapshot ${ms(tBaseline)}`);
  console.log(`    time ratio analyze / baseline = ${ratioText(timeRatio, TARGET_ANALYZE_TIME)}  (target <= ${TARGET_ANALYZE_TIME}: ${verdict(timeRatio, TARGET_ANALYZE_TIME)})`);
  const here = alternate(text);
  console.log(`      for scale, from the sources under tsx in this process: analyze ${ms(median(here.analyze))}, baseline ${ms(median(here.baseline))}, ratio ${(median(here.analyze) / median(here.baseline)).toFixed(2)}`);
}

async function benchBigSnapshot(tmp: string, childBundle: string): Promise<void> {
  console.log(`\n(a) validateSnapshotText (what validate runs; analyzeSnapshotText without the parsed value) on one ${BIG_STEPS.toLocaleString('en')}-step snapshot`);
  const { text, expectedErrors } = bigSnapshotText(BIG_STEPS);
  const file = path.join(tmp, 'big-snapshot.json');
  fs.writeFileSync(file, text);
  const size = fs.statSync(file).size;
  console.log(`    file: ${mb(size)}, ${expectedErrors} steps without a cause (errors), some string causes (warnings)`);

  const report = validateSnapshotText(text);
  const counts = { error: 0, warning: 0, info: 0 };
  for (const d of report.diagnostics) counts[d.severity]++;
  const baselineVerdict = validateSnapshot(JSON.parse(text));
  console.log(
    `    analyze found ${counts.error} errors, ${counts.warning} warnings, ${counts.info} infos; ` +
      `awaitly's validateSnapshot: ${baselineVerdict.valid ? 'valid' : `${baselineVerdict.errors.length} errors`}`,
  );

  timeAnalyze(file, childBundle, text);
  // Every error located costs a little; the same file with 50x the errors shows what that adds up to.
  const heavy = bigSnapshotText(BIG_STEPS, 20);
  console.log(`\n    error-heavy variant: ${heavy.expectedErrors.toLocaleString('en')} steps without a cause, each reported with its position`);
  const heavyFile = path.join(tmp, 'big-snapshot-error-heavy.json');
  fs.writeFileSync(heavyFile, heavy.text);
  timeAnalyze(heavyFile, childBundle, heavy.text);
  fs.rmSync(heavyFile, { force: true });
  console.log('');

  const memory = (mode: 'analyze' | 'baseline'): MemoryFigures => {
    const r = spawnSync(process.execPath, ['--expose-gc', childBundle, '--child-memory', file, mode], { encoding: 'utf8', maxBuffer: 1 << 20 });
    if (r.status !== 0) throw new Error(`memory child (${mode}) failed: ${r.stderr}`);
    return JSON.parse(r.stdout.trim().split('\n').pop()!) as MemoryFigures;
  };
  const memAnalyze = memory('analyze');
  const memBaseline = memory('baseline');
  // What the file costs: peak RSS minus the idle runtime (node + the sampler thread), which is the
  // same ~50 MB for a 1 kB file and would otherwise dominate the ratio. The text itself counts.
  const fileRatio = (m: MemoryFigures): number => (m.peak - m.rssIdle) / size;
  const ratio = fileRatio(memAnalyze);
  console.log(
    `    RSS in a child process: idle ${mb(memAnalyze.rssIdle)}, with the text ${mb(memAnalyze.rssBefore)}, ` +
      `peak during analyze ${mb(memAnalyze.peak)} (JSON.parse + validateSnapshot: peak ${mb(memBaseline.peak)})`,
  );
  console.log(`    memory ratio (peak RSS during analyze - idle RSS) / file size = ${ratioText(ratio, TARGET_ANALYZE_MEMORY)}  (target <= ${TARGET_ANALYZE_MEMORY}: ${verdict(ratio, TARGET_ANALYZE_MEMORY)})`);
  console.log(
    `      for scale: whole-process peak RSS / file size = ${(memAnalyze.peak / size).toFixed(2)}; ` +
      `JSON.parse + validateSnapshot alone: ${fileRatio(memBaseline).toFixed(2)} (whole process ${(memBaseline.peak / size).toFixed(2)})`,
  );
}

// ---------------------------------------------------------------------------------------------
// (b) 10,000 small files through the CLI

const BASELINE_WALK = `// Baseline: the CLI's walk (recursive, *.json, no node_modules or dot-folders), read + JSON.parse.
const fs = require('node:fs');
const path = require('node:path');
let files = 0;
function walk(dir) {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) {
      if (!e.name.startsWith('.') && e.name !== 'node_modules') walk(full);
    } else if (e.isFile() && e.name.toLowerCase().endsWith('.json')) {
      JSON.parse(fs.readFileSync(full, 'utf8'));
      files++;
    }
  }
}
walk(process.argv[2]);
process.stdout.write(files + '\\n');
`;

// The same walk, with what the check's oracle does per file: awaitly's own validateSnapshot on each parsed value.
const VALIDATOR_WALK = (persistence: string) => BASELINE_WALK.replace(
  'JSON.parse(fs.readFileSync(full, \'utf8\'));',
  'validateSnapshot(JSON.parse(fs.readFileSync(full, \'utf8\')));',
).replace("const fs = require('node:fs');", `const fs = require('node:fs');\nconst { validateSnapshot } = require(${JSON.stringify(persistence)});`);

function benchManyFiles(tmp: string): void {
  console.log(`\n(b) awaitly-lens validate on ${SMALL_FILES.toLocaleString('en')} small snapshot files (${os.availableParallelism()} CPU cores)`);
  if (!fs.existsSync(CLI)) {
    console.log(`    FAIL: ${path.relative(process.cwd(), CLI)} is missing (run npm run build)`);
    return;
  }
  const dir = path.join(tmp, 'snapshots');
  const rand = mulberry32(7);
  let bytes = 0;
  for (let i = 0; i < SMALL_FILES; i++) {
    const sub = path.join(dir, `tenant-${String(i % 100).padStart(2, '0')}`);
    if (i < 100) fs.mkdirSync(sub, { recursive: true });
    const text = smallSnapshotText(i, rand);
    bytes += text.length;
    fs.writeFileSync(path.join(sub, `wf-${i}.json`), text);
  }
  const baselineScript = path.join(tmp, 'baseline-walk.js');
  fs.writeFileSync(baselineScript, BASELINE_WALK);
  const validatorScript = path.join(tmp, 'validator-walk.js');
  fs.writeFileSync(validatorScript, VALIDATOR_WALK(require.resolve('awaitly/persistence')));
  const empty = path.join(tmp, 'empty');
  fs.mkdirSync(empty);
  console.log(`    ${SMALL_FILES} files in 100 folders, ${mb(bytes)} in all`);

  const run = (args: string[]): { ms: number; status: number | null; stdout: string; stderr: string } => {
    const start = performance.now();
    const r = spawnSync(process.execPath, args, { encoding: 'utf8', maxBuffer: 512 * 1024 * 1024 });
    return { ms: performance.now() - start, status: r.status, stdout: r.stdout, stderr: r.stderr };
  };
  const cliArgs = [CLI, 'validate', dir, '--format', 'json'];
  const inProcessArgs = [...cliArgs, '--jobs', '1'];
  const twoThreadArgs = [...cliArgs, '--jobs', '2'];
  const baselineArgs = [baselineScript, dir];
  const validatorArgs = [validatorScript, dir];
  const emptyArgs = [CLI, 'validate', empty, '--format', 'json'];

  const check = run(cliArgs);
  if (check.status !== 0 && check.status !== 1) {
    console.log(`    FAIL: the CLI exited ${check.status}: ${check.stderr.trim().split('\n').slice(0, 3).join(' | ')}`);
    return;
  }
  const reported = (JSON.parse(check.stdout) as { diagnostics: unknown[] }).diagnostics.length;
  const baselineCount = run(baselineArgs).stdout.trim();
  console.log(`    the CLI reported ${reported} diagnostics (exit ${check.status}); the baseline parsed ${baselineCount} files`);

  const cliTimes: number[] = [];
  const inProcessTimes: number[] = [];
  const twoThreadTimes: number[] = [];
  const baselineTimes: number[] = [];
  const validatorTimes: number[] = [];
  const emptyTimes: number[] = [];
  const bareTimes: number[] = [];
  const loads: number[] = [];
  for (let i = 0; i < CLI_RUNS; i++) {
    loads.push(os.loadavg()[0]!);
    baselineTimes.push(run(baselineArgs).ms);
    cliTimes.push(run(cliArgs).ms);
    inProcessTimes.push(run(inProcessArgs).ms);
    twoThreadTimes.push(run(twoThreadArgs).ms);
    validatorTimes.push(run(validatorArgs).ms);
    emptyTimes.push(run(emptyArgs).ms);
    bareTimes.push(run(['-e', '0']).ms);
  }
  const tCli = median(cliTimes);
  const tBaseline = median(baselineTimes);
  const ratio = tCli / tBaseline;
  console.log(
    `    wall time, median of ${CLI_RUNS}: validate ${ms(tCli)}, read + JSON.parse baseline ${ms(tBaseline)} ` +
      `(1-minute load average during the runs: ${Math.min(...loads).toFixed(2)}-${Math.max(...loads).toFixed(2)} on ${os.availableParallelism()} cores)`,
  );
  console.log(`    time ratio validate / baseline = ${ratioText(ratio, TARGET_CLI_TIME)}  (target <= ${TARGET_CLI_TIME}: ${verdict(ratio, TARGET_CLI_TIME)})`);
  console.log(
    `      for scale: --jobs 1 (in-process) / baseline = ${(median(inProcessTimes) / tBaseline).toFixed(2)}, ` +
      `--jobs 2 (main thread + 1 worker) / baseline = ${(median(twoThreadTimes) / tBaseline).toFixed(2)}; ` +
      `fastest runs only (least disturbed by other processes): validate ${(Math.min(...cliTimes) / Math.min(...baselineTimes)).toFixed(2)}, ` +
      `--jobs 1 ${(Math.min(...inProcessTimes) / Math.min(...baselineTimes)).toFixed(2)}, --jobs 2 ${(Math.min(...twoThreadTimes) / Math.min(...baselineTimes)).toFixed(2)}`,
  );
  // Where the time goes: start-up (node alone; node + the CLI on an empty folder), and the per-file work against a
  // walk that also runs awaitly's validateSnapshot on each value (the check validate's verdict must agree with).
  const tValidator = median(validatorTimes);
  const tEmpty = median(emptyTimes);
  const tBare = median(bareTimes);
  console.log(
    `      where it goes: node alone ${ms(tBare)}; validate of an empty folder ${ms(tEmpty)}; per-file work ${ms(tCli - tEmpty)} against the baseline's ${ms(tBaseline - tBare)}; ` +
      // That walk is what a validate doing awaitly's checks and nothing more would cost: itself a ratio to the baseline.
      `the walk with awaitly's validateSnapshot on each file ${ms(tValidator)} (${(tValidator / tBaseline).toFixed(2)} × the baseline; its per-file work ${ms(tValidator - tBare)}; validate / that walk = ${(tCli / tValidator).toFixed(2)})`,
  );
}

// ---------------------------------------------------------------------------------------------

async function bundleSelf(tmp: string): Promise<string> {
  const esbuild = await import('esbuild');
  const outfile = path.join(tmp, 'bench-child.cjs');
  await esbuild.build({
    entryPoints: [__filename],
    outfile,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    // The child only runs (a): keep the analysis bench (TypeScript) out of it, or its bigger code and heap would be
    // counted as the analyser's.
    external: ['esbuild', './bench-analysis'],
    // jsonc-parser's "main" is a UMD build esbuild cannot follow; its ESM build bundles cleanly.
    mainFields: ['module', 'main'],
    logLevel: 'error',
  });
  return outfile;
}

async function main(): Promise<void> {
  const [mode, file, kind] = process.argv.slice(2);
  if (mode === '--child-memory') {
    await childMemory(file!, kind === 'baseline' ? 'baseline' : 'analyze');
    return;
  }
  if (mode === '--child-time') {
    childTime(file!);
    return;
  }
  // `--only a` / `--only b` runs one part; `--keep` leaves the generated files for a closer look.
  const args = process.argv.slice(2);
  const only = args.includes('--only') ? args[args.indexOf('--only') + 1] : undefined;
  const keep = args.includes('--keep');
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'awaitly-lens-bench-'));
  const load = os.loadavg().map((x) => x.toFixed(2)).join(' ');
  console.log(`awaitly-lens bench (node ${process.version}, ${os.availableParallelism()} cores, ${mb(os.totalmem())} RAM, load average ${load})`);
  console.log('Other processes on this machine skew the times; each ratio compares runs interleaved in the same minute.');
  try {
    if (only !== 'b' && only !== 'analysis') await benchBigSnapshot(tmp, await bundleSelf(tmp));
    if (only !== 'a' && only !== 'analysis') benchManyFiles(tmp);
    if (only === undefined || only === 'analysis') await (await import('./bench-analysis')).benchAnalysis(tmp);
  } catch (error) {
    console.log(`\nbench aborted: ${error instanceof Error ? error.stack : String(error)}`);
  } finally {
    if (keep) console.log(`\nkept ${tmp}`);
    else fs.rmSync(tmp, { recursive: true, force: true });
  }
  console.log('\nFigures are reported, not asserted: this script always exits 0.');
}

void main();
