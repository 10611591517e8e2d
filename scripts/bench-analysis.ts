// Source analysis figures for `npm run bench` (also runnable alone: `tsx scripts/bench-analysis.ts [--keep] [--edits N] [--part c|d|warm|edit]`;
// `--part warm` is (c)'s warm line alone: tsc 7 and the cold + warm check --format json runs, interleaved; `--part
// edit` its one-file-edited line: tsc 7 and check after the edit, interleaved, with the edited run's phases).
// Reported, never asserted; always exits 0.
//
// (c) A generated 500-file project (200 workflow files, ~5,000 steps, 300 model/service/util files) in a temp dir:
//     `node dist/cli.js check <dir>` (rules; no lock, so no result types) and `check <dir> --format json` (rules plus
//     every definition hash, hence result types), cold, warm (cache) and after one file changed, against
//     `tsc --noEmit -p <dir>` of TypeScript 7.0.2 and 5.9.3, interleaved, median of runs (targets: issue 13).
//     Peak RSS of each (GNU time's %M when present, else not shown). Then check and plan on the example workspace, cold
//     (also without the V8 code cache of dist/cli-analysis.js) and warm.
// (d) The incremental API the language server uses: one 2,000-line workflow file of that project edited 200 times
//     in memory (updateFile + analyzeFile), p95 target ≤ 30 ms; with includeResultTypes false (what diagnostics
//     need) and, for reference, true (what the definition hash needs).
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { createAnalysisProject } from '../core/src/analysis/index';
import { ProgramHost } from '../core/src/analysis/program-host';
import { ts } from '../core/src/analysis/ts-util';
import { median, percentile } from './stats';
import { cacheSlot, readEntry, slotFile } from '../core/src/typed/cacheFile';
import { fillResultTypes } from '../core/src/typed/engine';
import { loadNative, NativeEngine } from '../core/src/typed/nativeEngine';
import { defaultTierUpEnv } from '../core/src/tierUp';

const REPO_ROOT = path.resolve(__dirname, '..');
const CLI = path.join(REPO_ROOT, 'dist', 'cli.js');
const TSC = path.join(REPO_ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
// TypeScript 7.0.2, the native compiler (package alias typescript-native): the anchor of issue 13's targets.
const TSC7 = path.join(REPO_ROOT, 'node_modules', 'typescript-native', 'bin', 'tsc');
const TARGET_P95_MS = 30;
const RUNS = 3;

const WORKFLOW_FILES = 200;
const MODEL_FILES = 100;
const SERVICE_FILES = 100;
const UTIL_FILES = 100;
const BIG_STEPS = 640;

function write(root: string, rel: string, text: string): void {
  const file = path.join(root, rel);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
}

function model(k: number): string {
  return `export interface Customer${k} { id: string; name: string; tier: 'basic' | 'gold'; address: { city: string; country: string } }
export interface Order${k} { id: string; customerId: string; lines: Array<{ sku: string; qty: number; priceCents: number }>; currency: 'EUR' | 'USD' }
export interface Charge${k} { chargeId: string; amountCents: number; at: string }
export type OrderError${k} = { type: 'NOT_FOUND'; id: string } | { type: 'DECLINED'; code: string };
export function total${k}(o: Order${k}): number { return o.lines.reduce((s, l) => s + l.qty * l.priceCents, 0); }
`;
}

function service(k: number): string {
  const m = k % MODEL_FILES;
  return `import { ok, err, type AsyncResult } from 'awaitly';
import { total${m}, type Customer${m}, type Order${m}, type Charge${m}, type OrderError${m} } from '../model/model-${m}';

export async function loadOrder${k}(id: string): AsyncResult<Order${m}, OrderError${m}> {
  return id ? ok({ id, customerId: 'c-' + id, lines: [{ sku: 'a', qty: 1, priceCents: 100 }], currency: 'EUR' }) : err({ type: 'NOT_FOUND', id });
}
export async function loadCustomer${k}(id: string): AsyncResult<Customer${m}, OrderError${m}> {
  return ok({ id, name: 'n', tier: 'basic', address: { city: 'Lyon', country: 'FR' } });
}
export async function charge${k}(order: Order${m}): AsyncResult<Charge${m}, OrderError${m}> {
  const amount = total${m}(order);
  return amount > 0 ? ok({ chargeId: 'ch-' + order.id, amountCents: amount, at: new Date(0).toISOString() }) : err({ type: 'DECLINED', code: 'zero' });
}
export async function reserve${k}(sku: string, qty: number): AsyncResult<{ sku: string; reserved: number }, 'OUT_OF_STOCK'> {
  return qty < 100 ? ok({ sku, reserved: qty }) : err('OUT_OF_STOCK');
}
export async function notify${k}(customer: Customer${m}, text: string): AsyncResult<{ messageId: string }, 'BOUNCED'> {
  return ok({ messageId: customer.id + ':' + text.length });
}
`;
}

function util(k: number): string {
  return `export class Cache${k}<K, V> {
  private readonly map = new Map<K, { value: V; at: number }>();
  constructor(private readonly ttl: number) {}
  get(key: K, now: number): V | undefined {
    const hit = this.map.get(key);
    return hit && now - hit.at < this.ttl ? hit.value : undefined;
  }
  set(key: K, value: V, now: number): void { this.map.set(key, { value, at: now }); }
}
export function groupBy${k}<T, K extends string>(items: readonly T[], key: (t: T) => K): Record<K, T[]> {
  const out = {} as Record<K, T[]>;
  for (const item of items) (out[key(item)] ??= []).push(item);
  return out;
}
export const formatCents${k} = (n: number, currency: 'EUR' | 'USD') => \`\${(n / 100).toFixed(2)} \${currency}\`;
`;
}

/** One workflow with 22 steps of every common form: keyed, in loops and branches, retry/try with keys. */
function workflow(i: number): string {
  const k = i % SERVICE_FILES;
  return `import { createWorkflow } from 'awaitly/workflow';
import { ok } from 'awaitly';
import { loadOrder${k}, loadCustomer${k}, charge${k}, reserve${k}, notify${k} } from '../services/service-${k}';

export const workflow${i} = createWorkflow('workflow-${i}', { loadOrder${k}, loadCustomer${k}, charge${k}, reserve${k}, notify${k} });

export async function run${i}(orderId: string, express: boolean) {
  return workflow${i}.run(async ({ step, deps }) => {
    const order = await step('loadOrder', () => deps.loadOrder${k}(orderId), { key: \`order:\${orderId}\` });
    const customer = await step('loadCustomer', () => deps.loadCustomer${k}(order.customerId), { key: \`customer:\${order.customerId}\` });
    for (const line of order.lines) {
      await step('reserve', () => deps.reserve${k}(line.sku, line.qty), { key: \`reserve:\${order.id}:\${line.sku}\` });
      await step('audit', () => ok(line.qty), { key: \`audit:\${order.id}:\${line.sku}\` });
    }
    const charge = await step.retry('charge', () => deps.charge${k}(order), { attempts: 3, key: \`charge:\${order.id}\` });
    if (express) {
      await step('expressFee', () => ok(500), { key: \`express:\${order.id}\` });
      await step('expressLabel', () => ok({ label: 'EXP' }), { key: \`label:\${order.id}\` });
    } else {
      await step('standardLabel', () => ok({ label: 'STD' }), { key: \`label-std:\${order.id}\` });
    }
    const parsed = await step.try('parseNotes', () => JSON.parse('{}') as { notes?: string }, { error: 'OUT_OF_STOCK' as const, key: \`notes:\${order.id}\` });
    await step('notifyCustomer', () => deps.notify${k}(customer, 'charged ' + charge.amountCents), { key: \`notify:\${order.id}\` });
    await step('invoice', () => ok({ invoiceId: 'inv-' + order.id, total: charge.amountCents }), { key: \`invoice:\${order.id}\` });
    await step('ledger', () => ok({ entries: 2 }), { key: \`ledger:\${order.id}\` });
    await step('loyalty', () => ok(customer.tier === 'gold' ? 20 : 10), { key: \`loyalty:\${customer.id}\` });
    await step('analytics', () => ok(true), { key: \`analytics:\${order.id}\` });
    await step('crm', () => ok({ synced: true }), { key: \`crm:\${customer.id}\` });
    await step('warehouse', () => ok({ ticket: 'w-' + order.id }), { key: \`warehouse:\${order.id}\` });
    await step('pickList', () => ok(order.lines.map((l) => l.sku)), { key: \`picklist:\${order.id}\` });
    await step('packing', () => ok({ boxes: 1 }), { key: \`packing:\${order.id}\` });
    await step('carrier', () => ok({ carrier: 'dhl' }), { key: \`carrier:\${order.id}\` });
    await step('tracking', () => ok({ tracking: 't-' + order.id }), { key: \`tracking:\${order.id}\` });
    await step('shipNotice', () => deps.notify${k}(customer, 'shipped'), { key: \`ship-notice:\${order.id}\` });
    await step('survey', () => ok({ surveyId: 's' }), { key: \`survey:\${order.id}\` });
    await step('close', () => ok({ closed: true, notes: parsed.notes ?? '' }), { key: \`close:\${order.id}\` });
    return { orderId: order.id, chargeId: charge.chargeId };
  });
}
`;
}

const STEPS_PER_WORKFLOW = 23;

/** The 2,000-line workflow file edited by (d): 640 steps, three lines each. */
function bigWorkflow(edit: number): string {
  const body = Array.from({ length: BIG_STEPS }, (_, i) =>
    `    const v${i} = await step('s${i}', () => deps.reserve0(\`sku-${i}\`, ${i % 7}), { key: \`s${i}:\${id}\` });\n    if (v${i}.reserved > 1000) return v${i};\n    total += v${i}.reserved;`).join('\n');
  return `import { createWorkflow } from 'awaitly/workflow';
import { reserve0 } from '../services/service-0';
// edit ${edit}
export const big = createWorkflow('big', { reserve0 });
export const runBig = (id: string) => big.run(async ({ step, deps }) => {
    let total = 0;
${body}
    return total;
  });
`;
}

export function generateProject(root: string): { bigFile: string; files: number; steps: number } {
  // Its own node_modules folder (a link to each package of the repository's), so its check cache is its own: another
  // bench run clearing the repository's cache folder meanwhile would turn a measured warm or edited run into a cold one.
  fs.mkdirSync(path.join(root, 'node_modules'));
  for (const name of fs.readdirSync(path.join(REPO_ROOT, 'node_modules'))) {
    if (!name.startsWith('.')) fs.symlinkSync(path.join(REPO_ROOT, 'node_modules', name), path.join(root, 'node_modules', name));
  }
  projectCaches.push(path.join(root, 'node_modules', '.cache', 'awaitly-lens'));
  write(root, 'tsconfig.json', JSON.stringify({
    compilerOptions: { target: 'ES2022', lib: ['ES2022'], module: 'preserve', moduleResolution: 'bundler', strict: true, noEmit: true, skipLibCheck: true, types: [] },
    include: ['src/**/*.ts'],
  }, null, 2));
  for (let k = 0; k < MODEL_FILES; k++) write(root, `src/model/model-${k}.ts`, model(k));
  for (let k = 0; k < SERVICE_FILES; k++) write(root, `src/services/service-${k}.ts`, service(k));
  for (let k = 0; k < UTIL_FILES; k++) write(root, `src/util/util-${k}.ts`, util(k));
  for (let i = 0; i < WORKFLOW_FILES - 1; i++) write(root, `src/workflows/workflow-${i}.ts`, workflow(i));
  write(root, 'src/workflows/big.ts', bigWorkflow(0));
  return {
    bigFile: path.join(root, 'src/workflows/big.ts'),
    files: MODEL_FILES + SERVICE_FILES + UTIL_FILES + WORKFLOW_FILES,
    steps: (WORKFLOW_FILES - 1) * STEPS_PER_WORKFLOW + BIG_STEPS,
  };
}

const verdict = (ok: boolean) => (ok ? 'PASS' : 'FAIL');

/** Wall time and peak RSS (KiB, from GNU time) of a node child process. */
function timed(args: string[], cwd: string, env?: NodeJS.ProcessEnv): { ms: number; maxRssKb?: number; status: number | null; stdout: string } {
  const gnuTime = fs.existsSync('/usr/bin/time');
  const cmd = gnuTime ? '/usr/bin/time' : process.execPath;
  const argv = gnuTime ? ['-f', 'MAXRSS_KB=%M', process.execPath, ...args] : args;
  const t0 = performance.now();
  const r = spawnSync(cmd, argv, { cwd, encoding: 'utf8', maxBuffer: 512 * 1024 * 1024, ...(env ? { env } : {}) });
  const ms = performance.now() - t0;
  const m = /MAXRSS_KB=(\d+)/.exec(r.stderr ?? '');
  return { ms, ...(m ? { maxRssKb: Number(m[1]) } : {}), status: r.status, stdout: r.stdout };
}

/**
 * One cold run with AWAITLY_LENS_TIMINGS=1 (core/src/timings.ts): the CLI's own phase times, by name. The floor of
 * any cold run on the JS API is the part before the rules: node and the CLI, the TypeScript bundle, parse, bind.
 */
export function coldPhases(args: string[], cwd: string): Map<string, number> {
  clearCache();
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', maxBuffer: 512 * 1024 * 1024, env: { ...process.env, AWAITLY_LENS_TIMINGS: '1' } });
  return new Map([...(r.stderr ?? '').matchAll(/^ +(\S.*?) +(\d+\.\d) ms$/gm)].map((m) => [m[1]!, Number(m[2])]));
}

const FLOOR_PHASES = ['node start-up + loading the CLI', 'loading the TypeScript bundle', 'program: parse (JS API)', 'program: bind (JS API checker)'];

/** "floor a + b + c + d = s ms" of a cold run, and the rest of its phases for the record. */
export function describeFloor(phases: Map<string, number>): { floor: number; text: string } {
  const missing = FLOOR_PHASES.filter((p) => !phases.has(p));
  if (missing.length > 0) return { floor: NaN, text: `(AWAITLY_LENS_TIMINGS printed no ${missing.join(', ')})` };
  const floor = FLOOR_PHASES.reduce((s, p) => s + phases.get(p)!, 0);
  const parts = FLOOR_PHASES.map((p) => `${p} ${phases.get(p)!.toFixed(0)}`).join(' + ');
  const rest = [...phases].filter(([p]) => !FLOOR_PHASES.includes(p)).map(([p, ms]) => `${p} ${ms.toFixed(0)}`).join(', ');
  return { floor, text: `${parts} = ${floor.toFixed(0)} ms; the run's other phases (ms): ${rest}` };
}

const CACHE_DIR = path.join(REPO_ROOT, 'node_modules', '.cache', 'awaitly-lens');
/** The check caches of the projects generated here (generateProject). */
const projectCaches: string[] = [];
const clearCache = () => {
  for (const dir of [CACHE_DIR, ...projectCaches]) fs.rmSync(dir, { recursive: true, force: true });
};

/**
 * (c) against tsc --noEmit of TypeScript 7.0.2 (the native compiler) and, for scale, 5.9.3, interleaved in the
 * same minute: check with hashes and rules only, cold (no cache); the warm re-run (cache, nothing changed); the
 * re-run after one file changed (one model file most services import: its workflows are typed again).
 */
function benchWholeProject(root: string, info: { files: number; steps: number }): void {
  console.log(`\n(c) whole-project check vs tsc --noEmit: ${info.files} files, ${WORKFLOW_FILES} workflows, ${info.steps} steps`);
  type Key = 'tsc7' | 'tsc59' | 'text' | 'json' | 'jsonJs' | 'jsonV8' | 'warm' | 'edited';
  const runs = Object.fromEntries((['tsc7', 'tsc59', 'text', 'json', 'jsonJs', 'jsonV8', 'warm', 'edited'] as Key[]).map((k) => [k, { ms: [] as number[], rss: 0 }])) as Record<Key, { ms: number[]; rss: number }>;
  const record = (k: Key, r: ReturnType<typeof timed>) => {
    runs[k].ms.push(r.ms);
    runs[k].rss = Math.max(runs[k].rss, r.maxRssKb ?? 0);
    return r;
  };
  const edited = path.join(root, 'src/model/model-1.ts');
  const original = fs.readFileSync(edited, 'utf8');
  let summary = '';
  let header = '';
  let warmReport = '';
  for (let run = 0; run < RUNS; run++) {
    const tsc7 = record('tsc7', timed([TSC7, '--noEmit', '-p', root], root));
    if (tsc7.status !== 0) console.log(`  tsc 7 exited ${tsc7.status}: ${tsc7.stdout.slice(0, 400)}`);
    const tsc = record('tsc59', timed([TSC, '--noEmit', '-p', root], root));
    if (tsc.status !== 0) console.log(`  tsc exited ${tsc.status}: ${tsc.stdout.slice(0, 400)}`);
    clearCache();
    record('text', timed([CLI, 'check', root], root));
    clearCache();
    const json = record('json', timed([CLI, 'check', root, '--format', 'json'], root));
    const warm = record('warm', timed([CLI, 'check', root, '--format', 'json'], root));
    warmReport = warm.stdout;
    // A warm run that was not a hit (the build changed meanwhile, say) is named, not silently averaged in.
    const warmCache = /"cache": "([^"]*)"/.exec(warm.stdout)?.[1];
    if (!warmCache?.startsWith('from the cache')) console.log(`  note: warm run ${run + 1} was not a cache hit: ${warmCache ?? `exit ${warm.status}`}`);
    fs.writeFileSync(edited, `${original}\nexport interface Extra${run} { note: string }\n`);
    const afterEdit = record('edited', timed([CLI, 'check', root, '--format', 'json'], root));
    fs.writeFileSync(edited, original);
    if (run === 0) record('jsonJs', timed([CLI, 'check', root, '--format', 'json', '--engine', 'js', '--no-cache'], root));
    if (run === 0) {
      // What the CLI's tier-up setting gives (core/src/tierUp.ts): the same cold run with V8's default, its code cache
      // written by a run of its own first.
      const env = { ...process.env, ...defaultTierUpEnv(path.join(root, 'v8-default-tier-up-cache')) };
      timed([CLI, 'check', root, '--format', 'json', '--no-cache'], root, env);
      record('jsonV8', timed([CLI, 'check', root, '--format', 'json', '--no-cache'], root, env));
    }
    if (run === 0) {
      try {
        const out = JSON.parse(json.stdout) as { workflows: Array<{ steps: unknown[]; definitionHash: string }>; diagnostics: unknown[]; engine: { compiler: string; cache: string } };
        const w = JSON.parse(warm.stdout) as typeof out;
        const e = JSON.parse(afterEdit.stdout) as typeof out;
        summary = `${out.workflows.length} workflows, ${out.workflows.reduce((n, x) => n + x.steps.length, 0)} steps, ${out.diagnostics.length} diagnostics`;
        header = `  result types from ${out.engine.compiler}; warm run: ${w.engine.cache}; after the edit: ${e.engine.cache}`;
        const same = JSON.stringify(w.workflows.map((x) => x.definitionHash)) === JSON.stringify(out.workflows.map((x) => x.definitionHash));
        header += `\n  warm run's hashes identical to the cold run's: ${same}`;
      } catch {
        summary = `check output not JSON (exit ${json.status})`;
      }
    }
  }
  console.log(`  check found ${summary}`);
  console.log(header);
  const line = (label: string, k: Key) =>
    `  ${label.padEnd(44)} median ${median(runs[k].ms).toFixed(0)} ms (${runs[k].ms.map((t) => t.toFixed(0)).join(', ')})${runs[k].rss ? `, peak RSS ${(runs[k].rss / 1024).toFixed(0)} MB` : ''}`;
  console.log(line('tsc --noEmit, TypeScript 7.0.2', 'tsc7'));
  console.log(line('tsc --noEmit, TypeScript 5.9.3', 'tsc59'));
  console.log(line('check (rules), cold', 'text'));
  console.log(line('check --format json (+ hashes), cold', 'json'));
  console.log(line('  same, --engine js (one run)', 'jsonJs'));
  console.log(line("  same, V8's default tier-up (one run)", 'jsonV8'));
  console.log(line('check --format json, warm cache', 'warm'));
  console.log(line('check --format json, one model file edited', 'edited'));
  const ratio = (k: Key, target: number, label: string) => {
    const r7 = median(runs[k].ms) / median(runs.tsc7.ms);
    const r59 = median(runs[k].ms) / median(runs.tsc59.ms);
    // Three decimals against a one-decimal target of 0.1: 0.1025 must not print as 0.10 beside FAIL.
    console.log(`  ratio ${label.padEnd(30)} / tsc 7 = ${r7.toFixed(target < 0.5 ? 3 : 2)} (target ≤ ${target})  ${verdict(r7 <= target)};  / tsc 5.9 = ${r59.toFixed(2)}`);
  };
  ratio('json', 1.0, 'check + hashes, cold');
  ratio('text', 0.5, 'check rules only, cold');
  ratio('warm', 0.1, 'check, warm cache');
  ratio('edited', 0.3, 'check, one file edited');
  // The floor of a warm run: node itself, and the report it hands over (warmFloor). A warm run is answered by
  // dist/cli.js alone (cli/bin.ts); a miss loads dist/cli-analysis.js too (TypeScript is compiled into it).
  const floor = [0, 1, 2].map(() => timed(['-e', `require(${JSON.stringify(path.join(REPO_ROOT, 'dist', 'cli-analysis.js'))})`], root).ms);
  const small = [0, 1, 2].map(() => timed([CLI, '--version'], root).ms);
  console.log(`  floor of a warm run: ${warmFloor(root, warmReport, median(runs.tsc7.ms))}; node + dist/cli.js (--version) ${median(small).toFixed(0)} ms (${(median(small) / median(runs.tsc7.ms)).toFixed(2)} × tsc 7); a miss also loads dist/cli-analysis.js: node + loading it ${median(floor).toFixed(0)} ms (${(median(floor) / median(runs.tsc7.ms)).toFixed(2)} × tsc 7)`);
  const rss = runs.json.rss / runs.tsc59.rss;
  // The floor of a cold run on the JS API, from the CLI's own phase times (one run each, after the medians above).
  const tsc7 = median(runs.tsc7.ms);
  for (const [label, args, target] of [['check rules only', [root], 0.5], ['check + hashes', [root, '--format', 'json'], 1.0]] as const) {
    const f = describeFloor(coldPhases(['check', ...args], root));
    console.log(`  floor of a cold ${label} (target ≤ ${target} × tsc 7 = ${(target * tsc7).toFixed(0)} ms): ${f.text}; floor / tsc 7 = ${(f.floor / tsc7).toFixed(2)}`);
  }
  // Node itself, for the floors below (each adds it to its phases in a process of its own).
  const nodeAlone = median([0, 1, 2].map(() => timed(['-e', '0'], root).ms));
  nativeRulesFloor(root, tsc7, nodeAlone);
  console.log(`  peak RSS check + hashes / tsc 5.9.3 = ${rss.toFixed(2)} (${(runs.json.rss / 1024).toFixed(0)} vs ${(runs.tsc59.rss / 1024).toFixed(0)} MB; target ≤ 1)  ${verdict(rss <= 1)}`);
  profileHashes(root, median(runs.tsc7.ms), nodeAlone);
  benchEdited(root, 1);
  benchExampleWorkspace();
}

/**
 * The floor of a rules analysis on TypeScript 7's AST (not built; scripts/native-floor.ts), against the 0.5 target:
 * node itself, then its phases in a cold process (medians of 3): open the project in the Go process, get the ASTs of
 * the files with step calls, walk down to the calls, resolve their callees. The script runs under tsx, whose start-up
 * is not counted (node alone stands for it).
 */
function nativeRulesFloor(root: string, tsc7: number, node: number): void {
  const script = path.join(REPO_ROOT, 'scripts', 'native-floor.ts');
  const runs: Array<{ phases: Record<string, number> }> = [];
  for (let i = 0; i < 3; i++) {
    const r = spawnSync(process.execPath, ['--import', 'tsx', script, path.join(root, 'tsconfig.json')], { cwd: REPO_ROOT, encoding: 'utf8' });
    if (r.status !== 0) {
      console.log(`  floor on TypeScript 7's AST: scripts/native-floor.ts exited ${r.status}: ${(r.stderr ?? '').trim().split('\n')[0]}`);
      return;
    }
    runs.push(JSON.parse(r.stdout) as { phases: Record<string, number> });
  }
  const names = Object.keys(runs[0]!.phases).filter((n) => n !== 'process start to the script' && n !== 'close');
  const phase = (n: string) => median(runs.map((r) => r.phases[n]!));
  const inFloor = names.filter((n) => !n.startsWith('for scale'));
  const floor = node + inFloor.reduce((sum, n) => sum + phase(n), 0);
  const scale = names.filter((n) => n.startsWith('for scale')).map((n) => `${n.replace(/^for scale: /, '')} ${phase(n).toFixed(0)} ms more`).join('; ');
  console.log(`  floor of a rules analysis on TypeScript 7's AST (not built; scripts/native-floor.ts, medians of 3 cold runs): node alone ${node.toFixed(0)} + ${inFloor.map((n) => `${n} ${phase(n).toFixed(0)}`).join(' + ')} = ${floor.toFixed(0)} ms; floor / tsc 7 = ${(floor / tsc7).toFixed(2)} (target of rules only ≤ 0.5); for scale, ${scale}`);
}

/** (c)'s warm line alone (--part warm): a quicker loop over the warm path, measured exactly as (c) does. */
function benchWarmOnly(root: string): void {
  console.log(`\n(c, warm only) check --format json with nothing changed vs tsc --noEmit of TypeScript 7.0.2`);
  const tsc7: number[] = [];
  const warm: number[] = [];
  let report = '';
  let same = true;
  for (let run = 0; run < RUNS; run++) {
    tsc7.push(timed([TSC7, '--noEmit', '-p', root], root).ms);
    clearCache();
    const cold = timed([CLI, 'check', root, '--format', 'json'], root);
    const w = timed([CLI, 'check', root, '--format', 'json'], root);
    report = w.stdout;
    warm.push(w.ms);
    const warmCache = /"cache": "([^"]*)"/.exec(w.stdout)?.[1];
    if (!warmCache?.startsWith('from the cache')) console.log(`  note: warm run ${run + 1} was not a cache hit: ${warmCache ?? `exit ${w.status}`}`);
    const hashes = (out: string) => out.match(/"definitionHash": "[^"]*"/g)?.join() ?? '';
    same &&= hashes(cold.stdout) !== '' && hashes(cold.stdout) === hashes(w.stdout);
  }
  console.log(`  warm run's hashes identical to the cold run's: ${same}`);
  console.log(`  tsc --noEmit, TypeScript 7.0.2 median ${median(tsc7).toFixed(0)} ms (${tsc7.map((t) => t.toFixed(0)).join(', ')})`);
  console.log(`  check --format json, warm cache median ${median(warm).toFixed(0)} ms (${warm.map((t) => t.toFixed(0)).join(', ')})`);
  const r7 = median(warm) / median(tsc7);
  console.log(`  ratio check, warm cache / tsc 7 = ${r7.toFixed(3)} (target ≤ 0.1)  ${verdict(r7 <= 0.1)}`);
  console.log(`  floor of a warm run: ${warmFloor(root, report, median(tsc7))}`);
}

/**
 * What any warm run costs in this harness, whatever it checks: node's start, and handing the report over (the same
 * bytes through the same pipe to this process, which reads them as text, as every run here is read). tsc prints
 * nothing; the warm run's json report is ~1 MB, and this share of its time is the harness's, not the cache's. Then
 * the least a correct hit adds: a stat of every file the analysis rests on (any may have changed) and a walk of the
 * project tree (a file may have been added), with no cache format, key or checksum at all.
 */
function warmFloor(root: string, report: string, tsc7: number): string {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'awaitly-lens-warm-floor-'));
  const file = path.join(tmp, 'report.json');
  fs.writeFileSync(file, report);
  const write = `const d = fs.readFileSync(${JSON.stringify(file)}); for (let at = 0; at < d.length;) at += fs.writeSync(1, d, at, d.length - at);`;
  const emit = `const fs = require('node:fs'); ${write}`;
  // The files the warm run's cache entry rests on (its "files" record), read as the CLI reads it.
  const entry = readEntry(slotFile(cacheSlot(path.join(root, 'tsconfig.json'), { includeResultTypes: true })) ?? '');
  const recorded = 'reason' in entry ? [] : Object.keys(entry.files);
  const list = path.join(tmp, 'files.json');
  fs.writeFileSync(list, JSON.stringify(recorded));
  const checks = `const fs = require('node:fs'), path = require('node:path');
    for (const f of JSON.parse(fs.readFileSync(${JSON.stringify(list)}, 'utf8'))) fs.statSync(f, { throwIfNoEntry: false });
    (function walk(dir) { for (const e of fs.readdirSync(dir, { withFileTypes: true })) if (e.isDirectory() && e.name !== 'node_modules' && !e.name.startsWith('.')) walk(path.join(dir, e.name)); })(${JSON.stringify(root)});
    ${write}`;
  const bare: number[] = [];
  const writing: number[] = [];
  const checking: number[] = [];
  try {
    for (let i = 0; i < 5; i++) {
      bare.push(timed(['-e', '0'], root).ms);
      const w = timed(['-e', emit], root);
      if (w.stdout !== report) return `(the floor run did not print the report: exit ${w.status})`;
      writing.push(w.ms);
      if (recorded.length === 0) continue;
      const c = timed(['-e', checks], root);
      if (c.stdout !== report) return `(the floor run with the checks did not print the report: exit ${c.status})`;
      checking.push(c.ms);
    }
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
  const figure = (ms: number[]) => `${median(ms).toFixed(0)} ms (${(median(ms) / tsc7).toFixed(3)} × tsc 7)`;
  const least = 'reason' in entry ? `; (no second floor: ${entry.reason})` : checking.length ? `; that + a stat of each of the ${recorded.length} files the entry rests on and a walk of the project tree ${figure(checking)}` : '';
  return `node alone ${figure(bare)}, node writing the warm run's ${(Buffer.byteLength(report) / 1024).toFixed(0)} kB report to the same pipe ${figure(writing)}${least}`;
}

/**
 * (c)'s edited line alone (--part edit), and in (c): after one model file changed, check --format json against tsc
 * 7, interleaved, median of runs; then one more edited run with AWAITLY_LENS_TIMINGS (its phases: the floor is node,
 * the TypeScript bundle, parse and bind of the partial program) and its output against a run without the cache.
 */
function benchEdited(root: string, runs = RUNS): void {
  console.log(`\n(c, one file edited) check --format json after one model file changed vs tsc --noEmit of TypeScript 7.0.2`);
  const edited = path.join(root, 'src/model/model-1.ts');
  const original = fs.readFileSync(edited, 'utf8');
  const tsc7: number[] = [];
  const times: number[] = [];
  clearCache();
  timed([CLI, 'check', root, '--format', 'json'], root);
  let header = '';
  try {
    for (let run = 0; run < runs; run++) {
      tsc7.push(timed([TSC7, '--noEmit', '-p', root], root).ms);
      fs.writeFileSync(edited, `${original}\nexport interface Edited${run} { note: string }\n`);
      const r = timed([CLI, 'check', root, '--format', 'json'], root);
      times.push(r.ms);
      header = /"cache": "([^"]*)"/.exec(r.stdout)?.[1] ?? `exit ${r.status}`;
    }
    fs.writeFileSync(edited, `${original}\nexport interface EditedLast { note: string }\n`);
    const env = { ...process.env, AWAITLY_LENS_TIMINGS: '1' };
    const phased = spawnSync(process.execPath, [CLI, 'check', root, '--format', 'json'], { cwd: root, encoding: 'utf8', maxBuffer: 512 * 1024 * 1024, env });
    const phases = new Map([...(phased.stderr ?? '').matchAll(/^ +(\S.*?) +(\d+\.\d) ms$/gm)].map((m) => [m[1]!, Number(m[2])]));
    const full = spawnSync(process.execPath, [CLI, 'check', root, '--format', 'json', '--no-cache'], { cwd: root, encoding: 'utf8', maxBuffer: 512 * 1024 * 1024 });
    const words = (out: string) => out.replace(/"cache": "[^"]*"/, '');
    console.log(`  after the edit: ${header}`);
    console.log(`  tsc --noEmit, TypeScript 7.0.2 median ${median(tsc7).toFixed(0)} ms (${tsc7.map((t) => t.toFixed(0)).join(', ')})`);
    console.log(`  check --format json, one model file edited median ${median(times).toFixed(0)} ms (${times.map((t) => t.toFixed(0)).join(', ')})`);
    const r7 = median(times) / median(tsc7);
    console.log(`  ratio check, one file edited / tsc 7 = ${r7.toFixed(2)} (target ≤ 0.3)  ${verdict(r7 <= 0.3)}`);
    const f = describeFloor(phases);
    console.log(`  one edited run (AWAITLY_LENS_TIMINGS): ${f.text}; floor / tsc 7 = ${(f.floor / median(tsc7)).toFixed(2)}`);
    console.log(`  its output equals a run without the cache (but for the cache words): ${phased.stdout !== '' && words(phased.stdout) === words(full.stdout)}`);
  } finally {
    fs.writeFileSync(edited, original);
  }
}

/** Where `check` with hashes spends its time, phase by phase in this process, against tsc 7's whole run. */
function profileHashes(root: string, tsc7Ms: number, node: number): void {
  const tsconfig = path.join(root, 'tsconfig.json');
  let t = performance.now();
  const lap = () => {
    const now = performance.now();
    const ms = now - t;
    t = now;
    return ms;
  };
  const project = createAnalysisProject({ tsconfig, includeResultTypes: false });
  const load = lap();
  const analysis = project.analyzeProject();
  const rules = lap();
  const native = loadNative();
  if ('error' in native) {
    console.log(`  profile: ${native.error}`);
    return;
  }
  const engine = new NativeEngine(native, { tsconfig, display: false }); // as check asks
  const open = lap();
  fillResultTypes(analysis.workflows, engine);
  const types = lap();
  engine.dispose();
  const pct = (x: number) => `${x.toFixed(0)} ms (${((x / tsc7Ms) * 100).toFixed(0)}% of tsc 7)`;
  console.log(`  where check + hashes spends its time (in-process, tsc 7 whole run = ${tsc7Ms.toFixed(0)} ms):`);
  console.log(`    JS API: load the project (parse ${analysis.files.length} files + libs) ${pct(load)}, rules analysis (binding, symbols, keys) ${pct(rules)}`);
  console.log(`    TypeScript 7: open the project ${pct(open)}, result types ${pct(types)} = decode step calls' ASTs ${engine.timings.decode.toFixed(0)} ms + checker (getTypeAtLocation, batched) ${engine.timings.check.toFixed(0)} ms + shapes/strings over IPC ${engine.timings.shapes.toFixed(0)} ms`);
  // Whatever runs the rules, the hash needs the step calls' types: TypeScript 7 opening the project and its checker
  // typing them, after node starts. That alone, against the 1.0 target of a cold check + hashes:
  const floor = node + open + engine.timings.check;
  console.log(`    floor of check + hashes in any design: node alone ${node.toFixed(0)} + TypeScript 7 opening the project ${open.toFixed(0)} + its checker typing the step calls ${engine.timings.check.toFixed(0)} = ${floor.toFixed(0)} ms; floor / tsc 7 = ${(floor / tsc7Ms).toFixed(2)} (target ≤ 1.0)`);
}

/**
 * A small project answers at once: check and plan on the 4-file example workspace, wall time, each cold (no cache
 * entry) and warm (the entry the previous run wrote; check and plan share it, both need result types there since
 * the workspace has a lock file).
 */
function benchExampleWorkspace(): void {
  const ws = path.join(REPO_ROOT, 'test-fixtures', 'example-workspace');
  const snapshot = fs.readdirSync(path.join(ws, 'snapshots')).find((f) => f.endsWith('.json'));
  const clearWs = () => {
    clearCache();
    fs.rmSync(path.join(ws, 'node_modules', '.cache', 'awaitly-lens'), { recursive: true, force: true });
  };
  const t = { checkCold: [] as number[], checkColdNoCode: [] as number[], checkFirst: [] as number[], checkWarm: [] as number[], planCold: [] as number[], planWarm: [] as number[] };
  const cache: string[] = [];
  for (let run = 0; run < RUNS; run++) {
    // Cold without V8's code cache for dist/cli-analysis.js (cli/codeCache.ts): a cache folder that cannot be made
    // (none read, none written); and the first run of a build, which writes it to an empty folder.
    clearWs();
    t.checkColdNoCode.push(timed([CLI, 'check', '.'], ws, { ...process.env, XDG_CACHE_HOME: '/dev/null/none' }).ms);
    clearWs();
    const xdg = fs.mkdtempSync(path.join(os.tmpdir(), 'awaitly-lens-xdg-'));
    t.checkFirst.push(timed([CLI, 'check', '.'], ws, { ...process.env, XDG_CACHE_HOME: xdg }).ms);
    fs.rmSync(xdg, { recursive: true, force: true });
    clearWs();
    t.checkCold.push(timed([CLI, 'check', '.'], ws).ms);
    const warm = timed([CLI, 'check', '.'], ws);
    t.checkWarm.push(warm.ms);
    if (run === 0) cache.push(`check warm: ${/; (from the cache[^;]*|cache:[^;]*);/.exec(warm.stdout)?.[1] ?? '?'}`);
    if (!snapshot) continue;
    clearWs();
    t.planCold.push(timed([CLI, 'plan', path.join('snapshots', snapshot)], ws).ms);
    t.planWarm.push(timed([CLI, 'plan', path.join('snapshots', snapshot)], ws).ms);
  }
  const f = (xs: number[]) => `median ${median(xs).toFixed(0)} ms (${xs.map((x) => x.toFixed(0)).join(', ')})`;
  const ok = (xs: number[]) => verdict(median(xs) <= 1000);
  console.log(`  example workspace (4 files), target ≤ 1000 ms wall:`);
  console.log(`    check cold ${f(t.checkCold)} ${ok(t.checkCold)} (without the V8 code cache: ${f(t.checkColdNoCode)}; the first run of a build, writing it: ${f(t.checkFirst)}); check warm ${f(t.checkWarm)} ${ok(t.checkWarm)}  (${cache.join('')})`);
  if (snapshot) console.log(`    plan cold ${f(t.planCold)} ${ok(t.planCold)}; plan warm ${f(t.planWarm)} ${ok(t.planWarm)}`);
  clearWs();
  const floor = describeFloor(coldPhases(['check', '.'], ws));
  console.log(`    floor of a cold check here (one run, AWAITLY_LENS_TIMINGS): ${floor.text}`);
  clearWs();
}

/** The n-th edit of (d): a comment line, a changed key literal, an inserted step; the file stays valid. */
function editedText(base: string, n: number): string {
  const kind = n % 3;
  return kind === 0 ? bigWorkflow(n)
    : kind === 1 ? base.replace(`'s${n % BIG_STEPS}'`, `'s${n % BIG_STEPS}x'`)
    : base.replace('    let total = 0;\n', `    let total = 0;\n    await step('inserted${n}', () => deps.reserve0('x', 1), { key: 'inserted:${n}' });\n`);
}

/**
 * The baseline of (d), same process and edits: what TypeScript alone needs before any analysis can read the
 * edited file (incremental parse, a new program from the old one, binding the file in a new checker).
 */
function typescriptFloor(root: string, bigFile: string, edits: number): number[] {
  const parsed = ts.getParsedCommandLineOfConfigFile(path.join(root, 'tsconfig.json'), {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => {} });
  if (!parsed) throw new Error('cannot read the bench tsconfig');
  const host = new ProgramHost(ts.createProgram(parsed.fileNames, parsed.options), parsed.options);
  host.current().getTypeChecker();
  const base = bigWorkflow(0);
  const times: number[] = [];
  for (let n = 1; n <= edits; n++) {
    const text = editedText(base, n);
    const s = performance.now();
    host.update(bigFile, text);
    host.current().getTypeChecker();
    times.push(performance.now() - s);
  }
  return times;
}

/**
 * Times of edits 1..n (times[i] is edit i + 1) by editedText's kind, median / p95: the comment sits above the
 * workflow; the changed key and the inserted step are inside its 640-step callback, where TypeScript's own update
 * costs about twice as much.
 */
function byKind(times: readonly number[]): string {
  const kinds = [[], [], []] as number[][];
  times.forEach((t, i) => kinds[(i + 1) % 3]!.push(t));
  const f = (xs: number[]) => `${median(xs).toFixed(1)} / ${percentile(xs, 0.95).toFixed(1)}`;
  return `by edit (median / p95 ms): a comment line ${f(kinds[0]!)}, a changed key ${f(kinds[1]!)}, an inserted step ${f(kinds[2]!)}`;
}

function benchIncremental(root: string, bigFile: string, edits: number): void {
  console.log(`\n(d) incremental re-analysis of a ${bigWorkflow(0).split('\n').length}-line workflow file (${BIG_STEPS} steps), ${edits} edits`);
  const floor = typescriptFloor(root, bigFile, edits);
  console.log(`  baseline, TypeScript alone (incremental parse + new program + checker binding the file): median ${median(floor).toFixed(1)} ms, p95 ${percentile(floor, 0.95).toFixed(1)} ms`);
  console.log(`    ${byKind(floor)}`);
  for (const includeResultTypes of [false, true]) {
    const project = createAnalysisProject({ tsconfig: path.join(root, 'tsconfig.json'), includeResultTypes });
    const t0 = performance.now();
    project.analyzeProject();
    const initial = performance.now() - t0;
    const base = bigWorkflow(0);
    const times: number[] = [];
    const cpu: number[] = [];
    for (let n = 1; n <= edits; n++) {
      const text = editedText(base, n);
      const s = performance.now();
      const c = process.cpuUsage();
      project.updateFile(bigFile, text);
      const r = project.analyzeFile(bigFile);
      times.push(performance.now() - s);
      const used = process.cpuUsage(c);
      cpu.push((used.user + used.system) / 1000);
      if (r.workflows[0]?.steps.length === undefined) throw new Error('the big workflow was not found');
    }
    const p95 = percentile(times, 0.95);
    console.log(`  includeResultTypes ${String(includeResultTypes).padEnd(5)}: initial project analysis ${initial.toFixed(0)} ms; per edit median ${median(times).toFixed(1)} ms, p95 ${p95.toFixed(1)} ms, max ${Math.max(...times).toFixed(1)} ms; CPU time median ${median(cpu).toFixed(1)} ms, p95 ${percentile(cpu, 0.95).toFixed(1)} ms` +
      (includeResultTypes ? ' (reference: result types are only needed for the definition hash)' : ` (target p95 ≤ ${TARGET_P95_MS} ms)  ${verdict(p95 <= TARGET_P95_MS)}`));
    if (!includeResultTypes) {
      console.log(`    ${byKind(times)}`);
      console.log(`    vs the TypeScript baseline: median ${(median(times) / median(floor)).toFixed(2)}×, p95 ${(p95 / percentile(floor, 0.95)).toFixed(2)}× (the analysis itself adds median ${(median(times) - median(floor)).toFixed(1)} ms)`);
    }
  }
  const mem = process.memoryUsage();
  console.log(`  this process: RSS ${(mem.rss / 2 ** 20).toFixed(0)} MB, heap used ${(mem.heapUsed / 2 ** 20).toFixed(0)} MB`);
}

export async function benchAnalysis(tmp?: string, options: { edits?: number; keep?: boolean; part?: 'c' | 'd' | 'warm' | 'edit' } = {}): Promise<void> {
  const root = fs.mkdtempSync(path.join(tmp ?? os.tmpdir(), 'awaitly-lens-analysis-'));
  try {
    const info = generateProject(root);
    if (options.part === 'warm' || options.part === 'edit') {
      if (!fs.existsSync(CLI)) console.log('dist/cli.js is missing: run `npm run build` first');
      else if (options.part === 'warm') benchWarmOnly(root);
      else benchEdited(root);
      return;
    }
    if (options.part !== 'd') {
      if (!fs.existsSync(CLI)) console.log('dist/cli.js is missing: run `npm run build` first');
      else benchWholeProject(root, info);
    }
    if (options.part !== 'c') benchIncremental(root, info.bigFile, options.edits ?? 200);
  } catch (error) {
    console.log(`\nanalysis bench aborted: ${error instanceof Error ? error.stack : String(error)}`);
  } finally {
    if (options.keep) console.log(`kept ${root}`);
    else fs.rmSync(root, { recursive: true, force: true });
  }
}

if (require.main === module) {
  const args = process.argv.slice(2);
  const edits = args.includes('--edits') ? Number(args[args.indexOf('--edits') + 1]) : undefined;
  console.log(`awaitly-lens analysis bench (node ${process.version}, ${os.availableParallelism()} cores, load average ${os.loadavg().map((x) => x.toFixed(2)).join(' ')})`);
  const part = args.includes('--part') ? args[args.indexOf('--part') + 1] : undefined;
  void benchAnalysis(undefined, { ...(edits ? { edits } : {}), keep: args.includes('--keep'), ...(part === 'c' || part === 'd' || part === 'warm' || part === 'edit' ? { part } : {}) });
}
