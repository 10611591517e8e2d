// A check run with nothing changed prints what the same command printed last time. Its output is a function of
// the cached analysis (valid while its warm record and file hashes hold: typed/warmCache.ts) and of what the
// command line and the working directory add: the arguments, the cwd (every path is shown relative to it), the
// lock file's text, and whether each operand is a file, a folder or absent (outsideProject.ts). Nothing else is
// read when check renders: no environment variable, no terminal (progress.ts draws only for --store, which is
// not replayed). So each run that could be served from the cache also stores what it printed (as a hit prints
// it) next to the entry, with that validity; the next such run checks the validity and the key and prints it:
// a few reads and a stat per file instead of unpacking the analysis and building the lock and the report.
// --snapshots (folders and globs), --against (git), --fix and --store read more and are never replayed. A file
// that is torn, edited or inconsistent is ignored, never trusted.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { CliIo } from './command';
import { FORMAT, checksummedBody, slotFile, writeChecksummed, type CacheSlot, type Validity } from '../typed/cacheFile';
import { nameHash } from '../checksum';
import { stillValid } from '../typed/warmCache';

/** Outputs kept per entry (one per command line in use: formats, operands, working directories). */
const KEEP = 8;

/** Where a command's output would be, and the key it must have been written for. */
export interface ReplayKey {
  slot: CacheSlot;
  file: string;
  /** The command line and what it reads (JSON text, compared whole with the stored output's). */
  command: string;
  /** The lock file's state in the key (a run stores its output only when it read the same: lockTextState). */
  lock: string;
}

/** What check wrote, in order: 1 stdout, 2 stderr. */
export type Writes = Array<[1 | 2, string]>;

interface Header {
  format: number;
  command: string;
  validity: Validity;
  exit: number;
  /** Each write's stream and length in bytes; the bytes follow the header line. */
  writes: Array<[1 | 2, number]>;
}

/** The state of a lock file read as `text` (its text itself: a lock is small, and comparing it needs no hash). */
export const lockTextState = (text: string): string => `text:${text}`;

/** The lock file as check reads it: its text, absent (when only the default is looked for), or why not. */
function lockState(file: string | undefined, explicit: boolean): string {
  if (!file) return 'none';
  if (!explicit && !fs.existsSync(file)) return 'absent';
  try {
    return lockTextState(fs.readFileSync(file, 'utf8'));
  } catch (error) {
    return `error:${(error as NodeJS.ErrnoException).code ?? String(error)}`;
  }
}

function operandKind(p: string): string {
  try {
    const s = fs.statSync(p);
    return s.isFile() ? 'file' : s.isDirectory() ? 'dir' : 'other';
  } catch {
    return 'absent';
  }
}

/** The key of a run, or undefined when its output cannot be cached (no node_modules folder to keep it in). */
export function replayKey(slot: CacheSlot, run: { args: readonly string[]; cwd: string; lockFile: string | undefined; explicitLock: boolean; scope: readonly string[] }): ReplayKey | undefined {
  const entry = slotFile(slot);
  if (!entry) return undefined;
  const lock = lockState(run.lockFile, run.explicitLock);
  const command = JSON.stringify({
    format: FORMAT,
    slot,
    args: run.args,
    cwd: run.cwd,
    lock: [run.lockFile ?? null, lock],
    operands: run.scope.map((p) => [p, operandKind(p)]),
  });
  return { slot, command, lock, file: `${entry.slice(0, -'.json'.length)}.out-${nameHash(command)}` };
}

/** A stored output that passed every check: the exit code and the writes, in order, as stored bytes. */
export interface StoredOutput {
  exit: number;
  writes: Array<[1 | 2, Buffer]>;
}

/** The stored output of the key when every check passes (nothing is written here); else undefined. */
export function storedOutput(key: ReplayKey): StoredOutput | undefined {
  let data: Buffer;
  try {
    data = fs.readFileSync(key.file);
  } catch {
    return undefined;
  }
  const checked = verified(data);
  if (!checked) return undefined;
  const { header, body } = checked;
  if (header.format !== FORMAT || header.command !== key.command || !stillValid(key.slot, header.validity)) return undefined;
  let at = 0;
  const writes = header.writes.map(([stream, length]): [1 | 2, Buffer] => [stream, body.subarray(at, (at += length))]);
  return { exit: header.exit, writes };
}

/** Prints a stored output and returns its exit code. */
export function printStored(output: StoredOutput, io: CliIo): number {
  for (const [stream, bytes] of output.writes) {
    // A large report (1 MB of json) is written as the stored bytes where the io can: decoding it to a string and
    // encoding it again cost more than the rest of a replay.
    if (stream === 1 && io.stdoutBytes) io.stdoutBytes(bytes);
    else if (stream === 1) io.stdout(bytes.toString('utf8'));
    else io.stderr(bytes.toString('utf8'));
  }
  return output.exit;
}

/** Prints the stored output and returns its exit code; undefined (nothing printed) unless every check passes. */
export function replay(key: ReplayKey, io: CliIo): number | undefined {
  const output = storedOutput(key);
  return output && printStored(output, io);
}

/** The header and the output bytes, when the checksum holds and the header describes exactly the bytes that follow. */
function verified(data: Buffer): { header: Header; body: Buffer } | undefined {
  const rest = checksummedBody(data);
  if (!rest) return undefined;
  const end = rest.indexOf(10);
  if (end < 0) return undefined;
  let header: Header;
  try {
    header = JSON.parse(rest.toString('utf8', 0, end)) as Header;
  } catch {
    return undefined;
  }
  const body = rest.subarray(end + 1);
  const ok = typeof header === 'object' && header !== null && typeof header.command === 'string' && Number.isInteger(header.exit)
    && typeof header.validity?.warm?.key === 'string' && typeof header.validity.warm.listing === 'string'
    && (header.validity.warm.inputs === undefined || (typeof header.validity.warm.inputs === 'object' && header.validity.warm.inputs !== null))
    && typeof header.validity.files === 'object' && header.validity.files !== null
    && Array.isArray(header.writes) && header.writes.every((w) => Array.isArray(w) && (w[0] === 1 || w[0] === 2) && Number.isInteger(w[1]) && w[1] >= 0)
    && header.writes.reduce((n, w) => n + w[1], 0) === body.length;
  return ok ? { header, body } : undefined;
}

/** An io that also records what is written (the run's own output, or the output as a hit prints it). */
export function recording(io: CliIo): { io: CliIo; writes: Writes } {
  const writes: Writes = [];
  const { stdoutBytes: _unrecorded, ...rest } = io;
  return {
    writes,
    io: { ...rest, stdout: (t) => (writes.push([1, t]), io.stdout(t)), stderr: (t) => (writes.push([2, t]), io.stderr(t)) },
  };
}

/** Stores the output for the key; failures are ignored (the next run renders again). Keeps the newest KEEP per entry. */
export function storeReplay(key: ReplayKey, validity: Validity, writes: Writes, exit: number): void {
  try {
    const parts = writes.map(([stream, text]) => [stream, Buffer.from(text, 'utf8')] as const);
    const header: Header = { format: FORMAT, command: key.command, validity, exit, writes: parts.map(([s, b]) => [s, b.length]) };
    const rest = Buffer.concat([Buffer.from(`${JSON.stringify(header)}\n`, 'utf8'), ...parts.map(([, b]) => b)]);
    writeChecksummed(key.file, rest);
    prune(key.file);
  } catch {
    // Not stored: the next run renders the report again.
  }
}

function prune(file: string): void {
  const dir = path.dirname(file);
  const prefix = path.basename(file).replace(/\.out-[0-9a-f]+$/, '.out-');
  const outputs = fs.readdirSync(dir).filter((n) => n.startsWith(prefix) && !n.endsWith('.tmp')).map((n) => {
    const full = path.join(dir, n);
    return { full, at: fs.statSync(full).mtimeMs };
  });
  if (outputs.length <= KEEP) return;
  outputs.sort((a, b) => b.at - a.at);
  for (const o of outputs.slice(KEEP)) fs.rmSync(o.full, { force: true });
}
