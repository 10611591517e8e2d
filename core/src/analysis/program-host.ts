// Keeps a ts.Program up to date across edits the way tsserver does: unchanged files are reused as-is, an
// edited file is re-parsed incrementally (only the changed span), and the previous program is passed as
// oldProgram so module resolution and structure are reused.
//
// It also loads the project (ProgramHost.open), with the raw compiler API rather than a ts-morph Project: ts-morph
// parses every file with JSDoc (it has no way to pass TypeScript's jsDocParsingMode), and the declaration files
// a project loads (lib, @types/node, awaitly's) are mostly JSDoc. The analysis never reads JSDoc and JSDoc in
// TypeScript files has no effect on types, so files are parsed as tsc parses them for type information
// (ParseForTypeInfo: JSDoc only in JavaScript files, where it carries types). On the example workspace that is
// ~35% less parse time. The lib files are ts-morph's (the ones its TypeScript ships, served from memory at the
// same paths a ts-morph Project gives them), so the program is the one a ts-morph Project would build.
import { getLibFiles, libFolderInMemoryPath } from '@ts-morph/common';
import { ts } from './ts-util';
import { changedSpans, sameEnds, type ChangedSpan } from '../text';

interface Overlay {
  text: string;
  version: number;
  sourceFile?: ts.SourceFile;
}

let libTexts: Map<string, string> | undefined;
/** ts-morph's lib .d.ts files by path (its TypeScript's own; no lib folder exists on disk in a bundle). */
function libFile(fileName: string): string | undefined {
  libTexts ??= new Map(getLibFiles().map((f) => [`${libFolderInMemoryPath}/${f.fileName}`, f.text]));
  return libTexts.get(fileName);
}

/** What a source file was parsed for (createProgram asks per file): a prepared file is used only for the same. */
function parseKey(v: ts.ScriptTarget | ts.CreateSourceFileOptions): string {
  return typeof v === 'object' ? `${v.languageVersion}:${v.impliedNodeFormat ?? ''}:${v.jsDocParsingMode ?? ''}` : `${v}`;
}

export class ProgramHost {
  private program: ts.Program | undefined;
  /** Programs built whose files or imports differ from the one before (see structure). */
  private structures = 0;
  private readonly overlays = new Map<string, Overlay>();
  /** Files parsed (and maybe bound) ahead of the program that will hold them (prepare), with their text. */
  private readonly prepared = new Map<string, { sf: ts.SourceFile; key: string }>();
  private readonly removed = new Set<string>();
  private rootNames: string[];
  private dirty = false;
  private readonly host: ts.CompilerHost;

  /** The project's first program, parsed for type information (see above). */
  static open(rootNames: readonly string[], options: ts.CompilerOptions): ProgramHost {
    const host = new ProgramHost(rootNames, options);
    host.current();
    return host;
  }

  /** `initial`: a program to go on from (its lib folder is kept), or the root names of a program still to build. */
  constructor(initial: ts.Program | readonly string[], private readonly options: ts.CompilerOptions) {
    const start = isProgram(initial) ? initial : undefined;
    this.program = start;
    this.rootNames = start ? [...start.getRootFileNames()] : [...initial as readonly string[]];
    // Files are parsed without parent pointers, as tsc parses them: the binder sets them, and the analysis reads no
    // node before the checker has bound the program (ProjectImpl asks for the checker first). Saves a walk of each
    // tree. An edited file is parsed with them (parse below; an incremental parse always sets them).
    const base = ts.createCompilerHost(options, false);
    const lib = start?.getSourceFiles().find((f) => start.isSourceFileDefaultLibrary(f));
    const libDir = start ? (lib ? lib.fileName.slice(0, lib.fileName.lastIndexOf('/')) : base.getDefaultLibLocation?.()) : libFolderInMemoryPath;
    const memoryLib = (f: string) => (f.startsWith(libFolderInMemoryPath) ? libFile(f) : undefined);
    this.host = {
      ...base,
      jsDocParsingMode: ts.JSDocParsingMode.ParseForTypeInfo,
      getDefaultLibLocation: () => libDir ?? '',
      getDefaultLibFileName: (o) => (libDir ? `${libDir}/${ts.getDefaultLibFileName(o)}` : base.getDefaultLibFileName(o)),
      fileExists: (f) => (this.overlays.has(f) ? true : this.removed.has(f) ? false : memoryLib(f) !== undefined || base.fileExists(f)),
      readFile: (f) => this.overlays.get(f)?.text ?? (this.removed.has(f) ? undefined : (memoryLib(f) ?? base.readFile(f))),
      getSourceFile: (fileName, languageVersion, onError, shouldCreate) => {
        const overlay = this.overlays.get(fileName);
        if (overlay) return (overlay.sourceFile ??= this.parse(fileName, overlay.text, languageVersion));
        if (this.removed.has(fileName)) return undefined;
        // Unchanged files: hand back the previous program's object so TypeScript reuses it (and its binding).
        const known = this.program?.getSourceFile(fileName);
        if (known) return known;
        const text = memoryLib(fileName);
        if (text !== undefined) return ts.createSourceFile(fileName, text, languageVersion, false);
        const ready = this.prepared.get(fileName);
        if (ready) {
          this.prepared.delete(fileName);
          // Used only if parsed for the same and the disk still holds that text.
          if (ready.key === parseKey(languageVersion) && base.readFile(fileName) === ready.sf.text) return ready.sf;
        }
        return base.getSourceFile(fileName, languageVersion, onError, shouldCreate);
      },
    };
  }

  /**
   * Parses, then binds, some of `files` (with what they import) that the program does not hold yet, for about
   * `budgetMs`: a program made later with them as roots takes these source files as they are (one whose disk text
   * changed meanwhile is parsed again), and the checker does not bind them again. So a partial program can be made
   * whole in slices, between requests (the language server's idle widening). True when nothing is left to do.
   */
  prepare(files: readonly string[], budgetMs: number): boolean {
    const started = performance.now();
    const spent = () => performance.now() - started >= budgetMs;
    const todo = files.filter((f) => !this.prepared.has(f) && !this.overlays.has(f) && !this.program?.getSourceFile(f));
    // A throwaway program per few files: TypeScript decides how each file is parsed (its module format) and which
    // files they import; every source file it gets that the program does not hold is kept.
    const keeping: ts.CompilerHost = {
      ...this.host,
      getSourceFile: (fileName, languageVersion, onError, shouldCreate) => {
        // Imported again by a later chunk: kept as it is (the program that takes it checks its text then), not read
        // from disk and compared once per importer.
        const ready = this.prepared.get(fileName);
        if (ready?.key === parseKey(languageVersion)) return ready.sf;
        const sf = this.host.getSourceFile(fileName, languageVersion, onError, shouldCreate);
        if (sf && !this.program?.getSourceFile(fileName) && !this.overlays.has(fileName) && !fileName.startsWith(libFolderInMemoryPath)) {
          this.prepared.set(fileName, { sf, key: parseKey(languageVersion) });
        }
        return sf;
      },
    };
    for (let i = 0; i < todo.length; i += 8) {
      if (spent()) return false;
      ts.createProgram({ rootNames: todo.slice(i, i + 8).filter((f) => !this.prepared.has(f)), options: this.options, host: keeping });
    }
    // The binder's own entry (what the checker runs on each file it has not bound): TypeScript exports it, untyped.
    const bind = (ts as unknown as { bindSourceFile?: (sf: ts.SourceFile, options: ts.CompilerOptions) => void }).bindSourceFile;
    if (!bind) return true;
    for (const { sf } of this.prepared.values()) {
      if ((sf as { locals?: unknown }).locals) continue;
      if (spent()) return false;
      bind(sf, this.options);
    }
    return true;
  }

  private parse(fileName: string, text: string, languageVersion: ts.ScriptTarget | ts.CreateSourceFileOptions): ts.SourceFile {
    const old = this.program?.getSourceFile(fileName);
    if (old) return updateInPlaces(old, text);
    return ts.createSourceFile(fileName, text, languageVersion, true);
  }

  update(fileName: string, text: string): void {
    const prev = this.overlays.get(fileName);
    if (prev?.text === text) return;
    // A root opened with the text the program already holds (an editor opening a saved file): no new program.
    if (!prev && !this.dirty && this.program?.getSourceFile(fileName)?.text === text && this.rootNames.includes(fileName)) {
      this.overlays.set(fileName, { text, version: 1 });
      return;
    }
    this.overlays.set(fileName, { text, version: (prev?.version ?? 0) + 1 });
    this.prepared.delete(fileName);
    this.removed.delete(fileName);
    // A new array, never push: the previous program holds the old array, and createProgram compares
    // root names against it to decide whether the structure can be reused (a pushed file was never added).
    if (!this.rootNames.includes(fileName)) this.rootNames = [...this.rootNames, fileName];
    this.dirty = true;
  }

  /** Files read from disk become roots (a partial program growing or turned whole: project.ts). */
  addRoots(fileNames: readonly string[]): void {
    const roots = new Set(this.rootNames);
    const added = fileNames.filter((f) => !roots.has(f) && roots.add(f));
    if (added.length === 0) return;
    this.rootNames = [...this.rootNames, ...added];
    this.dirty = true;
  }

  remove(fileName: string): void {
    this.overlays.delete(fileName);
    this.prepared.delete(fileName);
    this.removed.add(fileName);
    this.rootNames = this.rootNames.filter((f) => f !== fileName);
    this.dirty = true;
  }

  /** The text an edit gave a file; undefined when none did, or it was removed. */
  textOf(fileName: string): string | undefined {
    return this.removed.has(fileName) ? undefined : this.overlays.get(fileName)?.text;
  }

  /** Changes when a program is built whose files or imports differ: between two changes, the include graph is one. */
  get structure(): number {
    return this.structures;
  }

  /** The last program built (without building one for pending edits), if any. */
  built(): ts.Program | undefined {
    return this.program;
  }

  current(): ts.Program {
    if (this.dirty || !this.program) {
      const old = this.program;
      this.program = ts.createProgram({ rootNames: this.rootNames, options: this.options, host: this.host, oldProgram: old });
      // TypeScript reuses the old program's structure "completely" (2) when no file's imports or references changed.
      if (!old || (this.program as { structureIsReused?: number }).structureIsReused !== 2) this.structures++;
      // Parsed overlays now belong to the program; the next edit parses against them.
      for (const o of this.overlays.values()) o.sourceFile = undefined;
      this.dirty = false;
    }
    return this.program;
  }
}

function isProgram(x: ts.Program | readonly string[]): x is ts.Program {
  return !Array.isArray(x);
}

// Each update costs TypeScript a pass over the file (moving the nodes past the change, finding reusable ones): ~3-5 ms
// on a 2,000-line workflow; parsing a range again ~0.5 ms per kB. So places closer than MERGE_GAP are one change, and
// past MAX_PLACES the edit is one range from the first change to the last (measured on the bench's 2,000-line file:
// 2 places 11.8 ms one at a time against 34.8 as one range, 16 places 91 against 70).
const MERGE_GAP = 4096;
const MAX_PLACES = 8;

/** The changes TypeScript is handed for an edit (see above), in order. */
function placesOf(oldText: string, newText: string): ChangedSpan[] {
  const places: ChangedSpan[] = [];
  for (const c of changedSpans(oldText, newText)) {
    const last = places[places.length - 1];
    if (last && c.start - last.oldEnd < MERGE_GAP) places[places.length - 1] = { ...last, oldEnd: c.oldEnd, newEnd: c.newEnd };
    else places.push(c);
  }
  if (places.length <= MAX_PLACES) return places;
  return [{ start: places[0]!.start, oldEnd: places[places.length - 1]!.oldEnd, newStart: places[0]!.newStart, newEnd: places[places.length - 1]!.newEnd }];
}

/**
 * The old file updated to `text` one changed place at a time, as an editor sends them. One range from the first
 * change to the last (an undo that restores a line near the top and changes one far below) made TypeScript parse
 * everything between them again; each place alone re-parses only around it.
 */
function updateInPlaces(old: ts.SourceFile, text: string): ts.SourceFile {
  const places = placesOf(old.text, text);
  let sf = old;
  places.forEach((c, i) => {
    // Before this place the text is already the new one; after it, still the old one.
    const next = i === places.length - 1 ? text : text.slice(0, c.newEnd) + old.text.slice(c.oldEnd);
    const { prefix, suffix } = sameEnds(old.text, text, c.start, c.oldEnd, c.newStart, c.newEnd);
    const start = c.newStart + prefix;
    sf = ts.updateSourceFile(sf, next, ts.createTextChangeRange(ts.createTextSpan(start, c.oldEnd - suffix - (c.start + prefix)), c.newEnd - suffix - start));
  });
  return sf;
}
