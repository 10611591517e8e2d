// TypeScript 7's API spawns its Go process with stderr inherited, so what the Go side prints lands on our stderr:
// "context canceled" when a project is closed mid-work, a "panic: EOF" trace when its pipe closes while it opens a
// project. That is shutdown noise in check's output (and the language server's log), never an answer: answers and
// errors come back through the API. So the Go process writes to a file of its own instead (unlinked at once where the
// system allows: nothing is left behind), and when TypeScript 7 fails, the error shown to the user ends with the
// headline of its crash, if the newest Go process printed one (nativeFailure). Done by wrapping child_process.spawn
// for that one call shape (the package's `tsc --api` spawn with stdio [pipe, pipe, inherit]); syncBuiltinESMExports
// carries the wrapper to the package's ESM `import { spawn }`. Per thread: each worker has its own modules.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

type Spawn = typeof import('node:child_process').spawn;

/** The file the Go processes of this thread write to, once opened. */
let logFd: number | undefined;
/** Where the newest Go process's output starts in the file (earlier processes' shutdown noise is before it). */
let newestFrom = 0;
let routed = false;

/** logFd, opened on first use; undefined when no file can be made. */
function openLog(): number | undefined {
  if (logFd !== undefined) return logFd;
  try {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'awaitly-lens-ts7-')), 'stderr.log');
    logFd = fs.openSync(file, 'w+');
    try {
      // POSIX keeps an open file readable after unlink: nothing remains once the process ends.
      fs.rmSync(path.dirname(file), { recursive: true, force: true });
    } catch {
      process.once('exit', () => fs.rmSync(path.dirname(file), { recursive: true, force: true }));
    }
    return logFd;
  } catch {
    return undefined;
  }
}

/** Routes the stderr of TypeScript 7's Go processes spawned from now on in this thread to a file of its own. */
export function routeNativeStderr(): void {
  if (routed) return;
  routed = true;
  const childProcess = require('node:child_process') as { spawn: Spawn };
  const original = childProcess.spawn;
  const wrapped = function (this: unknown, command: string, args?: unknown, options?: unknown) {
    const stdio = (options as { stdio?: unknown } | undefined)?.stdio;
    if (Array.isArray(args) && args[0] === '--api' && Array.isArray(stdio) && stdio.length === 3 && stdio[2] === 'inherit') {
      const fd = openLog();
      if (fd !== undefined) {
        newestFrom = fs.fstatSync(fd).size;
        return original.call(this, command, args as string[], { ...(options as object), stdio: [stdio[0], stdio[1], fd] });
      }
    }
    return (original as (...a: unknown[]) => unknown).call(this, command, args, options);
  } as Spawn;
  childProcess.spawn = wrapped;
  (require('node:module') as { syncBuiltinESMExports(): void }).syncBuiltinESMExports();
}

/** The end of what the newest of this thread's TypeScript 7 processes printed (at most `max` characters), or ''. */
export function nativeStderrTail(max = 16_000): string {
  if (logFd === undefined) return '';
  try {
    const size = fs.fstatSync(logFd).size;
    const length = Math.min(size - newestFrom, max);
    if (length <= 0) return '';
    const buffer = Buffer.alloc(length);
    fs.readSync(logFd, buffer, 0, length, size - length);
    return buffer.toString('utf8').trim();
  } catch {
    return '';
  }
}

/**
 * An error of TypeScript 7's, for a message: its own text, and the headline of a crash of its Go process if it
 * printed one (Go's "panic: …", "fatal error: …", "SIGQUIT: quit"). Other output ("context canceled" when a project
 * is closed mid-work) says nothing about the failure and is left out.
 */
export function nativeFailure(error: unknown): string {
  const message = error instanceof Error ? error.message.split('\n')[0]! : String(error);
  const headline = nativeStderrTail().split('\n').map((l) => l.trim()).filter((l) => /^(panic|fatal error|SIG[A-Z]+):/.test(l)).pop();
  return headline ? `${message} (TypeScript 7 printed: ${headline.length > 300 ? `${headline.slice(0, 300)}…` : headline})` : message;
}
