// Keeps a ts.Program up to date across edits the way tsserver does: unchanged files are reused as-is, an
// edited file is re-parsed incrementally (only the changed span), and the previous program is passed as
// oldProgram so module resolution and structure are reused. ts-morph loads the project; this keeps it fresh.
import { ts } from './ts-util';

interface Overlay {
  text: string;
  version: number;
  sourceFile?: ts.SourceFile;
}

export class ProgramHost {
  private program: ts.Program;
  private readonly overlays = new Map<string, Overlay>();
  private readonly removed = new Set<string>();
  private rootNames: string[];
  private dirty = false;
  private readonly host: ts.CompilerHost;

  constructor(initial: ts.Program, private readonly options: ts.CompilerOptions) {
    this.program = initial;
    this.rootNames = [...initial.getRootFileNames()];
    const base = ts.createCompilerHost(options, true);
    // ts-morph serves the lib .d.ts files from its own folder; point the host there so new programs find them.
    const lib = initial.getSourceFiles().find((f) => initial.isSourceFileDefaultLibrary(f));
    const libDir = lib ? lib.fileName.slice(0, lib.fileName.lastIndexOf('/')) : base.getDefaultLibLocation?.();
    this.host = {
      ...base,
      getDefaultLibLocation: () => libDir ?? '',
      getDefaultLibFileName: (o) => (libDir ? `${libDir}/${ts.getDefaultLibFileName(o)}` : base.getDefaultLibFileName(o)),
      fileExists: (f) => (this.overlays.has(f) ? true : this.removed.has(f) ? false : base.fileExists(f)),
      readFile: (f) => this.overlays.get(f)?.text ?? (this.removed.has(f) ? undefined : base.readFile(f)),
      getSourceFile: (fileName, languageVersion, onError, shouldCreate) => {
        const overlay = this.overlays.get(fileName);
        if (overlay) return (overlay.sourceFile ??= this.parse(fileName, overlay.text, languageVersion));
        if (this.removed.has(fileName)) return undefined;
        // Unchanged files: hand back the previous program's object so TypeScript reuses it (and its binding).
        return this.program.getSourceFile(fileName) ?? base.getSourceFile(fileName, languageVersion, onError, shouldCreate);
      },
    };
  }

  private parse(fileName: string, text: string, languageVersion: ts.ScriptTarget | ts.CreateSourceFileOptions): ts.SourceFile {
    const old = this.program.getSourceFile(fileName);
    if (old) {
      const range = changeRange(old.text, text);
      return ts.updateSourceFile(old, text, range);
    }
    return ts.createSourceFile(fileName, text, languageVersion, true);
  }

  update(fileName: string, text: string): void {
    const prev = this.overlays.get(fileName);
    if (prev?.text === text) return;
    this.overlays.set(fileName, { text, version: (prev?.version ?? 0) + 1 });
    this.removed.delete(fileName);
    // A new array, never push: the previous program holds the old array, and createProgram compares
    // root names against it to decide whether the structure can be reused (a pushed file was never added).
    if (!this.rootNames.includes(fileName)) this.rootNames = [...this.rootNames, fileName];
    this.dirty = true;
  }

  /** A file read from disk becomes a root (a partial program turned whole: project.ts). */
  addRoot(fileName: string): void {
    if (this.rootNames.includes(fileName)) return;
    this.rootNames = [...this.rootNames, fileName];
    this.dirty = true;
  }

  remove(fileName: string): void {
    this.overlays.delete(fileName);
    this.removed.add(fileName);
    this.rootNames = this.rootNames.filter((f) => f !== fileName);
    this.dirty = true;
  }

  current(): ts.Program {
    if (this.dirty) {
      this.program = ts.createProgram({ rootNames: this.rootNames, options: this.options, host: this.host, oldProgram: this.program });
      // Parsed overlays now belong to the program; the next edit parses against them.
      for (const o of this.overlays.values()) o.sourceFile = undefined;
      this.dirty = false;
    }
    return this.program;
  }
}

/** The edited span between two texts: common prefix and suffix removed. */
function changeRange(oldText: string, newText: string): ts.TextChangeRange {
  let start = 0;
  const max = Math.min(oldText.length, newText.length);
  while (start < max && oldText.charCodeAt(start) === newText.charCodeAt(start)) start++;
  let endOld = oldText.length;
  let endNew = newText.length;
  while (endOld > start && endNew > start && oldText.charCodeAt(endOld - 1) === newText.charCodeAt(endNew - 1)) {
    endOld--;
    endNew--;
  }
  return ts.createTextChangeRange(ts.createTextSpan(start, endOld - start), endNew - start);
}
