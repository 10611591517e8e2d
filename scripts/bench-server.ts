// `npm run bench:server` (also run by `npm run bench`): the language server under a generated 500-file project.
// Prints, never asserts (figures depend on the machine):
//  - first diagnostics: time from `initialized` to the first publishDiagnostics of a 2,000-line workflow file,
//    against `tsc --noEmit` on the same project (target: at most tsc's time);
//  - edit latency: didChange on that file → publishDiagnostics for the new version, 500 edits, p50/p95/max
//    (target: p95 ≤ 50 ms);
//  - soak: 10,000 edits; heap and RSS after a forced GC, after the first 500 and at the end (target: within 10%);
//  - hovers while definition hashes are computed (the code lens of the big file asks for every step's result
//    type): hover latency with the typed analysis in its worker thread, against the same server with it
//    in-process (AWAITLY_LENS_TYPED_WORKER=0), where a hover waits for the checker;
//  - a small project answers at once: a fresh server on the example workspace (4 files), from `initialized` to the
//    first publishDiagnostics of the opened checkout.ts, median of 3 (target: ≤ 1 s, issue 13).
// The server is dist/server.js over stdio (run `npm run build` first; `npm run bench` does), started with
// --expose-gc so the awaitlyLens/serverStats request can collect before measuring.
// Options: --edits N (default 500), --soak N (default 10000), --files N (default 500), --keep, --example-only,
// --lens-only (the typed worker's figures alone; with --tier-up-default, under V8's default tier-up: core/src/tierUp.ts).
// AWAITLY_LENS_BENCH_SERVER_ARGS: node flags for every server started (space-separated), for example
// `--cpu-prof --cpu-prof-dir=/tmp/profiles` to see where a server's time goes; with it set, a server is given 10 s to
// exit after the exit notification (a profile is written at exit) before it is killed.
import { spawn, spawnSync, type ChildProcess, type ChildProcessByStdio } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Readable, Writable } from 'node:stream';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-jsonrpc/node';
import {
  CodeLensRequest, ConfigurationRequest, DidChangeTextDocumentNotification, DidOpenTextDocumentNotification, ExitNotification, HoverRequest,
  InitializedNotification, InitializeRequest, LogMessageNotification, PublishDiagnosticsNotification, RegistrationRequest, ShutdownRequest, type PublishDiagnosticsParams,
} from 'vscode-languageserver-protocol';
import { URI } from 'vscode-uri';
import { ServerStatsRequest } from '../server/src/protocol/requests';
import { coldPhases, describeFloor } from './bench-analysis';
import { median, percentile } from './stats';
import { createAnalysisProject } from '../core/src/analysis';
import { phaseTotals } from '../core/src/timings';
import { defaultTierUpEnv } from '../core/src/tierUp';
import { HASH_DELAY_MS as PAUSE_MS } from '../server/src/session';

const REPO_ROOT = path.resolve(__dirname, '..');
const SERVER = path.join(REPO_ROOT, 'dist', 'server.js');
const TSC = path.join(REPO_ROOT, 'node_modules', 'typescript', 'bin', 'tsc');

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}

// ---------------------------------------------------------------------------------------------
// The generated project: helper modules, small workflows, and one 2,000-line workflow file.

function helperModule(i: number): string {
  const lines = [`// helper module ${i}`, `import type { Shared${i % 7} } from './types${i % 7}';`, ''];
  lines.push(`export interface Record${i} { id: string; amount: number; tags: string[]; nested: { at: string; by: string } }`);
  for (let f = 0; f < 8; f++) {
    lines.push(`export function op${i}_${f}(input: Record${i}, shared?: Shared${i % 7}): Record${i} {`);
    lines.push(`  const total = input.amount * ${f + 1} + (shared ? 1 : 0);`);
    lines.push(`  return { ...input, amount: total, tags: [...input.tags, 'op${f}'] };`);
    lines.push('}');
  }
  lines.push(`export const KEY_${i} = 'key-${i}' as const;`);
  return lines.join('\n') + '\n';
}

function typesModule(i: number): string {
  return `export interface Shared${i} { id: string; values: number[]; meta: Record<string, string> }\n`;
}

function smallWorkflow(i: number): string {
  const h = (i * 3) % 380;
  const lines = [
    `import { ok, type AsyncResult } from 'awaitly';`,
    `import { createWorkflow } from 'awaitly/workflow';`,
    `import { op${h}_0, KEY_${h}, type Record${h} } from './helper${h}';`,
    '',
    `const deps = { load: async (id: string): AsyncResult<Record${h}, 'NOT_FOUND'> => ok({ id, amount: 1, tags: [], nested: { at: '', by: '' } }) };`,
    `export const wf${i} = createWorkflow('wf-${i}', deps);`,
    `export const run${i} = (id: string) => wf${i}.run(async ({ step, deps }) => {`,
  ];
  for (let s = 0; s < 8; s++) {
    lines.push(`  const r${s} = await step('load${s}', () => deps.load(id), { key: \`load${s}:\${id}\` });`);
    lines.push(`  op${h}_0(r${s});`);
  }
  lines.push(`  await step('final', () => deps.load(KEY_${h}));`);
  lines.push('  return ok(1);');
  lines.push('});');
  return lines.join('\n') + '\n';
}

/** ~2,000 lines: one workflow with ~330 steps of every common form, in loops and branches. */
function bigWorkflow(): string {
  const lines = [
    '// The big workflow the bench edits.',
    `import { ok, err, type AsyncResult } from 'awaitly';`,
    `import { createWorkflow } from 'awaitly/workflow';`,
    `import { op1_0, type Record1 } from './helper1';`,
    `import { op2_0, type Record2 } from './helper2';`,
    '',
    'type Item = { id: string; qty: number };',
    'const deps = {',
    `  fetch: async (id: string): AsyncResult<Record1, 'NOT_FOUND'> => (id ? ok({ id, amount: 1, tags: [], nested: { at: '', by: '' } }) : err('NOT_FOUND')),`,
    `  save: async (r: Record1): AsyncResult<Record2, 'CONFLICT'> => ok({ ...r, amount: 2 }),`,
    `  list: async (): AsyncResult<Item[], 'DOWN'> => ok([]),`,
    '};',
    '',
    `export const big = createWorkflow('big-workflow', deps);`,
    '',
    'export async function runBig(orderId: string) {',
    '  return big.run(async ({ step, deps }) => {',
  ];
  let n = 0;
  while (lines.length < 1980) {
    const i = n++;
    switch (i % 6) {
      case 0:
        lines.push(`    // step ${i}: fetch`, `    const a${i} = await step('fetch${i}', () => deps.fetch(orderId), { key: \`fetch${i}:\${orderId}\` });`, `    op1_0(a${i});`);
        break;
      case 1:
        lines.push(`    // step ${i}: save`, `    const b${i} = await step('save${i}', () => deps.save(a${i - 1}));`, `    op2_0(b${i});`);
        break;
      case 2:
        lines.push(
          `    const items${i} = await step('list${i}', () => deps.list(), { key: 'list${i}' });`,
          `    for (const item of items${i}) {`,
          `      await step('item${i}', () => deps.fetch(item.id), { key: \`item${i}:\${item.id}\` });`,
          '    }',
        );
        break;
      case 3:
        lines.push(
          `    if (a${i - 3}.amount > ${i}) {`,
          `      await step('branch${i}', () => deps.fetch(orderId + '${i}'));`,
          '    } else {',
          `      await step('other${i}', () => deps.fetch(orderId + '-${i}'));`,
          '    }',
        );
        break;
      case 4:
        lines.push(`    await step.retry('retry${i}', () => deps.fetch(orderId), { attempts: 3, key: 'retry${i}' });`);
        break;
      default:
        lines.push(`    await step.withTimeout('timeout${i}', () => deps.fetch(orderId), { ms: 1000, key: 'timeout${i}' });`, '');
    }
  }
  lines.push('    return ok(orderId);', '  });', '}');
  return lines.join('\n') + '\n';
}

function generateProject(root: string, files: number): { big: string; fileCount: number; bigLines: number } {
  fs.mkdirSync(path.join(root, 'src'), { recursive: true });
  fs.writeFileSync(path.join(root, 'tsconfig.json'), JSON.stringify({
    compilerOptions: { target: 'ES2022', lib: ['ES2022'], module: 'ESNext', moduleResolution: 'bundler', strict: true, skipLibCheck: true, noEmit: true, types: [] },
    include: ['src/**/*.ts'],
  }, null, 2));
  // awaitly and typescript resolve from the repository.
  fs.symlinkSync(path.join(REPO_ROOT, 'node_modules'), path.join(root, 'node_modules'), 'dir');
  let count = 0;
  for (let i = 0; i < 7; i++, count++) fs.writeFileSync(path.join(root, 'src', `types${i}.ts`), typesModule(i));
  const workflows = Math.floor((files - 8) / 5);
  const helpers = files - 8 - workflows;
  for (let i = 0; i < helpers; i++, count++) fs.writeFileSync(path.join(root, 'src', `helper${i}.ts`), helperModule(i));
  for (let i = 0; i < workflows; i++, count++) fs.writeFileSync(path.join(root, 'src', `workflow${i}.ts`), smallWorkflow(i));
  const big = path.join(root, 'src', 'big-workflow.ts');
  const text = bigWorkflow();
  fs.writeFileSync(big, text);
  count++;
  return { big, fileCount: count, bigLines: text.split('\n').length };
}

// ---------------------------------------------------------------------------------------------


/** Node flags for the servers started here (AWAITLY_LENS_BENCH_SERVER_ARGS; see the header). */
const SERVER_ARGS = (process.env.AWAITLY_LENS_BENCH_SERVER_ARGS ?? '').split(' ').filter(Boolean);

function startServer(nodeArgs: string[], env?: NodeJS.ProcessEnv): ChildProcessByStdio<Writable, Readable, null> {
  return spawn(process.execPath, [...nodeArgs, ...SERVER_ARGS, SERVER, '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'], ...(env ? { env } : {}) });
}

/** After the exit notification: kill the server, or with flags set, let it exit by itself first (its profile is written then). */
async function stopServer(child: ChildProcess): Promise<void> {
  if (SERVER_ARGS.length > 0 && child.exitCode === null) await new Promise((r) => { child.once('exit', r); setTimeout(r, 10_000); });
  child.kill();
}

const ms = (x: number) => `${x.toFixed(1)} ms`;
const mb = (x: number) => `${(x / 1024 / 1024).toFixed(1)} MB`;

async function main(): Promise<void> {
  if (!fs.existsSync(SERVER)) throw new Error(`${SERVER} is missing: run npm run build first`);
  if (process.argv.includes('--example-only')) {
    await codeCacheWarmUp();
    const example = await exampleFirstDiagnostics();
    console.log(`example workspace: first diagnostics median ${ms(example.median)} (${example.runs.map((x) => x.toFixed(0)).join(', ')})`);
    console.log(`  ${jsApiFloor(EXAMPLE_ROOT, example.median)}`);
    return;
  }
  const editCount = arg('edits', 500);
  const soakCount = arg('soak', 10_000);
  const files = arg('files', 500);
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'awaitly-lens-bench-server-'));
  const root = path.join(tmp, 'project');
  const { big, fileCount, bigLines } = generateProject(root, files);
  console.log(`awaitly-lens server bench (node ${process.version}, ${os.availableParallelism()} cores, load average ${os.loadavg().map((x) => x.toFixed(2)).join(' ')})`);
  console.log(`  project: ${fileCount} files, edited workflow file ${bigLines} lines (${root})`);

  if (process.argv.includes('--lens-only')) {
    // The typed worker's lines alone (first lens, edit → lens, hovers meanwhile), for a quick look.
    await codeCacheWarmUp();
    // --tier-up-default: the same run with V8's default tier-up (the launcher's setting off).
    const w = await hoversDuringHashes(root, big, process.argv.includes('--tier-up-default') ? await defaultTierUp(tmp) : {}, arg('lens-edits', 20));
    console.log(`  first lens after didOpen ${ms(w.firstLensMs)} (after the first diagnostics ${ms(w.lensMs)}; first program loaded in ${w.firstProgramMs === undefined ? '?' : ms(w.firstProgramMs)}); the rest of the project then joined, holding the server's thread ${heldFor(w.joined)}; edit → lens p95 ${ms(percentile(w.editLens, 0.95))} including the ${PAUSE_MS} ms pause; hovers (${w.hovers}) p95 ${ms(w.p95)}, max ${ms(w.max)}; p95 while the first lens is computed (${w.phases.firstCount}) ${ms(w.phases.first)}, during the edits ${ms(w.phases.edits)}`);
    if (w.phases.afterEdit.length > 0) console.log(`  ${hoverSplit(w.phases)}`);
    if (!process.argv.includes('--keep')) fs.rmSync(tmp, { recursive: true, force: true });
    return;
  }
  // tsc --noEmit on the same project, the yardstick for the first diagnostics.
  const tscTimes: number[] = [];
  for (let i = 0; i < 3; i++) {
    const t = performance.now();
    const r = spawnSync(process.execPath, [TSC, '-p', root, '--noEmit'], { encoding: 'utf8' });
    tscTimes.push(performance.now() - t);
    if (r.status !== 0 && i === 0) console.log(`  (tsc reported type errors: ${r.stdout.split('\n').slice(0, 3).join(' | ')})`);
  }
  const tsc = percentile(tscTimes, 0.5);
  await codeCacheWarmUp();

  const child = startServer(['--expose-gc']);
  const rpc = createMessageConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
  const uri = URI.file(big).toString();
  let waiter: { version: number; resolve: (p: PublishDiagnosticsParams) => void } | undefined;
  let lastDiagnostics: PublishDiagnosticsParams | undefined;
  rpc.onNotification(PublishDiagnosticsNotification.type, (p) => {
    if (p.uri !== uri) return;
    lastDiagnostics = p;
    if (waiter && (p.version ?? 0) >= waiter.version) {
      const w = waiter;
      waiter = undefined;
      w.resolve(p);
    }
  });
  rpc.onRequest(ConfigurationRequest.type, (p) => p.items.map(() => null));
  rpc.onRequest(RegistrationRequest.method, () => null);
  const join = joinWatcher();
  rpc.onNotification(LogMessageNotification.type, (p) => join.onLog(p.message));
  rpc.listen();
  const diagnosticsFor = (version: number) => new Promise<PublishDiagnosticsParams>((resolve) => {
    if (lastDiagnostics && (lastDiagnostics.version ?? 0) >= version) resolve(lastDiagnostics);
    else waiter = { version, resolve };
  });

  await rpc.sendRequest(InitializeRequest.type, {
    processId: process.pid,
    rootUri: URI.file(root).toString(),
    workspaceFolders: [{ uri: URI.file(root).toString(), name: 'bench' }],
    capabilities: { workspace: { configuration: true }, textDocument: { publishDiagnostics: { versionSupport: true } } },
  });
  const text = fs.readFileSync(big, 'utf8');
  const t0 = performance.now();
  await rpc.sendNotification(InitializedNotification.type, {});
  await rpc.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'typescript', version: 1, text } });
  const first = await diagnosticsFor(1);
  const firstMs = performance.now() - t0;
  console.log(`  first diagnostics after initialized: ${ms(firstMs)} (${first.diagnostics.length} diagnostics); tsc --noEmit median of 3: ${ms(tsc)}`);
  console.log(`    ratio first diagnostics / tsc = ${(firstMs / tsc).toFixed(2)}  (target <= 1: ${firstMs <= tsc ? 'PASS' : 'FAIL'})`);
  const joined = await join.joined();
  console.log(`    the rest of the project joined the analysis once the server was idle, ${ms(performance.now() - t0)} after initialized; it held the server's thread ${heldFor(joined)} (the edits below wait for it)`);

  // Edits: alternately retype a character of a step id in the middle of the file (the analysis result changes)
  // and a character of a comment (it does not).
  const lines = text.split('\n');
  const idLine = lines.findIndex((l, i) => i > lines.length / 2 && l.includes("await step('fetch"));
  const commentLine = lines.findIndex((l, i) => i > lines.length / 2 && l.trim().startsWith('// step'));
  const idChar = lines[idLine]!.indexOf("step('fetch") + "step('fetch".length;
  const commentChar = lines[commentLine]!.length;
  let version = 1;
  const edit = async (i: number): Promise<number> => {
    version++;
    const { line, character, grow } = nthEdit(i, [idLine, idChar], [commentLine, commentChar]);
    const change = grow
      ? { range: { start: { line, character }, end: { line, character } }, text: 'x' }
      : { range: { start: { line, character }, end: { line, character: character + 1 } }, text: '' };
    const t = performance.now();
    await rpc.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version }, contentChanges: [change] });
    await diagnosticsFor(version);
    return performance.now() - t;
  };

  const latencies: number[] = [];
  for (let i = 0; i < editCount; i++) latencies.push(await edit(i));
  const p95 = percentile(latencies, 0.95);
  console.log(`  didChange → publishDiagnostics over ${editCount} edits: p50 ${ms(percentile(latencies, 0.5))}, p95 ${ms(p95)}, max ${ms(Math.max(...latencies))}`);
  console.log(`    p95 = ${ms(p95)}  (target <= 50 ms: ${p95 <= 50 ? 'PASS' : 'FAIL'})`);
  console.log(`    ${editShares(root, big, text, [idLine, idChar], [commentLine, commentChar])}`);

  const stats0 = await rpc.sendRequest(ServerStatsRequest.type, null);
  const soakStart = performance.now();
  const soakLatencies: number[] = [];
  for (let i = editCount; i < soakCount; i++) soakLatencies.push(await edit(i));
  const stats1 = await rpc.sendRequest(ServerStatsRequest.type, null);
  const heapRatio = stats1.heapUsed / stats0.heapUsed;
  const rssRatio = stats1.rss / stats0.rss;
  console.log(`  soak: ${soakCount} edits in ${((performance.now() - soakStart) / 1000).toFixed(0)} s (p95 of the later edits ${ms(percentile(soakLatencies.length ? soakLatencies : [0], 0.95))})`);
  console.log(`    heap after GC: ${mb(stats0.heapUsed)} after ${editCount} edits → ${mb(stats1.heapUsed)} after ${soakCount}; RSS ${mb(stats0.rss)} → ${mb(stats1.rss)}${stats1.collected ? '' : ' (no --expose-gc: not collected first)'}`);
  console.log(`    heap ratio = ${heapRatio.toFixed(3)}, RSS ratio = ${rssRatio.toFixed(3)}  (target <= 1.10: ${heapRatio <= 1.1 ? 'PASS' : 'FAIL'})`);
  if (stats0.workers > 0 && stats1.workers > 0) {
    const workerRatio = stats1.workerHeapUsed / stats0.workerHeapUsed;
    console.log(`    typed-analysis worker heap after GC: ${mb(stats0.workerHeapUsed)} → ${mb(stats1.workerHeapUsed)}, ratio = ${workerRatio.toFixed(3)}  (target <= 1.10: ${workerRatio <= 1.1 ? 'PASS' : 'FAIL'})`);
  }

  await rpc.sendRequest(ShutdownRequest.type);
  await rpc.sendNotification(ExitNotification.type);
  rpc.dispose();
  await stopServer(child);

  const worker = await hoversDuringHashes(root, big, {}, arg('lens-edits', 20));
  const inProcess = await hoversDuringHashes(root, big, { AWAITLY_LENS_TYPED_WORKER: '0' });
  const jsWorker = await hoversDuringHashes(root, big, { AWAITLY_LENS_ENGINE: 'js' }, arg('lens-edits', 20));
  // What the launcher's tier-up setting gives (core/src/tierUp.ts): the first lens with V8's default.
  const v8Default = await hoversDuringHashes(root, big, await defaultTierUp(tmp));
  console.log(`  hovers while the code lens computes definition hashes (${worker.hovers} and ${inProcess.hovers} hovers, one every 20 ms):`);
  console.log(`    typed analysis in its worker: hover p95 ${ms(worker.p95)}, max ${ms(worker.max)} (lens after ${ms(worker.lensMs)})`);
  console.log(`    in-process (AWAITLY_LENS_TYPED_WORKER=0): hover p95 ${ms(inProcess.p95)}, max ${ms(inProcess.max)} (lens after ${ms(inProcess.lensMs)})`);
  console.log(`    ratio of the slowest hover, worker / in-process = ${(worker.max / inProcess.max).toFixed(3)}`);
  // Issue 13: the typed worker on TypeScript 7 (the default where it loads) against the JS API in the same worker.
  console.log(`  definition-hash code lens of the ${bigLines}-line file, typed worker (engine: ${worker.engine}; JS API run: ${jsWorker.engine}):`);
  console.log(`    first lens after didOpen: ${ms(worker.firstLensMs)} (JS API ${ms(jsWorker.firstLensMs)}; with V8's default tier-up ${ms(v8Default.firstLensMs)}, first program loaded in ${v8Default.firstProgramMs === undefined ? '?' : ms(v8Default.firstProgramMs)})  (target <= 500 ms: ${worker.firstLensMs <= 500 ? 'PASS' : 'FAIL'})`);
  // The lens needs the rules' analysis of the file (its steps' sites): the server's first program (the open file, what
  // it imports, the files that may act on others) parsed and bound, then the file analysed.
  console.log(`      after the first diagnostics: ${ms(worker.lensMs)}; the server's first program (the open file and what it imports) loaded in ${worker.firstProgramMs === undefined ? '?' : ms(worker.firstProgramMs)} (its log), then bound and the file analysed`);
  console.log(`      the rest of the project joined in the pause after the lens, holding the server's thread ${heldFor(worker.joined)}, before the edits below; for scale, ${jsApiFloor(root, worker.firstLensMs)}`);
  console.log(`    edit → updated lens over ${worker.editLens.length} edits: p50 ${ms(percentile(worker.editLens, 0.5))}, p95 ${ms(percentile(worker.editLens, 0.95))} including the ${PAUSE_MS} ms typing pause; after the pause p95 ${ms(percentile(worker.editLens, 0.95) - PAUSE_MS)}  (target <= 300 ms: ${percentile(worker.editLens, 0.95) - PAUSE_MS <= 300 ? 'PASS' : 'FAIL'})`);
  console.log(`      JS API: p50 ${ms(percentile(jsWorker.editLens, 0.5))}, p95 ${ms(percentile(jsWorker.editLens, 0.95))} including the pause`);
  console.log(`    hovers meanwhile (${worker.hovers}): p95 ${ms(worker.p95)}, max ${ms(worker.max)}  (target <= 50 ms: ${worker.p95 <= 50 ? 'PASS' : 'FAIL'}); p95 while the first lens is computed (${worker.phases.firstCount} hovers) ${ms(worker.phases.first)}, during the ${worker.editLens.length} edits ${ms(worker.phases.edits)}`);
  if (worker.phases.afterEdit.length > 0) console.log(`      ${hoverSplit(worker.phases)}`);
  const example = await exampleFirstDiagnostics();
  console.log(`  example workspace (4 files): first diagnostics of src/checkout.ts after initialized, median of 3: ${ms(example.median)} (${example.runs.map((x) => x.toFixed(0)).join(', ')})  (target <= 1000 ms: ${example.median <= 1000 ? 'PASS' : 'FAIL'})`);
  console.log(`    ${jsApiFloor(EXAMPLE_ROOT, example.median)}`);
  if (!process.argv.includes('--keep')) fs.rmSync(tmp, { recursive: true, force: true });
}

/**
 * dist/server.js loads the server bundle with V8's code cache, written 2 s into a start (server/src/launch.ts): one
 * start of 3 s first, so every measured start is what an editor gets from its second start of a build on.
 */
async function codeCacheWarmUp(env?: Record<string, string>): Promise<void> {
  const child = spawn(process.execPath, [SERVER, '--stdio'], { stdio: ['pipe', 'ignore', 'inherit'], ...(env ? { env: { ...process.env, ...env } } : {}) });
  await new Promise((r) => setTimeout(r, 3000));
  child.kill();
  if (!env) console.log('  (one server start of 3 s first: the measured starts load the server bundle from V8\'s code cache, as an editor does from its second start of a build on)');
}

/**
 * The server with V8's default tier-up, for comparison with the launcher's setting (core/src/tierUp.ts), its code
 * cache made by a start of its own first, so it starts from its cache as the others do.
 */
async function defaultTierUp(tmp: string): Promise<Record<string, string>> {
  const env = defaultTierUpEnv(path.join(tmp, 'v8-default-tier-up-cache'));
  await codeCacheWarmUp(env);
  return env;
}

/** The server's log line when a folder opened at its open documents is made whole (server/src/project.ts widen). */
interface Joined {
  /** The last step, which holds the server's thread: the whole program built and the open file analysed again. */
  ms: number;
  /** The slices it parsed and bound the rest in before that, between requests (widening.ts), if any. */
  slices?: { count: number; ms: number; longest: number };
}

/** "held the server's thread X ms (after N slices …)": how the widening held the server's thread. */
function heldFor(j: Joined | undefined): string {
  if (!j) return '(not said within 10 s)';
  return `${ms(j.ms)}${j.slices ? ` at the end, after ${j.slices.count} slices between requests (${ms(j.slices.ms)} in all, the longest ${ms(j.slices.longest)})` : ''}`;
}

/**
 * The server opens a folder at its open documents and loads the rest when idle (server/src/widening.ts), saying so
 * in its log: resolves with what that line says (Joined), or undefined after `timeoutMs` without it. The edit phases
 * wait for it, so that they measure the whole project, as before that change.
 */
function joinWatcher(): { onLog: (message: string) => void; joined: (timeoutMs?: number) => Promise<Joined | undefined> } {
  let joined: Joined | undefined;
  const waiting: Array<(v: Joined) => void> = [];
  return {
    onLog: (message) => {
      const m = /joined the analysis in (\d+) ms/.exec(message);
      if (!m) return;
      const s = /beforehand in (\d+) slices, (\d+) ms in all, the longest (\d+) ms/.exec(message);
      joined = { ms: Number(m[1]), ...(s ? { slices: { count: Number(s[1]), ms: Number(s[2]), longest: Number(s[3]) } } : {}) };
      for (const w of waiting.splice(0)) w(joined);
    },
    joined: (timeoutMs = 10_000) => (joined !== undefined ? Promise.resolve(joined) : new Promise((resolve) => {
      const timer = setTimeout(() => resolve(undefined), timeoutMs);
      waiting.push((v) => { clearTimeout(timer); resolve(v); });
    })),
  };
}

/** A fresh server on test-fixtures/example-workspace, three times: `initialized` + didOpen → first diagnostics. */
const EXAMPLE_ROOT = path.join(REPO_ROOT, 'test-fixtures', 'example-workspace');

/**
 * The floor of an analysis of `root`'s whole program on the JS API: node, the TypeScript bundle, parsing and binding
 * it, as a cold `check --no-cache` times them (AWAITLY_LENS_TIMINGS). The server's first program holds only the open
 * file, what it imports and the files that may act on others (server/src/widening.ts), so its first answers can come
 * sooner; on a small project that program is most of the whole.
 */
function jsApiFloor(root: string, measured: number): string {
  const f = describeFloor(coldPhases(['check', '.', '--no-cache'], root));
  return `a whole program on the JS API here (a cold CLI run's phases): ${f.text}; measured / that = ${(measured / f.floor).toFixed(2)}`;
}

async function exampleFirstDiagnostics(): Promise<{ median: number; runs: number[] }> {
  const root = EXAMPLE_ROOT;
  const file = path.join(root, 'src', 'checkout.ts');
  const uri = URI.file(file).toString();
  const runs: number[] = [];
  for (let i = 0; i < 3; i++) {
    const child = startServer([]);
    const rpc = createMessageConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
    let published: (() => void) | undefined;
    rpc.onNotification(PublishDiagnosticsNotification.type, (p) => { if (p.uri === uri) published?.(); });
    rpc.onRequest(ConfigurationRequest.type, (p) => p.items.map(() => null));
    rpc.onRequest(RegistrationRequest.method, () => null);
    rpc.listen();
    // Timed from the spawn: what a user waits for is the server's start as well as its analysis.
    const t0 = performance.now();
    await rpc.sendRequest(InitializeRequest.type, {
      processId: process.pid,
      rootUri: URI.file(root).toString(),
      workspaceFolders: [{ uri: URI.file(root).toString(), name: 'example' }],
      capabilities: { workspace: { configuration: true }, textDocument: { publishDiagnostics: { versionSupport: true } } },
    });
    const diagnosed = new Promise<void>((r) => { published = r; });
    await rpc.sendNotification(InitializedNotification.type, {});
    await rpc.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'typescript', version: 1, text: fs.readFileSync(file, 'utf8') } });
    await diagnosed;
    runs.push(performance.now() - t0);
    await rpc.sendRequest(ShutdownRequest.type);
    await rpc.sendNotification(ExitNotification.type);
    rpc.dispose();
    await stopServer(child);
  }
  return { median: percentile(runs, 0.5), runs };
}

/** The i-th edit of the didChange bench: type an x, then delete it again, alternately in a step id and in a comment. */
function nthEdit(i: number, id: [number, number], comment: [number, number]): { line: number; character: number; grow: boolean } {
  const [line, character] = i % 2 === 0 ? id : comment;
  return { line, character, grow: (i >> 1) % 2 === 0 };
}

/**
 * Where an edit's time goes: the same edits as above, analysed in this process by the code the server's quick pass runs
 * (core's analysis project: updateFile, then analyzeFile), split by AWAITLY_LENS_TIMINGS into TypeScript's part (the
 * program updated with the edited file: incremental parse, then a new checker, which binds it) and the rules' analysis.
 * An answer about the edited text (diagnostics, a hover) cannot come before TypeScript's part.
 */
function editShares(root: string, big: string, text: string, id: [number, number], comment: [number, number], edits = 40): string {
  const before = process.env.AWAITLY_LENS_TIMINGS;
  process.env.AWAITLY_LENS_TIMINGS = '1';
  try {
    const project = createAnalysisProject({ tsconfig: path.join(root, 'tsconfig.json'), includeResultTypes: false });
    project.analyzeFile(big);
    const lines = text.split('\n');
    const typescript: number[] = [];
    const total: number[] = [];
    const tsPhases = (): number => ['  program: parse (JS API)', '  program: bind (JS API checker)'].reduce((sum, k) => sum + (phaseTotals().get(k) ?? 0), 0);
    for (let i = 0; i < edits; i++) {
      const { line, character, grow } = nthEdit(i, id, comment);
      const l = lines[line]!;
      lines[line] = grow ? l.slice(0, character) + 'x' + l.slice(character) : l.slice(0, character) + l.slice(character + 1);
      const ts0 = tsPhases();
      const t0 = performance.now();
      project.updateFile(big, lines.join('\n'));
      project.analyzeFile(big);
      total.push(performance.now() - t0);
      typescript.push(tsPhases() - ts0);
    }
    const rules = total.map((t, i) => t - typescript[i]!);
    return `where an edit's time goes (the same kind of edits, ${edits}, analysed in this process by the quick pass's code; medians): ` +
      `TypeScript's program update + checker ${ms(percentile(typescript, 0.5))} (no answer about the edited text comes sooner), ` +
      `the rules' analysis ${ms(percentile(rules, 0.5))}, in all ${ms(percentile(total, 0.5))} (p95 ${ms(percentile(total, 0.95))})`;
  } finally {
    if (before === undefined) delete process.env.AWAITLY_LENS_TIMINGS;
    else process.env.AWAITLY_LENS_TIMINGS = before;
  }
}

/** The hovers during the edits, split: the first after each didChange, and the others. */
function hoverSplit({ afterEdit, later }: { afterEdit: number[]; later: number[] }): string {
  const figures = (xs: number[]) => (xs.length ? `median ${ms(median(xs))}, p95 ${ms(percentile(xs, 0.95))}` : 'none');
  return `of the hovers during the edits: the first after each didChange (${afterEdit.length}; it takes the edit to TypeScript and builds the step it is on, before the quick pass) ${figures(afterEdit)}; the others (${later.length}) ${figures(later)}`;
}

/**
 * A fresh server on the project: open the big file, then ask for its code lens (definition hashes: the typed
 * analysis loads the project and types 640 steps) and, until the lens arrives, hover a step every 20 ms.
 */
async function hoversDuringHashes(root: string, big: string, env: Record<string, string>, edits = 0): Promise<{ hovers: number; p95: number; max: number; lensMs: number; firstLensMs: number; editLens: number[]; engine: string; phases: { first: number; edits: number; firstCount: number; afterEdit: number[]; later: number[] }; joined: Joined | undefined; firstProgramMs: number | undefined }> {
  const child = startServer([], { ...process.env, ...env });
  const rpc = createMessageConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
  const uri = URI.file(big).toString();
  let engine = '?';
  let firstProgramMs: number | undefined;
  const join = joinWatcher();
  rpc.onNotification(LogMessageNotification.type, (p) => {
    const m = /result types from (.*)$/.exec(p.message);
    if (m) engine = m[1]!;
    const loaded = /loaded .* in (\d+) ms \(its \d+ open file/.exec(p.message);
    if (loaded) firstProgramMs = Number(loaded[1]);
    join.onLog(p.message);
  });
  let published: (() => void) | undefined;
  rpc.onNotification(PublishDiagnosticsNotification.type, (p) => { if (p.uri === uri) published?.(); });
  rpc.onRequest(ConfigurationRequest.type, (p) => p.items.map(() => null));
  rpc.onRequest(RegistrationRequest.method, () => null);
  rpc.listen();
  await rpc.sendRequest(InitializeRequest.type, {
    processId: process.pid,
    rootUri: URI.file(root).toString(),
    workspaceFolders: [{ uri: URI.file(root).toString(), name: 'bench' }],
    capabilities: { workspace: { configuration: true }, textDocument: { publishDiagnostics: { versionSupport: true } } },
  });
  await rpc.sendNotification(InitializedNotification.type, {});
  const text = fs.readFileSync(big, 'utf8');
  const diagnosed = new Promise<void>((r) => { published = r; });
  const opened = performance.now();
  await rpc.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'typescript', version: 1, text } });
  await diagnosed;
  const lines = text.split('\n');
  const line = lines.findIndex((l) => l.includes("await step('fetch"));
  const position = { line, character: lines[line]!.indexOf('step(') + 1 };
  const t0 = performance.now();
  let lensMs = 0;
  const lens = rpc.sendRequest(CodeLensRequest.type, { textDocument: { uri } }).then(() => { lensMs = performance.now() - t0; });
  const latencies: number[] = [];
  while (lensMs === 0) {
    const t = performance.now();
    await rpc.sendRequest(HoverRequest.type, { textDocument: { uri }, position });
    latencies.push(performance.now() - t);
    await new Promise((r) => setTimeout(r, 20));
  }
  await lens;
  const firstLensMs = t0 - opened + lensMs;
  const firstPhase = latencies.length;
  // The edits measure the whole project: the server loads the rest of it in the first pause.
  const joined = edits > 0 ? await join.joined() : undefined;
  // Edits to the big file: each changes one step's result type; the time from didChange to the updated lens.
  const editLens: number[] = [];
  // The first hover after each didChange takes that edit to TypeScript and builds the step it is on (the quick pass of
  // the new text waits for it: diagnosticsQueue.ts); the others find the file analysed. Kept apart to show which of
  // the two the p95 is made of.
  const afterEdit: number[] = [];
  const later: number[] = [];
  for (let i = 0; i < edits; i++) {
    const edited = text.replace("await step('fetch", `await step('edit${i}', () => ok({ n: ${i} }));\n    await step('fetch`);
    const t = performance.now();
    await rpc.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version: i + 2 }, contentChanges: [{ text: edited }] });
    let done = false;
    const lensDone = rpc.sendRequest(CodeLensRequest.type, { textDocument: { uri } }).then(() => { editLens.push(performance.now() - t); done = true; });
    while (!done) {
      const h = performance.now();
      await rpc.sendRequest(HoverRequest.type, { textDocument: { uri }, position });
      latencies.push(performance.now() - h);
      (afterEdit.length <= i ? afterEdit : later).push(latencies[latencies.length - 1]!);
      await new Promise((r) => setTimeout(r, 20));
    }
    await lensDone;
  }
  await rpc.sendRequest(ShutdownRequest.type);
  await rpc.sendNotification(ExitNotification.type);
  rpc.dispose();
  await stopServer(child);
  const phases = { first: percentile(latencies.slice(0, firstPhase), 0.95), edits: percentile(latencies.slice(firstPhase), 0.95), firstCount: firstPhase, afterEdit, later };
  return { hovers: latencies.length, p95: percentile(latencies, 0.95), max: Math.max(...latencies), lensMs, firstLensMs, editLens, engine, phases, joined, firstProgramMs };
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.stack : String(e));
  process.exitCode = 1;
});
