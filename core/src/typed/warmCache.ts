// The warm path of the check cache, without TypeScript: a run with nothing changed is answered from the entry by
// code in dist/cli-main.js (or its stored output replayed by dist/cli.js, the bin's first stage), before the 15 MB
// analysis bundle (TypeScript inside) is loaded. What the TypeScript key
// reads (compiler options parsed from the tsconfig, the file list its include gives) is replaced by its inputs:
// the texts of the tsconfig and its `extends` chain, the lock file, the build, the awaitly semantics, the native
// compiler's package, and the names of the source files under the project root (an added file the include
// could match is a miss). Whatever cannot be decided here (include reaching outside the project folder,
// references, a symlinked folder, an `extends` that is not a plain file) gives no warm record: the run takes the
// TypeScript path. A false miss costs one normal run; a false hit is never allowed.
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { detectSemantics } from '../analysis/semantics';
import { buildIdentity, fileHash, filesUnchanged, FORMAT, moduleFolders, packageInputs, readEntry, runOf, slotFile, stampedHash, type CachedRun, type CacheSlot, type Validity, type WarmRecord } from './cacheFile';

const SOURCE_EXT = /\.(ts|tsx|mts|cts|js|jsx|mjs|cjs)$/i;
const SOURCE_OR_JSON_EXT = /\.(ts|tsx|mts|cts|js|jsx|mjs|cjs|json)$/i;
const MAX_EXTENDS = 16;

/** What the warm key covers, computed before the analysis so that an edit during it makes the next run a miss. */
export interface WarmInputs {
  /** The inputs as JSON text (stored and compared whole: a hash of it would load node:crypto on every warm run). */
  key: string;
  /** Stamp and hash of each large input read for the key (WarmRecord.inputs). */
  digests: Record<string, [string, string]>;
  root: string;
  sourceExt: RegExp;
  /** Source file names under the root (relative, sorted). */
  tree: string[];
}

interface Chain {
  /** Each config file of the chain with its text (read anyway to parse it; small). */
  texts: Array<[string, string]>;
  /** Any include or files entry names .json files (then they are part of the listing too). */
  json: boolean;
}

/** The tsconfig and its `extends` chain, or undefined when something in it cannot be decided without TypeScript. */
function readChain(tsconfig: string, root: string): Chain | undefined {
  const chain: Chain = { texts: [], json: false };
  const visit = (file: string): boolean => {
    if (chain.texts.length >= MAX_EXTENDS || chain.texts.some(([f]) => f === file)) return false;
    let text: string;
    try {
      text = fs.readFileSync(file, 'utf8');
    } catch {
      return false;
    }
    chain.texts.push([file, text]);
    const config = parseConfig(text) as Record<string, unknown> | undefined;
    if (typeof config !== 'object' || config === null || Array.isArray(config)) return false;
    if (Array.isArray(config.references) && config.references.length) return false;
    const dir = path.dirname(file);
    for (const field of ['include', 'files'] as const) {
      const list = config[field];
      if (list === undefined) continue;
      if (!Array.isArray(list)) return false;
      for (const p of list) {
        if (typeof p !== 'string' || !insideRoot(path.resolve(dir, p), root)) return false;
        if (/json/i.test(p)) chain.json = true;
      }
    }
    if (!lookupsInsideRoot(config.compilerOptions, dir, root)) return false;
    const ext = config.extends;
    const bases = ext === undefined ? [] : Array.isArray(ext) ? ext : [ext];
    for (const spec of bases) {
      const base = typeof spec === 'string' ? resolveExtends(spec, dir) : undefined;
      if (!base || !visit(base)) return false;
    }
    return true;
  };
  // With no include and no files, TypeScript's default is every file under the root: what the listing covers.
  return visit(tsconfig) ? chain : undefined;
}

/**
 * A config's value, or undefined when it does not parse. Plain JSON first; comments and trailing commas (as
 * tsconfig files allow) through jsonc-parser, required only then (its module set-up is a few ms of a warm run; in
 * dist/cli.js, the bin's first stage, it is its own bundle, dist/cli-jsonc.js: esbuild.mjs).
 */
function parseConfig(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    const jsonc = require('jsonc-parser') as typeof import('jsonc-parser');
    const errors: import('jsonc-parser').ParseError[] = [];
    const value = jsonc.parse(text, errors, { allowTrailingComma: true });
    return errors.length ? undefined : value;
  }
}

/** A path under the root (or the root itself): its relative path, else undefined. */
function underRoot(resolved: string, root: string): string | undefined {
  // The usual case, an absolute normalised path below the root, without path.relative's normalising (500 files).
  if (resolved.length > root.length + 1 && resolved.startsWith(root) && resolved[root.length] === path.sep && path.isAbsolute(resolved) && !/[\\/]\.\.?(?:[\\/]|$)|[\\/]{2}/.test(resolved)) return resolved.slice(root.length + 1);
  const rel = path.relative(root, resolved);
  return rel.startsWith('..') || path.isAbsolute(rel) ? undefined : rel;
}

/** A segment (between path.sep) named node_modules, or a dot folder's ('.' and '..' are not). */
const SEP = path.sep === '/' ? '/' : '\\\\';
const MODULES_OR_DOT_SEGMENT = new RegExp(`(?:^|${SEP})(?:node_modules(?:${SEP}|$)|\\.(?!\\.?(?:${SEP}|$)))`);

/**
 * A pattern's fixed part (before the first wildcard) inside the root, and no segment into a dot folder or
 * node_modules. (One regular expression rather than a split: a replay asks for each of 500 recorded files.)
 */
function insideRoot(resolved: string, root: string): boolean {
  const rel = underRoot(resolved, root);
  return rel !== undefined && !MODULES_OR_DOT_SEGMENT.test(rel);
}

/**
 * Module lookups that may try several folders in turn (baseUrl, paths, rootDirs, typeRoots): a file added in an
 * earlier one shadows the one found before. Inside the root the listing sees it; outside, it cannot be decided.
 */
function lookupsInsideRoot(options: unknown, dir: string, root: string): boolean {
  if (options === undefined) return true;
  if (typeof options !== 'object' || options === null) return false;
  const o = options as Record<string, unknown>;
  const inside = (p: unknown, base: string) => typeof p === 'string' && underRoot(path.resolve(base, p), root) !== undefined;
  if (o.baseUrl !== undefined && !inside(o.baseUrl, dir)) return false;
  const base = typeof o.baseUrl === 'string' ? path.resolve(dir, o.baseUrl) : dir;
  for (const field of ['rootDirs', 'typeRoots'] as const) {
    const list = o[field];
    if (list !== undefined && (!Array.isArray(list) || !list.every((p) => inside(p, dir)))) return false;
  }
  if (o.paths !== undefined) {
    if (typeof o.paths !== 'object' || o.paths === null) return false;
    for (const targets of Object.values(o.paths as Record<string, unknown>)) {
      if (!Array.isArray(targets) || !targets.every((p) => inside(p, base))) return false;
    }
  }
  return true;
}

/** A relative or absolute path to a file (as TypeScript reads it, .json appended when missing); a package's file in node_modules. */
function resolveExtends(spec: string, fromDir: string): string | undefined {
  const isFile = (f: string) => {
    try {
      return fs.statSync(f).isFile();
    } catch {
      return false;
    }
  };
  if (spec.startsWith('./') || spec.startsWith('../') || path.isAbsolute(spec)) {
    const p = path.resolve(fromDir, spec);
    return [p, `${p}.json`].find(isFile);
  }
  for (let dir = fromDir; ; dir = path.dirname(dir)) {
    const modules = path.join(dir, 'node_modules');
    const segments = spec.split('/');
    const pkgDir = path.join(modules, ...segments.slice(0, spec.startsWith('@') ? 2 : 1));
    if (fs.existsSync(pkgDir)) {
      // A package.json "exports" or "tsconfig" field redirects the lookup: TypeScript's business, not ours.
      try {
        const pkg = JSON.parse(fs.readFileSync(path.join(pkgDir, 'package.json'), 'utf8')) as Record<string, unknown>;
        if (pkg.exports !== undefined || pkg.tsconfig !== undefined) return undefined;
      } catch {
        // no package.json: plain files
      }
      const p = path.join(modules, ...segments);
      return [p, `${p}.json`, path.join(p, 'tsconfig.json')].find(isFile);
    }
    if (path.dirname(dir) === dir) return undefined;
  }
}

/** Source file names under the root, skipping node_modules and dot folders; undefined at a symlinked folder. */
function listTree(root: string, ext: RegExp): string[] | undefined {
  const out: string[] = [];
  const walk = (dir: string, rel: string): boolean => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch {
      return false;
    }
    for (const e of entries) {
      if (e.name === 'node_modules' || e.name.startsWith('.')) continue;
      const r = rel ? `${rel}/${e.name}` : e.name;
      let isDir = e.isDirectory();
      if (e.isSymbolicLink()) {
        try {
          isDir = fs.statSync(path.join(dir, e.name)).isDirectory();
        } catch {
          isDir = false;
        }
        if (isDir) return false;
      }
      if (isDir) {
        if (!walk(path.join(dir, e.name), r)) return false;
      } else if (ext.test(e.name)) out.push(r);
    }
    return true;
  };
  return walk(root, '') ? out.sort() : undefined;
}

/**
 * The native compiler's package as installed next to this build (its version decides the types it gives). The
 * node_modules folders up from this file are looked in first, as require would (its exports map names
 * ./package.json as itself): require.resolve's package-exports machinery was a tenth of a warm run. Only when
 * none holds it does require decide (NODE_PATH, global folders).
 */
export function nativePackage(digest: (file: string) => string | undefined = fileHash): string {
  for (const folder of moduleFolders(__dirname)) {
    // undefined: not in this node_modules folder
    const hash = digest(path.join(folder, 'typescript-native', 'package.json'));
    if (hash !== undefined) return hash;
  }
  try {
    return digest(createRequire(__filename).resolve('typescript-native/package.json')) ?? 'absent';
  } catch {
    return 'absent';
  }
}

/**
 * Content hashes of key inputs, stamp first (cacheFile.ts stampedHash, as for source files): a warm run hashes
 * nothing while nothing was written. `digests` gets the stamp and hash of each, for the record.
 */
function stampedDigest(recorded: WarmRecord['inputs'], digests: Record<string, [string, string]>): (file: string) => string | undefined {
  return (file) => {
    const known = recorded?.[file];
    const { hash, stamp } = stampedHash(file, known && { stamp: known[0], hash: known[1] });
    if (hash !== undefined && stamp !== undefined) digests[file] = [stamp, hash];
    return hash;
  };
}

/** The warm inputs now; `recorded`: the record compared with (its input stamps spare reading unchanged files). */
export function warmInputs(slot: CacheSlot, recorded?: WarmRecord): WarmInputs | undefined {
  const root = path.dirname(slot.tsconfig);
  const chain = readChain(slot.tsconfig, root);
  if (!chain) return undefined;
  const sourceExt = chain.json ? SOURCE_OR_JSON_EXT : SOURCE_EXT;
  const tree = listTree(root, sourceExt);
  if (!tree) return undefined;
  const digests: Record<string, [string, string]> = {};
  const digest = stampedDigest(recorded?.inputs, digests);
  const key = JSON.stringify({
    format: FORMAT,
    build: buildIdentity(),
    slot,
    configs: chain.texts,
    semantics: detectSemantics(root, slot.semantics as never),
    ...packageInputs(root, digest),
    native: slot.includeResultTypes && slot.engine !== 'js' ? nativePackage(digest) : null,
  });
  return { key, digests, root, sourceExt, tree };
}

/** The listing as text: the tree, and the folders of recorded files outside the root (a new file there may shadow one). */
function listing(inputs: WarmInputs, files: Iterable<string>): string {
  const outside = new Set<string>();
  for (const f of files) if (!insideRoot(f, inputs.root)) outside.add(path.dirname(f));
  const dirs: Array<[string, string[]]> = [];
  for (const dir of [...outside].sort()) {
    try {
      dirs.push([dir, fs.readdirSync(dir).filter((n) => inputs.sourceExt.test(n)).sort()]);
    } catch {
      dirs.push([dir, []]);
    }
  }
  return JSON.stringify([inputs.tree, dirs]);
}

/** The warm record stored with an entry (inputs taken before the analysis ran). */
export function warmRecord(inputs: WarmInputs | undefined, files: Iterable<string>): WarmRecord | undefined {
  return inputs ? { key: inputs.key, listing: listing(inputs, files), inputs: inputs.digests } : undefined;
}

/** The record still holds for the files as they are now: same warm inputs, same listing, same contents. */
export function stillValid(slot: CacheSlot, validity: Validity): boolean {
  const inputs = warmInputs(slot, validity.warm);
  if (!inputs || inputs.key !== validity.warm.key) return false;
  if (listing(inputs, Object.keys(validity.files)) !== validity.warm.listing) return false;
  return filesUnchanged(validity.files, validity.stamps);
}

/** A hit, served without TypeScript, with what it rests on; or undefined (the TypeScript path decides and says why). */
export function warmLookup(slot: CacheSlot): { run: CachedRun; validity: Validity } | undefined {
  const file = slotFile(slot);
  if (!file) return undefined;
  const entry = readEntry(file);
  if ('reason' in entry || !entry.warm) return undefined;
  const validity = { warm: entry.warm, files: entry.files, ...(entry.stamps ? { stamps: entry.stamps } : {}) };
  return stillValid(slot, validity) ? { run: runOf(entry), validity } : undefined;
}
