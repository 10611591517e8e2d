// Snapshot files named on a command line or in settings: files as named, folders walked for *.json, globs
// ("snapshots/**/*.json") expanded with tinyglobby (folders by a walk of their own, below). node_modules and
// dot-folders are never entered.
// The CLI, the language server and the extension's tests list files through here.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { SnapshotSource, SourceItem } from './types';

// tinyglobby (with fdir and picomatch, ~10 ms to load) is required only when a glob is expanded
// (`require`, not import(): esbuild keeps it lazy in the CJS bundles).
const tinyglobby = (): typeof import('tinyglobby') => require('tinyglobby') as typeof import('tinyglobby');

export interface InputFile {
  /** Absolute path, or '-' for standard input. */
  path: string;
  /** The path as reported: relative to the working directory, with '/' separators. */
  display: string;
  /** Named on the command line (always reported) rather than found in a folder or by a glob. */
  explicit: boolean;
}

/** An operand that could not be read (missing file, unreadable directory, a glob that matches nothing). */
export interface InputProblem {
  display: string;
  message: string;
}

export const STDIN_PATH = '-';
export const STDIN_DISPLAY = '<stdin>';

const IGNORED = ['**/node_modules/**', '**/.*/**'];
const GLOB_CHARS = /[*?[{]/;

export function isGlob(operand: string): boolean {
  return GLOB_CHARS.test(operand);
}

export function displayPath(absolute: string, cwd: string): string {
  const relative = path.relative(cwd, absolute);
  // A path on another Windows drive has no relative form; report it absolute.
  const shown = relative === '' ? '.' : relative;
  return path.sep === '/' ? shown : shown.split(path.sep).join('/');
}

/** Deterministic, locale-independent order. */
export function compareCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** "no such file or directory" rather than "ENOENT: no such file or directory, stat '/abs/x'". */
export function describeFsError(error: unknown): string {
  const e = error as NodeJS.ErrnoException;
  switch (e?.code) {
    case 'ENOENT':
      return 'no such file or directory';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EISDIR':
      return 'is a directory';
    case 'ENOTDIR':
      return 'not a directory';
    default:
      return e instanceof Error ? e.message : String(error);
  }
}

/**
 * Files for the operands, sorted by reported path: `-` (standard input), files (explicit), folders (every
 * *.json under them) and globs (the files they match). A file both named and found counts as named.
 */
export function listSnapshotFiles(operands: readonly string[], cwd: string): { files: InputFile[]; problems: InputProblem[] } {
  const found: InputFile[] = [];
  const problems: InputProblem[] = [];
  // One folder (or file) comes out of the walk in order already; globs and several operands are sorted here.
  let inOrder = operands.length === 1;
  // One operand lists each file once (a walk follows no link to a folder); several may overlap.
  const add = (file: InputFile): void => void found.push(file);
  for (const operand of operands) {
    if (operand === STDIN_PATH) {
      add({ path: STDIN_PATH, display: STDIN_DISPLAY, explicit: true });
      continue;
    }
    const absolute = path.resolve(cwd, operand);
    if (isGlob(operand) && !fs.existsSync(absolute)) {
      inOrder = false;
      const matched = expandGlob(operand, cwd);
      if ('message' in matched) problems.push(matched);
      else for (const file of matched) add({ path: file, display: displayPath(file, cwd), explicit: false });
      continue;
    }
    let stat: fs.Stats;
    try {
      stat = fs.statSync(absolute);
    } catch (error) {
      problems.push({ display: operand, message: describeFsError(error) });
      continue;
    }
    if (stat.isDirectory()) {
      const shown = displayPath(absolute, cwd);
      try {
        walkJsonFiles(absolute, shown === '.' ? '' : `${shown}/`, (file, display) => add({ path: file, display, explicit: false }));
      } catch (error) {
        problems.push({ display: shown, message: describeFsError(error) });
        continue;
      }
    } else add({ path: absolute, display: displayPath(absolute, cwd), explicit: true });
  }
  return { files: operands.length > 1 ? onePerPath(found) : inOrder ? found : found.sort(byDisplay), problems };
}

const byDisplay = (a: InputFile, b: InputFile): number => compareCodeUnits(a.display, b.display);

/** Operands can overlap (a folder and a file in it): each path once, and named if any operand named it. */
function onePerPath(found: readonly InputFile[]): InputFile[] {
  const byPath = new Map<string, InputFile>();
  for (const file of found) {
    const existing = byPath.get(file.path);
    if (existing === undefined || (file.explicit && !existing.explicit)) byPath.set(file.path, file);
  }
  return [...byPath.values()].sort(byDisplay);
}

/** Files matching settings-style globs relative to a folder (the language server's snapshotGlobs). */
export function globFiles(globs: readonly string[], rootDir: string): string[] {
  if (globs.length > 0 && globs.every((g) => g === ALL_JSON)) {
    const files: string[] = [];
    try {
      walkJsonFiles(path.resolve(rootDir), '', (file) => files.push(file));
    } catch {
      return [];
    }
    return files;
  }
  // Links to files are followed, links to folders are not: without following, fdir drops file links too, so
  // follow and then keep only files whose folders are real (no link on the way from rootDir).
  let realRoot: string;
  try {
    realRoot = fs.realpathSync.native(rootDir);
  } catch {
    return [];
  }
  const found = tinyglobby().globSync([...globs], { cwd: rootDir, absolute: true, ignore: IGNORED, dot: true, followSymbolicLinks: true, caseSensitiveMatch: false, expandDirectories: false });
  // Checked once per folder, not per file: a folder of 10,000 snapshots costs one realpath and one readdir.
  const folders = new Map<string, FolderEntries | undefined>();
  const files: string[] = [];
  for (const match of found) {
    const file = path.resolve(match);
    const dir = path.dirname(file);
    let folder = folders.get(dir);
    if (!folders.has(dir)) {
      folder = realFolder(dir, rootDir, realRoot) ? regularFiles(dir) : undefined;
      folders.set(dir, folder);
    }
    if (folder === undefined) continue;
    // A regular file as the folder listed it needs no stat; a link (or a file that appeared since) does.
    if (folder.has(path.basename(file)) || isFile(file)) files.push(file);
  }
  return files;
}

const ALL_JSON = '**/*.json';
const JSON_NAME = /\.json$/i;

/**
 * Every *.json under a folder, as the pattern ALL_JSON through tinyglobby lists them (any case, dot-files
 * included, node_modules and dot-folders skipped, links to files followed, links to folders not), for
 * folder operands and the default snapshotGlobs. The directory entries' types answer the link rule, so
 * 10,000 files in 100 folders cost 100 readdirs; tinyglobby matched each path against the pattern and
 * needed a stat and a realpath per file (most of `validate`'s time on such a folder). The root's readdir
 * error is thrown (the caller names the operand); a subfolder that cannot be read is skipped, as fdir does.
 */
function walkJsonFiles(dir: string, display: string, onFile: (file: string, display: string) => void, root = true): void {
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch (error) {
    if (root) throw error;
    return;
  }
  const prefix = dir.endsWith(path.sep) ? dir : dir + path.sep;
  // In the order of the reported paths (a folder's entries follow it as `name/…`): sorting each folder's names is
  // cheaper than sorting the whole list of joined paths afterwards (10,000 files: ~10 ms of validate).
  entries.sort(byWalkOrder);
  for (const entry of entries) {
    const name = entry.name;
    if (entry.isDirectory()) {
      if (name !== 'node_modules' && name.charCodeAt(0) !== 0x2e /* . */) walkJsonFiles(prefix + name, `${display}${name}/`, onFile, false);
    } else if (JSON_NAME.test(name) && (entry.isFile() || (entry.isSymbolicLink() && isFile(prefix + name)))) {
      onFile(prefix + name, display + name);
    }
  }
}

/** Directory entries by the code units of the path they start: a folder `a` as `a/`, so `a-b.json` comes before it. */
function byWalkOrder(a: fs.Dirent, b: fs.Dirent): number {
  return compareCodeUnits(a.isDirectory() ? `${a.name}/` : a.name, b.isDirectory() ? `${b.name}/` : b.name);
}

type FolderEntries = ReadonlySet<string>;

/** The names of a folder's regular files (no links), from one readdir. */
function regularFiles(dir: string): FolderEntries {
  try {
    const names = new Set<string>();
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) if (entry.isFile()) names.add(entry.name);
    return names;
  } catch {
    return new Set();
  }
}

function realFolder(dir: string, rootDir: string, realRoot: string): boolean {
  try {
    return fs.realpathSync.native(dir) === path.join(realRoot, path.relative(rootDir, dir));
  } catch {
    return false;
  }
}

function expandGlob(glob: string, cwd: string): string[] | InputProblem {
  const absolute = path.resolve(cwd, glob).split(path.sep).join('/');
  const segments = absolute.split('/');
  const firstGlob = segments.findIndex((s) => GLOB_CHARS.test(s));
  const base = segments.slice(0, firstGlob).join('/') || '/';
  if (!isDirectory(base)) return { display: glob, message: `no such directory: ${displayPath(base, cwd)}` };
  const files = globFiles([segments.slice(firstGlob).join('/')], base);
  if (files.length === 0) return { display: glob, message: 'the pattern matches no file' };
  return files;
}

/** Files as a source of entries: each file's text, read when the stream reaches it. */
export function fileSource(operands: readonly string[], cwd: string): SnapshotSource {
  return {
    name: operands.join(' '),
    async *entries(): AsyncIterable<SourceItem> {
      const { files, problems } = listSnapshotFiles(operands, cwd);
      for (const p of problems) yield { type: 'problem', where: p.display, message: p.message, fatal: false };
      for (const file of files) {
        if (file.path === STDIN_PATH) continue;
        let text: string;
        let updatedAt: string | undefined;
        try {
          text = fs.readFileSync(file.path, 'utf8');
          updatedAt = fs.statSync(file.path).mtime.toISOString();
        } catch (error) {
          yield { type: 'problem', where: file.display, message: `cannot read: ${describeFsError(error)}`, fatal: false };
          continue;
        }
        yield { type: 'entry', id: file.display, text, ...(updatedAt ? { updatedAt } : {}), origin: { kind: 'file', ...file } };
      }
    },
    async close() {},
  };
}

function isFile(p: string): boolean {
  try {
    return fs.statSync(p).isFile();
  } catch {
    return false;
  }
}

function isDirectory(p: string): boolean {
  try {
    return fs.statSync(p).isDirectory();
  } catch {
    return false;
  }
}
