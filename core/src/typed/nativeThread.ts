// TypeScript 7's engine on a worker thread (nativeThreadMain.ts), for the CLI: started before the JS analysis, so
// the Go process opens the project (and the thread fetches its ASTs) on the other core meanwhile; `resultTypes`
// then blocks until the thread answers. Same answers as NativeEngine in-process: the thread runs one.
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads';
import type { ResultType, StepSite, TypedEngine } from './engine';
import type { NativeEngine } from './nativeEngine';

export interface ThreadInit {
  tsconfig: string;
  display: boolean;
  /** A whole run (all steps will be asked for): once the project is open, type the calls that look like steps. */
  prefetch: boolean;
  /** Open only these files and what they reach (NativeEngineOptions.roots): after a change. */
  roots?: readonly string[];
  /** Three Int32s: [0] the thread adds 1 to after each reply (the main thread waits on it); [1] the thread sets to 1
   * when it ends (its exit event: process.exit in the thread, or its loop running out), so no wait outlasts it; [2]
   * the thread's id in the OS (Linux; 0 where unknown), for an end that runs no exit event. */
  ticks: SharedArrayBuffer;
}

export type ThreadRequest = { kind: 'ahead'; sites: readonly StepSite[] } | { kind: 'resultTypes'; sites: readonly StepSite[] } | { kind: 'close' };

export type ThreadReply =
  | { kind: 'types'; types: ResultType[]; openMs: number; timings: NativeEngine['timings'] }
  | { kind: 'error'; message: string };

/** Longest wait for one answer: a thread stopped without a word, where that cannot be seen (see BOOTSTRAP), is a
 * failure (the JS engine takes over), not a hang. */
const ANSWER_TIMEOUT_MS = 10 * 60_000;
/** How often a waiting main thread looks whether the thread is still there. */
const ALIVE_CHECK_MS = 250;

/**
 * Every thread starts from this, which then requires the entry (`workerData.script`): however the thread ends (its
 * entry throwing as it loads, process.exit in it, an uncaught error later), its exit event marks ticks[1], and a
 * main thread blocked in wait() sees that at once instead of waiting out ANSWER_TIMEOUT_MS. Out of memory, the
 * thread is stopped with no exit event (nor can the main thread, blocked, receive the worker's own 'exit'): on
 * Linux the thread also records its id (/proc/thread-self names it), and its /proc/self/task entry, gone when the
 * thread has ended, says so within ALIVE_CHECK_MS.
 */
const BOOTSTRAP = `const { workerData } = require('node:worker_threads');
const ticks = new Int32Array(workerData.ticks);
process.on('exit', () => { Atomics.store(ticks, 1, 1); Atomics.notify(ticks, 0); });
try {
  const link = require('node:fs').readlinkSync('/proc/thread-self');
  const id = Number(link.slice(link.lastIndexOf('/') + 1));
  if (Number.isInteger(id) && id > 0) Atomics.store(ticks, 2, id);
} catch {}
require(workerData.script);`;

/** False once the thread whose OS id is `id` has ended; true while it runs, or when that cannot be told (id 0). */
function threadRuns(id: number): boolean {
  return id === 0 || fs.existsSync(`/proc/self/task/${id}`);
}

/** dist/nativeThread.js next to the bundle; from the sources (tests), the .ts entry through tsx. */
function startWorker(init: ThreadInit, port: MessagePort, script: string | undefined): Worker {
  // A small young generation: the thread's short-lived garbage (JSON answers) is scavenged more often, and the
  // run's peak RSS, which the thread adds to while the rules run, is ~25 MB lower (bench project: ~325 vs ~350 MB).
  const start = (entry: string, execArgv?: string[]): Worker =>
    new Worker(BOOTSTRAP, {
      eval: true,
      workerData: { ...init, port, script: entry },
      transferList: [port],
      stdout: false,
      stderr: false,
      resourceLimits: { maxYoungGenerationSizeMb: 4 },
      ...(execArgv ? { execArgv } : {}),
    });
  if (script !== undefined) {
    if (!fs.existsSync(script)) throw new Error(`TypeScript 7's thread cannot start: ${script} is missing`);
    return start(script);
  }
  const bundled = path.join(__dirname, 'nativeThread.js');
  if (fs.existsSync(bundled)) return start(bundled);
  // From the sources, the bundle's place is core/src/typed: a CLI bundle without its thread never gets here.
  if (!__filename.endsWith('.ts')) throw new Error(`TypeScript 7's thread cannot start: ${bundled} is missing`);
  const req = createRequire(__filename);
  return start(path.join(__dirname, 'nativeThreadMain.ts'), ['--require', req.resolve('tsx/cjs')]);
}

export class NativeThread implements TypedEngine {
  readonly name = 'native' as const;
  /** The thread's own times (ms) of its last answer: opening the project (and fetching ASTs), and resultTypes'. */
  timings: { open: number } & NativeEngine['timings'] = { open: 0, decode: 0, check: 0, shapes: 0 };
  private readonly worker: Worker;
  private readonly port: MessagePort;
  private readonly ticks: Int32Array;
  private closed = false;

  /** `script`: the worker entry (default: dist/nativeThread.js beside the bundle, or the .ts entry from the sources). */
  constructor(readonly compiler: string, options: { tsconfig: string; display?: boolean; prefetch?: boolean; roots?: readonly string[] }, script?: string) {
    const { port1, port2 } = new MessageChannel();
    const ticks = new SharedArrayBuffer(12);
    this.ticks = new Int32Array(ticks);
    this.port = port1;
    this.worker = startWorker({ tsconfig: options.tsconfig, display: options.display ?? true, prefetch: options.prefetch ?? true, ...(options.roots ? { roots: options.roots } : {}), ticks }, port2, script);
    // Neither keeps the process alive: a run ends when its work does (dispose closes the Go process).
    this.worker.unref();
    this.port.unref();
    // Errors reach the main thread as replies; this only keeps an 'error' event from being thrown at the process.
    this.worker.on('error', () => undefined);
  }

  /** Sites to type now, ahead of resultTypes (which will ask for them again and get these answers): no reply, no wait. */
  ahead(sites: readonly StepSite[]): void {
    if (this.closed || sites.length === 0) return;
    const request: ThreadRequest = { kind: 'ahead', sites };
    this.worker.postMessage(request);
  }

  resultTypes(sites: readonly StepSite[]): ResultType[] {
    if (this.closed) throw new Error('TypeScript 7 thread is closed');
    const request: ThreadRequest = { kind: 'resultTypes', sites };
    this.worker.postMessage(request);
    const reply = this.wait();
    if (reply.kind === 'error') throw new Error(reply.message);
    this.timings = { open: reply.openMs, ...reply.timings };
    return reply.types;
  }

  /** Blocks until the thread's next reply (the main thread runs synchronously; no event loop turns here). */
  private wait(): ThreadReply {
    const deadline = performance.now() + ANSWER_TIMEOUT_MS;
    for (;;) {
      const seen = Atomics.load(this.ticks, 0);
      // Whether the thread has ended is read before the port: whatever it sent before it ended is there by then.
      const exited = Atomics.load(this.ticks, 1) === 1;
      const stopped = !exited && !threadRuns(Atomics.load(this.ticks, 2));
      const got = receiveMessageOnPort(this.port);
      if (got) return got.message as ThreadReply;
      if (exited) throw new Error("TypeScript 7's thread ended without an answer");
      if (stopped) throw new Error("TypeScript 7's thread ended without an answer (stopped without an exit event: out of memory?)");
      const left = deadline - performance.now();
      if (left <= 0) throw new Error(`TypeScript 7's thread did not answer in ${ANSWER_TIMEOUT_MS / 1000} s`);
      Atomics.wait(this.ticks, 0, seen, Math.min(left, ALIVE_CHECK_MS));
    }
  }

  dispose(): void {
    if (this.closed) return;
    this.closed = true;
    const request: ThreadRequest = { kind: 'close' };
    this.worker.postMessage(request);
    this.port.close();
  }
}
