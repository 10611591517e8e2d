// Loading dist/cli-analysis.js (15 MB, TypeScript inside) costs most of a second, most of it compiling. Node 20 has
// no module.enableCompileCache, so the CLI compiles that bundle itself with V8's code cache (vm.Script cachedData):
// the first run writes what V8 compiled, later runs of the same build start from it. The CLI's own bundle
// (dist/cli-main.js, from the bin) and the language server's load the same way. The cache lives in the user's
// cache folder ($XDG_CACHE_HOME or ~/.cache, awaitly-lens/), never in the workspace: cached data is code, and a
// workspace is not trusted to provide it. Keyed by the bundle's path, size, times and inode and by the Node version
// (V8 itself checks only the source's length: a file rewritten with its size and modification time kept must still
// miss, and its change time, which no one can set, sees to that); checksummed; data V8 rejects is replaced.
// Whatever goes wrong here, the bundle is loaded as usual.
import { isAscii } from 'node:buffer';
import * as fs from 'node:fs';
import Module, { createRequire } from 'node:module';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vm from 'node:vm';
import { checksum, nameHash } from '../checksum';

const PREFIX = 'v8d-';
// Entries in earlier formats (an MD5 line, then the data; a JS checksum and names), removed when an entry is written.
const LEGACY_PREFIXES = ['v8-code-', 'v8c-'];

interface InternalModule {
  _cache: Record<string, Module>;
  _nodeModulePaths(dir: string): string[];
  wrap(source: string): string;
}

function cacheDir(): string {
  return path.join(process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache'), 'awaitly-lens');
}

// The entry: 'alc1', the body's checksum (uint32, little-endian), then the body at offset 8.
const MAGIC = 0x31636c61;
const HEADER = 8;

/**
 * Entries the folder keeps. There is one per bundle path and Node, and every install in another place adds one (each
 * version of the VS Code extension has a folder of its own, and its server's entry is ~15 MB): beyond this many,
 * the least recently used go when an entry is written.
 */
export const MAX_ENTRIES = 12;
/** A hit marks its entry used (its modification time) at most once a day: the newest times are the entries in use. */
const TOUCH_AFTER_MS = 24 * 60 * 60 * 1000;
/** A temporary file this old was left by a writer that died before its rename. */
const STALE_TMP_MS = 60 * 60 * 1000;

function readCached(file: string): Buffer | undefined {
  try {
    const data = fs.readFileSync(file);
    const body = data.subarray(HEADER);
    if (!(data.length > HEADER && data.readUInt32LE(0) === MAGIC && data.readUInt32LE(4) === checksum(body))) return undefined;
    const now = Date.now();
    if (now - fs.statSync(file).mtimeMs > TOUCH_AFTER_MS) fs.utimesSync(file, now / 1000, now / 1000);
    return body;
  } catch {
    return undefined;
  }
}

/** `group`: the file-name prefix of this bundle's entries (its path and Node), whatever the build. */
function writeCached(file: string, group: string, script: vm.Script): void {
  try {
    // The folder first: where it cannot be written, V8 is not asked to serialise 10 MB for nothing.
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const data = script.createCachedData();
    // Entries of earlier builds of this bundle (same path and Node) go: one per bundle is enough. Other bundles'
    // entries stay (the CLI's and the language server's would otherwise evict each other on every start), up to
    // MAX_ENTRIES in all.
    const dir = path.dirname(file);
    const others: { file: string; used: number }[] = [];
    const now = Date.now();
    for (const f of fs.readdirSync(dir)) {
      const full = path.join(dir, f);
      if (full === file) continue;
      if (f.startsWith(group) || LEGACY_PREFIXES.some((p) => f.startsWith(p))) fs.rmSync(full, { force: true });
      else if (f.startsWith(PREFIX)) {
        const used = fs.statSync(full, { throwIfNoEntry: false })?.mtimeMs;
        if (used === undefined) continue;
        if (f.endsWith('.bin')) others.push({ file: full, used });
        else if (f.endsWith('.tmp') && now - used > STALE_TMP_MS) fs.rmSync(full, { force: true });
      }
    }
    others.sort((a, b) => a.used - b.used);
    for (const old of others.slice(0, Math.max(0, others.length - (MAX_ENTRIES - 1)))) fs.rmSync(old.file, { force: true });
    const header = Buffer.alloc(HEADER);
    header.writeUInt32LE(MAGIC, 0);
    header.writeUInt32LE(checksum(data), 4);
    const tmp = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, Buffer.concat([header, data]));
    fs.renameSync(tmp, file);
  } catch {
    // No cache this time.
  }
}

/**
 * The bundle's text. Our bundles are ASCII (esbuild.mjs sees to it), and ASCII read as Latin-1 is the same text
 * without UTF-8 decoding: for the 15 MB bundles, ~4-40 ms instead of ~90-280 ms here.
 */
function readSource(file: string): string {
  const bytes = fs.readFileSync(file);
  return isAscii(bytes) ? bytes.toString('latin1') : bytes.toString('utf8');
}

/**
 * require(file), compiled with V8's code cache. The cache is written at exit by default, so the functions the run
 * compiled are in it too; a long-lived process (the language server, whose editor may kill it rather than let it
 * exit) also writes it `saveAfterMs` after the load, once.
 */
export function requireWithCodeCache(file: string, options: { saveAfterMs?: number } = {}): unknown {
  const M = Module as unknown as InternalModule;
  const known = M._cache[file];
  if (known) return known.exports;
  let stat: fs.Stats;
  let source: string;
  try {
    stat = fs.statSync(file);
    source = readSource(file);
  } catch {
    return require(file);
  }
  // <prefix><bundle path and Node>-<this build>.bin
  const group = `${PREFIX}${nameHash(JSON.stringify([file, process.version, process.arch]))}-`;
  const cacheFile = path.join(cacheDir(), `${group}${nameHash(JSON.stringify([stat.size, stat.mtimeMs, stat.ctimeMs, stat.ino]))}.bin`);
  const cachedData = readCached(cacheFile);
  const script = new vm.Script(M.wrap(source), {
    filename: file,
    ...(cachedData ? { cachedData } : {}),
    importModuleDynamically: vm.constants.USE_MAIN_CONTEXT_DEFAULT_LOADER,
  });
  // At exit, so that the functions this run compiled (the analysis it did) are in the data too.
  if (!cachedData || script.cachedDataRejected) {
    let saved = false;
    const save = () => {
      if (!saved) writeCached(cacheFile, group, script);
      saved = true;
    };
    process.once('exit', save);
    if (options.saveAfterMs !== undefined) setTimeout(save, options.saveAfterMs).unref();
  }
  const m = new Module(file);
  m.filename = file;
  m.paths = M._nodeModulePaths(path.dirname(file));
  M._cache[file] = m;
  try {
    const wrapper = script.runInThisContext() as (exports: unknown, require: NodeRequire, module: Module, filename: string, dirname: string) => void;
    wrapper.call(m.exports, m.exports, createRequire(file), m, file, path.dirname(file));
  } catch (error) {
    delete M._cache[file];
    throw error;
  }
  m.loaded = true;
  return m.exports;
}
