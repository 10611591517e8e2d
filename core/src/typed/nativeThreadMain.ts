// Worker entry (bundled to dist/nativeThread.js; nativeThread.ts starts it): TypeScript 7's engine on its own
// thread, so that its Go process starts and opens the project while the main thread parses and binds the same
// project for the rules. Then it types the calls that look like steps, and the sites the main thread sends as its
// analysis finds them, file by file (`ahead`), so the checker works while the rules run; `resultTypes` answers from
// those and types what is left. Every answer is a message on the port plus a tick of the shared counter, which the
// main thread blocks on (it runs synchronously).
import * as fs from 'node:fs';
import { parentPort, receiveMessageOnPort, workerData } from 'node:worker_threads';
import type { MessagePort } from 'node:worker_threads';
import { loadNative, NativeEngine } from './nativeEngine';
import { nativeFailure } from './nativeStderr';
import type { ThreadInit, ThreadReply, ThreadRequest } from './nativeThread';

const init = workerData as ThreadInit & { port: MessagePort };
const ticks = new Int32Array(init.ticks);

function reply(message: ThreadReply): void {
  init.port.postMessage(message);
  Atomics.add(ticks, 0, 1);
  Atomics.notify(ticks, 0);
}

const reason = nativeFailure;

let engine: NativeEngine | undefined;
let failed: string | undefined;
const t0 = performance.now();
try {
  const native = loadNative();
  if ('error' in native) throw new Error(native.error);
  engine = new NativeEngine(native, { tsconfig: init.tsconfig, display: init.display, ...(init.roots ? { roots: init.roots } : {}) });
} catch (error) {
  failed = reason(error);
}
const openMs = performance.now() - t0;

process.on('uncaughtException', (error) => reply({ kind: 'error', message: reason(error) }));

// A whole run types every step, so the thread does not wait for the rules to name them: the calls that look like
// steps are typed as soon as the project is open, while the main thread still parses and binds. The rules' sites
// found among them are answered from these (the engine keeps what it typed); a guess that is not a step only cost
// the checker its time. (After a change, `prefetch` is off: only the few files that reach it are asked for.)
if (engine && init.prefetch) engine.typeLikelySteps(readSource);

function readSource(file: string): string | undefined {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

/** Everything queued is taken at once: the sites of many files make one walk, with fewer and fuller flights. */
function drain(first: ThreadRequest): ThreadRequest[] {
  const all = [first];
  for (let m = receiveMessageOnPort(parentPort!); m; m = receiveMessageOnPort(parentPort!)) all.push(m.message as ThreadRequest);
  return all;
}

parentPort!.on('message', (first: ThreadRequest) => {
  const requests = drain(first);
  if (requests.some((m) => m.kind === 'close')) {
    try {
      engine?.dispose();
    } finally {
      parentPort!.close();
      init.port.close();
    }
    return;
  }
  // Typed now and kept by the engine, so the main thread's resultTypes finds them done.
  const ahead = requests.flatMap((m) => (m.kind === 'ahead' ? m.sites : []));
  if (engine && ahead.length > 0) {
    try {
      engine.resultTypes(ahead);
    } catch {
      // Asked again, and answered or reported, when the main thread asks for these sites.
    }
  }
  for (const m of requests) {
    if (m.kind !== 'resultTypes') continue;
    if (!engine) {
      reply({ kind: 'error', message: failed ?? 'TypeScript 7 did not start' });
      continue;
    }
    try {
      reply({ kind: 'types', types: engine.resultTypes(m.sites), openMs, timings: { ...engine.timings } });
    } catch (error) {
      reply({ kind: 'error', message: reason(error) });
    }
  }
});
