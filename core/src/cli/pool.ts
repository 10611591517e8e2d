// Checks many files on several threads: the main thread plus worker threads running
// dist/validateWorker.js. Chunks of files are handed out on demand (each worker keeps two in flight, so
// it never waits for the main thread), the main thread checks chunks itself in between, and results
// land at their file's index, so the output order does not depend on scheduling. A worker that fails
// to start or dies leaves its chunks unfilled; they are checked in-process at the end: no file is lost.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Worker } from 'node:worker_threads';
import { checkFile, type FileOutcome } from './checkFile';
import type { InputFile } from './inputs';
import type { WorkerRequest, WorkerResponse } from './workerProtocol';

/** Up to this many files, starting workers costs more than it saves. */
export const WORKER_THRESHOLD = 200;
/**
 * Bytes of snapshot text each thread must have before one more thread pays. A worker costs its start-up
 * (~75 ms of CPU for a bare worker under load) and its own JIT warm-up (the first few thousand files run several
 * times slower): on 2 cores, 10,000 files of 15 MB took 1.64x the read + JSON.parse baseline on 2 threads
 * and 1.40x in-process (idle machine), and a worker added ~500 ms of CPU (load ~8). So 16 MiB per thread.
 */
export const BYTES_PER_THREAD = 16 * 1024 * 1024;
/** Files stat'ed to estimate the total size (a stat of all 10,000 would cost more than the estimate saves). */
const SIZE_SAMPLE = 32;
const CHUNK_SIZE = 32;
const IN_FLIGHT_PER_WORKER = 2;
const MAX_THREADS = 8;

/** dist/validateWorker.js next to the running bundle; undefined when running from the sources. */
export function workerScript(): string | undefined {
  const candidate = path.join(__dirname, 'validateWorker.js');
  return fs.existsSync(candidate) ? candidate : undefined;
}

export function cpuCount(): number {
  return typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length;
}

/**
 * How many worker threads to start besides the main thread (0: in-process only).
 * `jobs` is --jobs, the total number of threads; undefined means automatic: with more than
 * WORKER_THRESHOLD files, one thread per core that is not already busy (by the 1-minute load
 * average), so a loaded CI runner is not made slower by threads that only wait for a core, and no
 * more threads than BYTES_PER_THREAD allows (`bytes`: the files' total size, or an estimate).
 */
export function plannedWorkers(fileCount: number, bytes: number, jobs: number | undefined, cores = cpuCount(), load = os.loadavg()[0] ?? 0): number {
  const usefulThreads = Math.ceil(fileCount / CHUNK_SIZE);
  if (jobs !== undefined) return Math.max(0, Math.min(jobs, usefulThreads) - 1);
  if (fileCount <= WORKER_THRESHOLD || cores < 2) return 0;
  const freeCores = Math.floor(cores - load + 0.5);
  return Math.max(0, Math.min(freeCores, cores, MAX_THREADS, usefulThreads, Math.floor(bytes / BYTES_PER_THREAD)) - 1);
}

/** The files' total size, from the sizes of up to SIZE_SAMPLE of them spread over the list (unreadable ones left out). */
export function estimatedBytes(files: readonly InputFile[]): number {
  const step = Math.max(1, files.length / SIZE_SAMPLE);
  let sampled = 0;
  let sum = 0;
  for (let i = 0; i < files.length; i += step) {
    try {
      sum += fs.statSync(files[Math.floor(i)]!.path).size;
      sampled++;
    } catch {
      // Reported when it is read.
    }
  }
  return sampled === 0 ? 0 : (sum / sampled) * files.length;
}

export function checkInProcess(files: readonly InputFile[]): FileOutcome[] {
  return files.map((file) => checkFile(file));
}

export async function checkInWorkers(files: readonly InputFile[], workerCount: number, script: string): Promise<FileOutcome[]> {
  const outcomes = new Array<FileOutcome | undefined>(files.length).fill(undefined);
  const chunks: number[][] = [];
  for (let i = 0; i < files.length; i += CHUNK_SIZE) {
    chunks.push(Array.from({ length: Math.min(CHUNK_SIZE, files.length - i) }, (_, j) => i + j));
  }
  let next = 0;
  const take = (): number[] | undefined => (next < chunks.length ? chunks[next++] : undefined);

  const driveWorker = (): Promise<void> =>
    new Promise((resolve) => {
      let worker: Worker;
      try {
        // Required here, not at load: node:worker_threads (and the stream modules under it) was ~5 ms of every
        // validate start, and most runs start no worker.
        const { Worker: WorkerThread } = require('node:worker_threads') as typeof import('node:worker_threads');
        worker = new WorkerThread(script);
      } catch {
        resolve();
        return;
      }
      // The worker answers in order, so the oldest chunk in flight is the one answered.
      const inFlight: number[][] = [];
      let done = false;
      const finish = (): void => {
        if (done) return;
        done = true;
        worker.removeAllListeners();
        worker.on('error', () => undefined);
        void worker.terminate().catch(() => undefined);
        resolve();
      };
      const feed = (): void => {
        for (let chunk = inFlight.length < IN_FLIGHT_PER_WORKER ? take() : undefined; chunk; chunk = inFlight.length < IN_FLIGHT_PER_WORKER ? take() : undefined) {
          inFlight.push(chunk);
          const request: WorkerRequest = { files: chunk.map((i) => files[i]!) };
          worker.postMessage(request);
        }
        if (inFlight.length === 0) finish();
      };
      worker.on('message', (response: WorkerResponse) => {
        const chunk = inFlight.shift();
        chunk?.forEach((fileIndex, j) => {
          outcomes[fileIndex] = response.outcomes[j];
        });
        feed();
      });
      // Chunks still in flight stay unfilled and are checked in-process below.
      worker.on('error', finish);
      worker.on('exit', finish);
      feed();
    });

  const driveMainThread = async (): Promise<void> => {
    for (let chunk = take(); chunk; chunk = take()) {
      for (const i of chunk) outcomes[i] = checkFile(files[i]!);
      // Let worker replies in, so they get their next chunk without waiting for this loop.
      await new Promise((resolve) => setImmediate(resolve));
    }
  };

  await Promise.all([...Array.from({ length: workerCount }, driveWorker), driveMainThread()]);
  return outcomes.map((outcome, i) => outcome ?? checkFile(files[i]!));
}
