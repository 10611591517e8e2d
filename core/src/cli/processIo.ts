// The process's side of a CLI run, shared by the bin's first stage (bin.ts) and the CLI (main.ts): the CliIo over
// process.stdout/stderr/stdin, and the end of a run (the timings table, the exit code). A stream is set up when it
// is first used (process.stderr costs a few ms of a replay that writes nothing there).
import { writeSync } from 'node:fs';
import type { CliIo } from './command';
import { formatTimings } from '../timings';

const GUARDED = Symbol.for('awaitly-lens.pipe-errors');
/**
 * The streams set up so far, on process (both stages' copies of this module see it): once process.stdout is in use,
 * every stdout write goes through it, in order; and a stream never set up has nothing buffered to wait for.
 */
const IN_USE = Symbol.for('awaitly-lens.streams-in-use');
const inUse = (): { stdout?: true; stderr?: true } => ((process as { [IN_USE]?: { stdout?: true; stderr?: true } })[IN_USE] ??= {});

/** process.stdout or process.stderr, with the EPIPE handler on it (once per stream, whichever stage adds it). */
function stream(name: 'stdout' | 'stderr'): NodeJS.WriteStream {
  inUse()[name] = true;
  const s = process[name] as NodeJS.WriteStream & { [GUARDED]?: true };
  if (!s[GUARDED]) {
    s[GUARDED] = true;
    // A closed pipe (`awaitly-lens validate . | head`) is not an error worth a stack trace.
    s.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code !== 'EPIPE') throw error;
    });
  }
  return s;
}

/**
 * Bytes to stdout (a report, a replayed one too) with write(2) on fd 1 while process.stdout is not in use: setting up
 * that stream (node:stream and net, or a SyncWriteStream for a file) is ~4-5 ms of a run that prints one report. A
 * closed pipe ends the writing, as the stream's EPIPE handler does; anything else (EAGAIN from a non-blocking pipe,
 * say) leaves the rest, and every later write, to the stream, so the order holds.
 */
function writeStdoutBytes(data: Uint8Array): void {
  let at = 0;
  if (!inUse().stdout) {
    try {
      while (at < data.length) at += writeSync(1, data, at, data.length - at);
      return;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EPIPE') return;
    }
  }
  stream('stdout').write(data.subarray(at));
}

export function processIo(): CliIo {
  return {
    cwd: process.cwd(),
    stdout: (text) => writeStdoutBytes(Buffer.from(text, 'utf8')),
    stdoutBytes: writeStdoutBytes,
    stderr: (text) => void stream('stderr').write(text),
    get stderrIsTTY() {
      return process.stderr.isTTY === true;
    },
    readStdin: () =>
      new Promise<string>((resolve, reject) => {
        const chunks: Buffer[] = [];
        process.stdin.on('data', (chunk: Buffer) => chunks.push(chunk));
        process.stdin.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
        process.stdin.on('error', reject);
      }),
  };
}

/**
 * Ends a run: the timings table (AWAITLY_LENS_TIMINGS=1), then the exit code. When nothing is left but the standard
 * streams, with every byte handed to the system, the process ends at once: what a natural exit would still wait
 * for is V8's garbage collection (~15 ms of validate on 10,000 files, measured). Anything else still active (a
 * write in progress, a worker, a child process, a socket, a timer, a file operation) is waited for, as before.
 */
export function finish(code: number): void {
  const timings = formatTimings();
  if (timings) stream('stderr').write(timings);
  process.exitCode = code;
  if (nothingPending()) process.exit(code);
}

// The standard streams' handles and their write requests: with nothing buffered, a finished write's request.
const STDIO_RESOURCES = new Set(['PipeWrap', 'TTYWrap', 'SimpleWriteWrap', 'WriteWrap']);

function nothingPending(): boolean {
  // writableLength counts a chunk until the system has taken it (a blocking pipe or file: at once). A stream is
  // asked only if it was set up: process.stderr's getter alone costs ~3-5 ms.
  const streams = inUse();
  if (streams.stdout && process.stdout.writableLength > 0) return false;
  if (streams.stderr && process.stderr.writableLength > 0) return false;
  return process.getActiveResourcesInfo().every((resource) => STDIO_RESOURCES.has(resource));
}
