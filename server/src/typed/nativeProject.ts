// The typed project of the language server on TypeScript 7's native checker: the rules' analysis (no result
// types) plus a NativeEngine kept open, its snapshot updated with the edited files' text, asked for the result
// types of the workflows an analysis returns. Falls back to the JS API (types inline) where the native package
// does not load (the .vsix carries no node_modules) or the folder has no tsconfig.json; the log says which ran.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { AnalysisProject, FileAnalysis, ProjectAnalysis, SyntaxProblem } from '../../../core/src/analysis';
import { fillResultTypes } from '../../../core/src/typed/engine';
import { loadNative, NativeEngine } from '../../../core/src/typed/nativeEngine';
import { ts } from '../../../core/src/analysis/ts-util';
import { openAnalysisProject, type ProjectSource } from '../openProject';

export interface OpenedTyped {
  project: AnalysisProject;
  /** Which engine gives the result types, for the log: `TypeScript 7.0.2 (native)` or the JS API and why. */
  engine: string;
}

export function openTypedProject(source: ProjectSource, logError: (message: string) => void): OpenedTyped {
  const js = (why: string): OpenedTyped => ({ project: openAnalysisProject(source, true, logError), engine: `TypeScript ${ts.version} (JS API; ${why})` });
  if (process.env.AWAITLY_LENS_ENGINE === 'js') return js('AWAITLY_LENS_ENGINE=js');
  const tsconfig = source.tsconfig ? path.resolve(source.rootDir, source.tsconfig) : path.join(source.rootDir, 'tsconfig.json');
  if (!fs.existsSync(tsconfig)) return js('the native engine needs a tsconfig.json');
  const native = loadNative();
  if ('error' in native) return js(native.error);
  const overlay = new Map<string, string | null>();
  let engine: NativeEngine;
  try {
    engine = new NativeEngine(native, { tsconfig, overlay });
  } catch (e) {
    return js(`TypeScript 7 could not open ${tsconfig}: ${e instanceof Error ? e.message : String(e)}`);
  }
  const fallback = () => openAnalysisProject(source, true, logError);
  return { project: new NativeTypedProject(openAnalysisProject(source, false, logError), engine, overlay, fallback, logError), engine: engine.compiler };
}

class NativeTypedProject implements AnalysisProject {
  private readonly dirty = new Set<string>();
  /** The JS API project that took over after TypeScript 7 failed (its process died, say). */
  private js: AnalysisProject | undefined;

  constructor(
    private readonly rules: AnalysisProject,
    private readonly engine: NativeEngine,
    private readonly overlay: Map<string, string | null>,
    private readonly openJs: () => AnalysisProject,
    private readonly logError: (message: string) => void,
  ) {}

  get rootDir(): string {
    return this.rules.rootDir;
  }

  get semantics() {
    return this.rules.semantics;
  }

  updateFile(filePath: string, text: string): string[] {
    if (this.js) return this.js.updateFile(filePath, text);
    const file = path.resolve(filePath);
    this.overlay.set(file, text);
    this.dirty.add(file);
    return this.rules.updateFile(file, text);
  }

  removeFile(filePath: string): string[] {
    if (this.js) return this.js.removeFile(filePath);
    const file = path.resolve(filePath);
    this.overlay.set(file, null);
    this.dirty.add(file);
    return this.rules.removeFile(file);
  }

  /** Result types are asked again on every call: a type can change through any file the workflow imports. */
  analyzeFile(filePath: string): FileAnalysis {
    if (this.js) return this.js.analyzeFile(filePath);
    const result = this.rules.analyzeFile(filePath);
    return this.typed(result.workflows) ? result : this.js!.analyzeFile(filePath);
  }

  analyzeProject(): ProjectAnalysis {
    if (this.js) return this.js.analyzeProject();
    const result = this.rules.analyzeProject();
    return this.typed(result.workflows) ? result : this.js!.analyzeProject();
  }

  sourceFiles(): string[] {
    return this.rules.sourceFiles();
  }

  syntaxErrors(): SyntaxProblem[] {
    return this.rules.syntaxErrors();
  }

  /** False when TypeScript 7 failed: the JS API takes over (with the edits so far) and the log says so. */
  private typed(workflows: FileAnalysis['workflows']): boolean {
    try {
      if (this.dirty.size) {
        this.engine.changed([...this.dirty]);
        this.dirty.clear();
      }
      fillResultTypes(workflows, this.engine);
      return true;
    } catch (e) {
      this.logError(`awaitly-lens: TypeScript 7 failed (${e instanceof Error ? e.message : String(e)}); result types from TypeScript ${ts.version} (JS API) from now on`);
      try {
        this.engine.dispose();
      } catch {
        // The process is gone already.
      }
      const js = this.openJs();
      for (const [file, text] of this.overlay) {
        if (text === null) js.removeFile(file);
        else js.updateFile(file, text);
      }
      this.js = js;
      return false;
    }
  }
}
