// One analysis project per workspace folder (and per loose folder for files outside every workspace folder),
// kept in sync with the open documents: an edit goes to AnalysisProject.updateFile, which drops the cached
// results of that file and of every file whose analysis read it, and nothing else.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Position } from 'vscode-languageserver/node';
import type { AnalysisProject, FileAnalysis, FirstProgram, ProjectAnalysis, StepAlone, WorkflowInfo } from '../../core/src/analysis';
import { LOCK_FILE_NAME, parseLock, type LockFile } from '../../core/src/hash';
import { stepSite, typedCopies } from '../../core/src/typed/engine';
import { LensSettings } from './protocol/settings';
import { SnapshotIndex } from './snapshots';
import type { Logger, Overlay } from './host';
import { openAnalysisProject } from './openProject';
import { createTypedAnalysis, type TypedAnalysis } from './typed/typedAnalysis';

export type { Logger, Overlay } from './host';

const SOURCE_EXT = /\.(ts|tsx|mts|cts|js|jsx|mjs|cjs)$/;

export function isSourceFile(file: string): boolean {
  return SOURCE_EXT.test(file) && !file.endsWith('.d.ts');
}

export function isJsonFile(file: string): boolean {
  return /\.jsonc?$/i.test(file);
}

export interface LockState {
  path: string;
  exists: boolean;
  lock?: LockFile;
  error?: string;
}

export class FolderProject {
  /** The analysis the rules, diagnostics and navigation read: no step result types (they cost the checker most of an edit). */
  private analysisProject: AnalysisProject | undefined;
  private projectResult: ProjectAnalysis | undefined;
  /**
   * A second analysis with step result types, for definition hashes only (lock status, code lens, lock
   * diagnostics, snapshot definitionHash), in a worker thread. Made on first use; kept in sync with the same
   * edits; analysed lazily.
   */
  private typedAnalysis: TypedAnalysis | undefined;
  private typedResult: { generation: number; value: Promise<ProjectAnalysis>; done?: ProjectAnalysis } | undefined;
  private lockState: LockState | undefined;
  /** Text the analysis currently holds for files that were opened (to revert to disk on close). */
  private readonly synced = new Map<string, string>();
  readonly snapshots: SnapshotIndex;
  /** Bumped on every change of the code: caches derived from the workflows compare it. */
  generation = 0;
  /** Told the files whose results a widening dropped (their open documents are published again: the session sets it). */
  onWidened: (dropped: string[]) => void = () => {};

  constructor(
    readonly rootDir: string,
    public settings: LensSettings,
    private readonly overlay: Overlay,
    private readonly log: Logger,
    /** A folder guessed for files outside every workspace folder: its disk is not searched for snapshots. */
    readonly loose = false,
    /** True when the client reports file changes: the disk is then not searched again on a timer. */
    watching: () => boolean = () => false,
  ) {
    this.snapshots = new SnapshotIndex(this, overlay, log, watching);
  }

  contains(file: string): boolean {
    const rel = path.relative(this.rootDir, file);
    return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
  }

  /** Apply new settings; a different tsconfig means a new program. */
  applySettings(settings: LensSettings): void {
    const reload = settings.tsconfig !== this.settings.tsconfig;
    this.settings = settings;
    this.lockState = undefined;
    this.snapshots.invalidate();
    if (reload && (this.analysisProject || this.typedAnalysis)) {
      this.analysisProject = undefined;
      this.projectResult = undefined;
      this.typedAnalysis?.dispose();
      this.typedAnalysis = undefined;
      this.typedResult = undefined;
      this.generation++;
    }
  }

  /** True while the rules' analysis holds only the open documents and what they import (see `analysis`). */
  get partial(): boolean {
    return this.analysisProject !== undefined && !this.analysisProject.whole;
  }

  /** Slices of work done ahead of widen() (widening.ts), for its log line. */
  private preparing = { ms: 0, slices: 0, longest: 0 };

  /** Some of widen()'s work, for about `budgetMs` (see AnalysisProject.prepareWiden). True when none is left. */
  prepareWiden(budgetMs: number): boolean {
    if (!this.partial) return true;
    const started = performance.now();
    try {
      return this.analysisProject!.prepareWiden(budgetMs);
    } finally {
      const ms = performance.now() - started;
      this.preparing.ms += ms;
      this.preparing.slices++;
      this.preparing.longest = Math.max(this.preparing.longest, ms);
    }
  }

  /** Every file of the folder joins the rules' analysis (when idle: widening.ts; or first thing in project()). */
  widen(): void {
    if (!this.partial) return;
    const project = this.analysisProject!;
    const started = Date.now();
    const dropped = project.widen();
    // The typed worker opened at the same files: it takes the rest of the project too (on the other core meanwhile).
    this.typedAnalysis?.widen();
    this.projectResult = undefined;
    this.generation++;
    // The whole program is built here (the first open file analysed again), so the log says what it took.
    const first = this.synced.keys().next();
    if (!first.done) project.analyzeFile(first.value);
    const { ms, slices, longest } = this.preparing;
    const ahead = slices ? `; parsed and bound beforehand in ${slices} slices, ${Math.round(ms)} ms in all, the longest ${Math.round(longest)} ms` : '';
    this.log.info(`awaitly-lens: the rest of ${this.rootDir} joined the analysis in ${Date.now() - started} ms (${project.sourceFiles().length} source files${ahead})`);
    this.preparing = { ms: 0, slices: 0, longest: 0 };
    this.onWidened(dropped);
  }

  /** The typed worker owes answers (the lens or lock findings wait on it). */
  typedPending(): boolean {
    return this.typedAnalysis?.pending() ?? false;
  }

  /** The typed-analysis worker's heap (undefined when none runs). */
  typedHeap(): Promise<number | undefined> {
    return this.typedAnalysis ? this.typedAnalysis.heapUsed() : Promise.resolve(undefined);
  }

  /** The folder left the workspace: stop its worker. */
  dispose(): void {
    this.typedAnalysis?.dispose();
    this.typedAnalysis = undefined;
    this.typedResult = undefined;
  }

  get analysis(): AnalysisProject {
    if (!this.analysisProject) {
      // Code lenses and lock diagnostics will want definition hashes: the worker opens its checker on the other core
      // while this thread loads the project for the rules, at the same first files (told just before they are
      // parsed), or at the whole project.
      let warmed = false;
      const warm = (first?: FirstProgram) => {
        warmed = true;
        this.typed.warm(first);
      };
      if (this.synced.size === 0) warm();
      const started = Date.now();
      // Rooted at the open documents: their diagnostics and lenses come without the rest of the project, which
      // joins when the server is idle (widening.ts) or a question about the whole folder comes first.
      this.analysisProject = openAnalysisProject({ rootDir: this.rootDir, tsconfig: this.settings.tsconfig }, false, (m) => this.log.error(m), [...this.synced.keys()], warm);
      if (!warmed) warm();
      // Open documents win over the disk.
      for (const [file, text] of this.synced) this.analysisProject.updateFile(file, text);
      this.log.info(`awaitly-lens: loaded ${this.rootDir} in ${Date.now() - started} ms${this.analysisProject.whole ? '' : ` (its ${this.synced.size} open file(s) and what they import; the rest when idle)`}`);
    }
    return this.analysisProject;
  }

  /** The analysis with step result types (definition hashes), in its worker. */
  private get typed(): TypedAnalysis {
    this.typedAnalysis ??= createTypedAnalysis({ rootDir: this.rootDir, tsconfig: this.settings.tsconfig }, this.synced, this.log);
    return this.typedAnalysis;
  }

  /** An open or edited document's text. Returns the files whose analysis must be redone (the file and its dependents). */
  updateFile(file: string, text: string): string[] {
    if (this.synced.get(file) === text) return [];
    this.synced.set(file, text);
    this.typedAnalysis?.updateFile(file, text);
    this.typedResult = undefined;
    if (!this.analysisProject) return [file];
    this.projectResult = undefined;
    this.generation++;
    return this.analysisProject.updateFile(file, text);
  }

  /** Apply a change (new text, or undefined: removed) to both analyses (the typed one only if it exists); returns what the rules' analysis dropped. */
  private both(file: string, text: string | undefined): string[] {
    this.projectResult = undefined;
    this.typedResult = undefined;
    this.generation++;
    if (text === undefined) this.typedAnalysis?.removeFile(file);
    else this.typedAnalysis?.updateFile(file, text);
    if (!this.analysisProject) return [];
    return text === undefined ? this.analysisProject.removeFile(file) : this.analysisProject.updateFile(file, text);
  }

  /** A document closed: the analysis goes back to the file on disk (or forgets a file never saved). */
  closeFile(file: string): string[] {
    if (!this.synced.delete(file) || (!this.analysisProject && !this.typedAnalysis)) return [];
    return this.both(file, readText(file));
  }

  /** A file changed on disk while not open (git checkout, code generation). */
  diskChanged(file: string, deleted: boolean): string[] {
    if (this.synced.has(file) || (!this.analysisProject && !this.typedAnalysis)) return [];
    return this.both(file, deleted ? undefined : readText(file));
  }

  analyzeFile(file: string): FileAnalysis {
    return this.analysis.analyzeFile(file);
  }

  /** The step of the file's own workflows at an LSP position (analysis.stepAt: built alone when the file is not analysed yet). */
  stepAt(file: string, position: Position): StepAlone | undefined {
    return this.analysis.stepAt(file, position.line + 1, position.character + 1);
  }

  /** Every workflow of the folder (cached per file by the core; only changed files are analysed again). */
  project(): ProjectAnalysis {
    // A question about the whole folder before the idle widening: it happens now, so the open files are published
    // again from the whole program as after an idle one.
    if (this.partial) this.widen();
    this.projectResult ??= this.analysis.analyzeProject();
    return this.projectResult;
  }

  workflows(): WorkflowInfo[] {
    return this.project().workflows;
  }

  /** analyzeFile with step result types: what definitionHash, stepSignatures and the lock need. Costs the checker (in the worker). */
  typedFile(file: string): Promise<FileAnalysis> {
    return this.typedCopy(this.analyzeFile(file), file);
  }

  typedProjectAnalysis(): Promise<ProjectAnalysis> {
    if (this.typedResult?.generation !== this.generation) {
      const entry: NonNullable<FolderProject['typedResult']> = { generation: this.generation, value: this.typedCopy(this.project(), null) };
      entry.value.then((v) => { entry.done = v; }, () => { if (this.typedResult === entry) this.typedResult = undefined; });
      this.typedResult = entry;
    }
    return this.typedResult.value;
  }

  /**
   * A copy of the rules' result with its steps' result types, asked of the worker for the sites the rules found
   * (the worker has had every edit made before this call, so it answers for the same text).
   */
  private async typedCopy<T extends { workflows: WorkflowInfo[] }>(rules: T, scope: string | null): Promise<T> {
    const sites = rules.workflows.flatMap((w) => w.steps.map(stepSite));
    const answer = sites.length ? await this.typed.resultTypes(sites, scope) : { types: [], compiler: '' };
    return { ...rules, workflows: typedCopies(rules.workflows, answer.types, answer.compiler) };
  }

  async typedWorkflows(): Promise<WorkflowInfo[]> {
    return (await this.typedProjectAnalysis()).workflows;
  }

  /** The typed workflows of the whole folder if already computed for the current code, else undefined (nothing is started). */
  typedWorkflowsIfReady(): WorkflowInfo[] | undefined {
    return this.typedResult?.generation === this.generation ? this.typedResult.done?.workflows : undefined;
  }

  lockPath(): string {
    return path.resolve(this.rootDir, this.settings.lockFile || LOCK_FILE_NAME);
  }

  lock(): LockState {
    if (this.lockState) return this.lockState;
    const file = this.lockPath();
    const text = this.overlay(file) ?? readText(file);
    if (text === undefined) this.lockState = { path: file, exists: false };
    else {
      try {
        this.lockState = { path: file, exists: true, lock: parseLock(text) };
      } catch (e) {
        this.lockState = { path: file, exists: true, error: e instanceof Error ? e.message : String(e) };
      }
    }
    return this.lockState;
  }

  invalidateLock(): void {
    this.lockState = undefined;
  }
}

/** A file's text, or undefined when it cannot be read (deleted, never saved). */
function readText(file: string): string | undefined {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

/** Workspace folders and the loose folders of files outside them. */
export class Workspace {
  private folders: FolderProject[] = [];
  private readonly loose = new Map<string, FolderProject>();
  /** Set when the client reports file changes (didChangeWatchedFiles); every folder's snapshot index reads it. */
  watching = false;
  /** Given to each folder (FolderProject.onWidened). */
  onWidened: (dropped: string[]) => void = () => {};
  private readonly isWatching = () => this.watching;

  constructor(
    private readonly overlay: Overlay,
    private readonly log: Logger,
  ) {}

  setFolders(dirs: string[]): FolderProject[] {
    const keep = new Map(this.folders.map((f) => [f.rootDir, f]));
    this.folders = dirs.map((d) => keep.get(path.resolve(d)) ?? this.made(new FolderProject(path.resolve(d), LensSettings.from({}), this.overlay, this.log, false, this.isWatching)));
    for (const f of keep.values()) if (!this.folders.includes(f)) f.dispose();
    // Longest first: a nested folder wins over its parent.
    this.folders.sort((a, b) => b.rootDir.length - a.rootDir.length);
    return this.folders;
  }

  private made(folder: FolderProject): FolderProject {
    folder.onWidened = (dropped) => this.onWidened(dropped);
    return folder;
  }

  all(): FolderProject[] {
    return [...this.folders, ...this.loose.values()];
  }

  folderFor(file: string): FolderProject {
    const hit = this.folders.find((f) => f.contains(file));
    if (hit) return hit;
    const root = nearestProjectRoot(path.dirname(file));
    let loose = this.loose.get(root);
    if (!loose) {
      loose = this.made(new FolderProject(root, LensSettings.from({}), this.overlay, this.log, true, this.isWatching));
      this.loose.set(root, loose);
    }
    return loose;
  }
}

/** For a file outside every workspace folder: the nearest folder with a tsconfig.json or package.json, else its own folder. */
function nearestProjectRoot(dir: string): string {
  for (let d = dir; ; d = path.dirname(d)) {
    if (fs.existsSync(path.join(d, 'tsconfig.json')) || fs.existsSync(path.join(d, 'package.json'))) return d;
    if (path.dirname(d) === d) return dir;
  }
}
