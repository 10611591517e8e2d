// Turns command-line operands into the list of files to check: `-` is standard input, files are
// taken as named, directories are walked for *.json. Output is sorted by reported path.
import * as fs from 'node:fs';
import * as path from 'node:path';

export interface InputFile {
  /** Absolute path, or '-' for standard input. */
  path: string;
  /** The path as reported: relative to the working directory, with '/' separators. */
  display: string;
  /** Named on the command line (always reported) rather than found by walking a directory. */
  explicit: boolean;
}

/** An operand that could not be read (missing file, unreadable directory, ...). */
export interface InputProblem {
  display: string;
  message: string;
}

export const STDIN_PATH = '-';
export const STDIN_DISPLAY = '<stdin>';

/** Folder names never entered while walking (dot-folders are skipped too). */
const SKIPPED_DIRECTORIES = new Set(['node_modules']);

export function displayPath(absolute: string, cwd: string): string {
  const relative = path.relative(cwd, absolute);
  // A path on another Windows drive has no relative form; report it absolute.
  const shown = relative === '' ? '.' : relative;
  return path.sep === '/' ? shown : shown.split(path.sep).join('/');
}

export function collectInputs(operands: readonly string[], cwd: string): { files: InputFile[]; problems: InputProblem[] } {
  const byPath = new Map<string, InputFile>();
  const problems: InputProblem[] = [];
  const add = (file: InputFile): void => {
    const existing = byPath.get(file.path);
    // A file both named and found in a walked folder counts as named.
    if (existing === undefined || (file.explicit && !existing.explicit)) byPath.set(file.path, file);
  };

  for (const operand of operands) {
    if (operand === STDIN_PATH) {
      add({ path: STDIN_PATH, display: STDIN_DISPLAY, explicit: true });
      continue;
    }
    const absolute = path.resolve(cwd, operand);
    let stat: fs.Stats;
    try {
      stat = fs.statSync(absolute);
    } catch (error) {
      problems.push({ display: operand, message: describeFsError(error) });
      continue;
    }
    if (stat.isDirectory()) walk(absolute, displayPath(absolute, cwd), add, problems);
    else add({ path: absolute, display: displayPath(absolute, cwd), explicit: true });
  }

  const files = [...byPath.values()].sort((a, b) => compareCodeUnits(a.display, b.display));
  return { files, problems };
}

/** `display` is the directory's reported path; children's are built by concatenation (10,000 files). */
function walk(directory: string, display: string, add: (file: InputFile) => void, problems: InputProblem[]): void {
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(directory, { withFileTypes: true });
  } catch (error) {
    problems.push({ display, message: describeFsError(error) });
    return;
  }
  const prefix = display === '.' ? '' : display.endsWith('/') ? display : `${display}/`;
  const base = directory.endsWith(path.sep) ? directory : directory + path.sep; // '/' itself ends with one
  for (const entry of entries) {
    const name = entry.name;
    const full = base + name;
    if (entry.isDirectory()) {
      if (!name.startsWith('.') && !SKIPPED_DIRECTORIES.has(name)) walk(full, prefix + name, add, problems);
      continue;
    }
    if (!name.toLowerCase().endsWith('.json')) continue;
    if (entry.isFile() || (entry.isSymbolicLink() && isFile(full))) {
      // Symbolic links to files are followed; links to folders are not (no cycles to guard against).
      add({ path: full, display: prefix + name, explicit: false });
    }
  }
}

function isFile(file: string): boolean {
  try {
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
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
