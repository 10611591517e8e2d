// The file of a persisted check cache entry (node_modules/.cache/awaitly-lens/check-<slot>.json), without
// TypeScript: where it lives, how it is checksummed, written and read. One entry per slot (tsconfig and the options
// that change the analysis); the entry says which inputs it is valid for (typed/cache.ts, typed/warmCache.ts).
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ProjectAnalysis } from '../analysis/types';
import { TOOL_VERSION } from '../cli/version';
import { checksumHex, nameHash } from '../checksum';
import { pack, unpack, type Packed } from './packJson';
import type { EngineReport } from './report';
import type { ReachRecord } from './reach';

// 4: entries keep the include graph and each file's share of the analysis (reach).
// 5: CRC-32 checksums, file names without SHA-256, warm keys and listings kept as text (a warm hit loads no node:crypto).
export const FORMAT = 5;

export interface CachedRun {
  analysis: ProjectAnalysis;
  syntaxErrors: Array<{ file: string; message: string; line: number; column: number }>;
  engine: EngineReport;
}

/** What a warm run compares without TypeScript (typed/warmCache.ts); absent when that cannot be decided. */
export interface WarmRecord {
  /** The warm inputs as text (typed/warmCache.ts), compared whole: no hash to compute on a warm run. */
  key: string;
  /** The source file names under the project root, and in the folders of recorded files outside it (as text). */
  listing: string;
  /** Stat stamp and content hash of each large key input (lock files, install records): unchanged stamp, not read. */
  inputs?: Record<string, [stamp: string, hash: string]>;
}

/**
 * What a served answer rests on, without TypeScript: the warm record and the content hash of every file the
 * analysis depends on (an entry's, and a replayed check output's: cli/checkReplay.ts).
 */
export interface Validity {
  warm: WarmRecord;
  files: Record<string, string>;
  /** Stat stamps taken with the hashes (fileStamp): a file whose stamp is unchanged is not read again. */
  stamps?: Record<string, string>;
}

/**
 * An entry as stored: its record, and the run packed (typed/packJson.ts: a large project's analysis reads in a
 * quarter of the bytes). The run is unpacked (runOf) only once the record says the entry can serve.
 */
export interface Entry {
  format: number;
  /** The key computed with TypeScript (parsed compiler options). */
  key: string;
  /** Content hash of every file the analysis depends on, by absolute path. */
  files: Record<string, string>;
  stamps?: Record<string, string>;
  warm?: WarmRecord;
  run: Packed;
  /** What a run after a change needs to re-analyse only the files it reaches (typed/reach.ts); absent: it analyses all. */
  reach?: ReachRecord;
}

export function runOf(entry: Entry): CachedRun {
  return unpack(entry.run) as CachedRun;
}

export function packRun(run: CachedRun): Packed {
  return pack(run);
}

/** The options that select an entry; every other input is checked against the entry's record. */
export interface CacheSlot {
  tsconfig: string;
  semantics?: string;
  includeResultTypes: boolean;
  /** The engine asked for ('native' | 'js' | default). */
  engine: string;
}

/** The slot of a run: one construction for both paths, so the warm path looks where the TypeScript path wrote. */
export function cacheSlot(tsconfig: string, options: { semantics?: string | undefined; includeResultTypes: boolean; engine?: string | undefined }): CacheSlot {
  return { tsconfig, ...(options.semantics ? { semantics: options.semantics } : {}), includeResultTypes: options.includeResultTypes, engine: options.engine ?? 'default' };
}

// node:crypto is required at the first hash, not at load: dist/cli.js (every CLI start) holds this module, and
// loading crypto (with the stream modules it pulls in) was ~7 ms of a validate run that never hashes, and of a warm
// check, which hashes nothing while every stat stamp holds (file names and checksums: ../checksum.ts).
let nodeCrypto: typeof import('node:crypto') | undefined;
/** Content hash (SHA-256): what decides that a file is unchanged when its stat stamp cannot. */
export const sha = (text: string | Buffer) => (nodeCrypto ??= require('node:crypto') as typeof import('node:crypto')).createHash('sha256').update(text).digest('hex');

export function nearest(start: string, name: string): string | undefined {
  for (let dir = start; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, name);
    if (fs.existsSync(candidate)) return candidate;
    if (path.dirname(dir) === dir) return undefined;
  }
}

/** The node_modules folders a require from `start` looks in, nearest first (none inside a node_modules folder itself). */
export function moduleFolders(start: string): string[] {
  const out: string[] = [];
  for (let dir = start; ; dir = path.dirname(dir)) {
    if (path.basename(dir) !== 'node_modules') out.push(path.join(dir, 'node_modules'));
    if (path.dirname(dir) === dir) return out;
  }
}

/** Each package manager's lock file (the nearest of each: a monorepo keeps its one at the top). */
const LOCK_FILES = ['package-lock.json', 'npm-shrinkwrap.json', 'yarn.lock', 'pnpm-lock.yaml', 'bun.lock', 'bun.lockb'];
/**
 * What npm, pnpm, yarn 1 and yarn 2+ (node_modules linker) write into a node_modules folder at every install that
 * changes it: an install without a lock file, or one the lock file's ranges allowed, changes these too.
 */
const INSTALL_RECORDS = ['.package-lock.json', '.modules.yaml', '.yarn-integrity', '.yarn-state.yml'];

/**
 * The installed packages (every lock file, and the install records of every node_modules folder TypeScript may
 * resolve from: the root's and its ancestors'), and the project's own manifest (package.json: "type" and "imports"
 * change how TypeScript reads and resolves the files), by content. Declaration packages' types flow into step
 * result types; a yarn or pnpm upgrade that left package-lock.json alone (or absent) must not be a hit.
 */
export function packageInputs(rootDir: string, digest: (file: string) => string | undefined = fileHash): { installed: Array<[string, string]>; manifest: string | null } {
  const installed: Array<[string, string]> = [];
  const add = (file: string): void => {
    // Absent (or unreadable: then it cannot be told apart from absent, and nothing here reads it): left out.
    const hash = digest(file);
    if (hash !== undefined) installed.push([file, hash]);
  };
  for (const name of LOCK_FILES) {
    const file = nearest(rootDir, name);
    if (file) add(file);
  }
  for (const folder of moduleFolders(rootDir)) for (const name of INSTALL_RECORDS) add(path.join(folder, name));
  const manifest = nearest(rootDir, 'package.json');
  return { installed, manifest: manifest ? digest(manifest) ?? 'unreadable' : null };
}

/** The entry's file, or undefined when the project has no node_modules folder to keep the cache in. */
export function slotFile(slot: CacheSlot): string | undefined {
  const modules = nearest(path.dirname(slot.tsconfig), 'node_modules');
  if (!modules) return undefined;
  // The entry's key holds the slot in full (typed/cache.ts), so an entry found under a colliding name is a miss.
  const id = nameHash(JSON.stringify({ format: FORMAT, tsconfig: slot.tsconfig, semantics: slot.semantics ?? null, includeResultTypes: slot.includeResultTypes, engine: slot.engine }));
  return path.join(modules, '.cache', 'awaitly-lens', `check-${id}.json`);
}

/**
 * The running build: a rebuilt awaitly-lens never reads an older build's entries. In a bundle, the size and time
 * of the CLI bundles (a warm run in dist/cli.js, the bin's first stage, replays what dist/cli-main.js rendered from
 * what dist/cli-analysis.js wrote, and all three say the same); run from the sources (tsx), those of every core
 * source file, since any of them may change the analysis.
 */
export function buildIdentity(): string {
  const files = __filename.endsWith('.ts') ? sourceFiles(path.resolve(__dirname, '..')) : ['cli.js', 'cli-main.js', 'cli-analysis.js'].map((f) => path.join(__dirname, f));
  try {
    return `${TOOL_VERSION}:${files.map((f) => {
      const s = fs.statSync(f);
      return `${s.size}:${s.mtimeMs}`;
    }).join(',')}`;
  } catch {
    return `${TOOL_VERSION}:${Date.now()}`;
  }
}

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    return e.isDirectory() ? sourceFiles(full) : e.name.endsWith('.ts') ? [full] : [];
  }).sort();
}

/**
 * The last entry read in this process, with the stat stamp of its file: a warm lookup that misses (dist/cli.js) and
 * the TypeScript path after it (dist/cli-analysis.js, another copy of this module) read the same 2 MB entry; the
 * second gets the parsed one while the file is as it was. On globalThis, as the two bundles share nothing else.
 */
const LAST_READ = Symbol.for('awaitly-lens.cache.lastEntry');
type LastRead = { file: string; stamp: string; entry: Entry };

/** The entry, or why it cannot be used. A checksum guards against a torn or edited file. Read-only for callers. */
export function readEntry(file: string): Entry | { reason: string } {
  try {
    const stamp = statStamp(file)?.stamp;
    const last = (globalThis as Record<symbol, LastRead | undefined>)[LAST_READ];
    if (stamp !== undefined && last?.file === file && last.stamp === stamp) return last.entry;
    const body = checksummedBody(fs.readFileSync(file));
    if (!body) return { reason: 'the cache entry is corrupt (checksum)' };
    const entry = JSON.parse(body.toString('utf8')) as Entry;
    if (entry.format !== FORMAT) return { reason: 'the cache entry was written for other options or versions' };
    // Kept only when the file was not written between the stat and the read (its stamp is the same after).
    if (stamp !== undefined && statStamp(file)?.stamp === stamp) (globalThis as Record<symbol, LastRead | undefined>)[LAST_READ] = { file, stamp, entry };
    return entry;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return { reason: code === 'ENOENT' ? 'no cache entry yet' : `the cache entry is unreadable: ${error instanceof Error ? error.message : String(error)}` };
  }
}

export function writeEntry(file: string, entry: Entry): void {
  writeChecksummed(file, Buffer.from(JSON.stringify(entry), 'utf8'));
}

/** Length of the checksum line that starts a cache file (8 hex digits and a newline). */
export const CHECKSUM_LINE = 9;

/**
 * The cache's file format (entries, check's stored outputs): a checksum line, then the body. Written whole to a
 * temporary file and renamed, so a reader never sees half of it; the checksum catches a torn or edited file.
 */
export function writeChecksummed(file: string, body: Buffer): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, Buffer.concat([Buffer.from(`${checksumHex(body)}\n`, 'latin1'), body]));
  fs.renameSync(tmp, file);
}

/** The body of what writeChecksummed wrote, or undefined when the checksum does not hold. */
export function checksummedBody(data: Buffer): Buffer | undefined {
  if (data.indexOf(10) !== CHECKSUM_LINE - 1) return undefined;
  const body = data.subarray(CHECKSUM_LINE);
  return data.toString('latin1', 0, CHECKSUM_LINE - 1) === checksumHex(body) ? body : undefined;
}

/** A file's content hash; undefined when it cannot be read (absent counts as changed when it reappears). */
export function fileHash(file: string): string | undefined {
  try {
    return sha(fs.readFileSync(file));
  } catch {
    return undefined;
  }
}

/**
 * A file not touched since it was hashed keeps its stat stamp (device, inode, size, modification and change times;
 * the change time moves with every write and cannot be set back), so a warm run stats it instead of
 * reading it (as git's index and ESLint's metadata cache do). A file changed within STAMP_MARGIN_MS of being
 * stamped gets no stamp: a write in the same clock tick could leave the times as they were (git's "racily clean"
 * case), so it is hashed on every run until it has been left alone that long.
 */
export const STAMP_MARGIN_MS = 2000;

function statStamp(file: string): { stamp: string; changedMs: number } | undefined {
  try {
    // Times in ms as doubles (sub-microsecond steps today; bigint stats cost twice as much for 500 files): any write
    // after a stamp moves the change time by at least STAMP_MARGIN_MS, far beyond that.
    const s = fs.statSync(file, { throwIfNoEntry: false });
    return s && { stamp: `${s.dev}:${s.ino}:${s.size}:${s.mtimeMs}:${s.ctimeMs}`, changedMs: Math.max(s.mtimeMs, s.ctimeMs) };
  } catch {
    return undefined;
  }
}

/** The stamp to record with a hash: taken before the file is read for hashing; undefined when changed too recently. */
export function fileStamp(file: string): string | undefined {
  const s = statStamp(file);
  return s && s.changedMs < Date.now() - STAMP_MARGIN_MS ? s.stamp : undefined;
}

/**
 * A file's stamp now and its content hash: the recorded hash when the stamp is the one recorded with it (the file
 * is not read), else the file's hash now. The one stamp-first rule for source files and the warm key's inputs.
 */
export function stampedHash(file: string, recorded?: { stamp: string | undefined; hash: string | undefined }): { hash: string | undefined; stamp: string | undefined } {
  const stamp = fileStamp(file);
  if (stamp !== undefined && recorded?.stamp === stamp && recorded.hash !== undefined) return { hash: recorded.hash, stamp };
  return { hash: fileHash(file), stamp };
}

/** Content hashes of the files, compared with a record: true when every one is as recorded (by stamp, else by hash). */
export function filesUnchanged(files: Record<string, string>, stamps: Record<string, string> = {}): boolean {
  for (const f in files) if (stampedHash(f, { stamp: stamps[f], hash: files[f] }).hash !== files[f]) return false;
  return true;
}
