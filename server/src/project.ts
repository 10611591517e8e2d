// One analysis project per workspace folder (and per loose folder for files outside every workspace folder),
// kept in sync with the open documents: an edit goes to AnalysisProject.updateFile, which drops the cached
// results of that file and of every file whose analysis read it, and nothing else.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createAnalysisProject, type AnalysisProject, type FileAnalysis, type ProjectAnalysis, type WorkflowInfo } from '../../core/src/analysis';
import { LOCK_FILE_NAME, parseLock, type LockFile } from '../../core/src/hash';
import { LensSettings } from './protocol/settings';
import { SnapshotIndex } from './snapshots';
import { errorMessage } from './convert';

export interface Logger {
  info(message: string): void;
  error(message: string): void;
}

/** Text of open documents by absolute path; the disk is read only for files that are not open. */
export type Overlay = (file: string) => string | undefined;

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
   * diagnostics, snapshot definitionHash). Made on first use; kept in sync with the same edits; analysed lazily.
   */
  private typedProject: AnalysisProject | undefined;
  private typedResult: ProjectAnalysis | undefined;
  private lockState: LockState | undefined;
  /** Text the analysis currently holds for files that were opened (to revert to disk on close). */
  private readonly synced = new Map<string, string>();
  readonly snapshots: SnapshotIndex;
  /** Bumped on every change of the code: caches derived from the workflows compare it. */
  generation = 0;

  constructor(
    readonly rootDir: string,
    public settings: LensSettings,
    private readonly overlay: Overlay,
    private readonly log: Logger,
    /** A folder guessed for files outside every workspace folder: its disk is not searched for snapshots. */
    readonly loose = false,
  ) {
    this.snapshots = new SnapshotIndex(this, overlay, log);
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
    if (reload && (this.analysisProject || this.typedProject)) {
      this.analysisProject = undefined;
      this.projectResult = undefined;
      this.typedProject = undefined;
      this.typedResult = undefined;
      this.generation++;
    }
  }

  get analysis(): AnalysisProject {
    if (!this.analysisProject) {
      const started = Date.now();
      this.analysisProject = this.createProject(false);
      // Open documents win over the disk.
      for (const [file, text] of this.synced) this.analysisProject.updateFile(file, text);
      this.log.info(`awaitly-lens: loaded ${this.rootDir} in ${Date.now() - started} ms`);
    }
    return this.analysisProject;
  }

  /** The analysis with step result types (definition hashes). */
  get typed(): AnalysisProject {
    if (!this.typedProject) {
      const started = Date.now();
      this.typedProject = this.createProject(true);
      for (const [file, text] of this.synced) this.typedProject.updateFile(file, text);
      this.log.info(`awaitly-lens: loaded ${this.rootDir} for definition hashes in ${Date.now() - started} ms`);
    }
    return this.typedProject;
  }

  private createProject(includeResultTypes: boolean): AnalysisProject {
    const configured = this.settings.tsconfig ? path.resolve(this.rootDir, this.settings.tsconfig) : undefined;
    if (configured) {
      try {
        return createAnalysisProject({ tsconfig: configured, includeResultTypes });
      } catch (e) {
        this.log.error(`awaitly-lens: cannot use tsconfig ${configured}: ${errorMessage(e)}; analysing the folder's files instead`);
      }
    }
    try {
      return createAnalysisProject({ rootDir: this.rootDir, includeResultTypes });
    } catch (e) {
      // A broken tsconfig.json in the folder: fall back to the files themselves.
      this.log.error(`awaitly-lens: cannot load ${this.rootDir}: ${errorMessage(e)}; analysing open files only`);
      const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'awaitly-lens-empty-'));
      return createAnalysisProject({ rootDir: empty, includeResultTypes });
    }
  }

  /** An open or edited document's text. Returns the files whose analysis must be redone (the file and its dependents). */
  updateFile(file: string, text: string): string[] {
    if (this.synced.get(file) === text) return [];
    this.synced.set(file, text);
    this.typedProject?.updateFile(file, text);
    this.typedResult = undefined;
    if (!this.analysisProject) return [file];
    this.projectResult = undefined;
    this.generation++;
    return this.analysisProject.updateFile(file, text);
  }

  /** Apply a change to both analyses (the typed one only if it exists); returns what the rules' analysis dropped. */
  private both(change: (p: AnalysisProject) => string[]): string[] {
    this.projectResult = undefined;
    this.typedResult = undefined;
    this.generation++;
    if (this.typedProject) change(this.typedProject);
    return this.analysisProject ? change(this.analysisProject) : [];
  }

  /** A document closed: the analysis goes back to the file on disk (or forgets a file never saved). */
  closeFile(file: string): string[] {
    if (!this.synced.delete(file) || (!this.analysisProject && !this.typedProject)) return [];
    let text: string | undefined;
    try {
      text = fs.readFileSync(file, 'utf8');
    } catch {
      return this.both((p) => p.removeFile(file));
    }
    return this.both((p) => p.updateFile(file, text));
  }

  /** A file changed on disk while not open (git checkout, code generation). */
  diskChanged(file: string, deleted: boolean): string[] {
    if (this.synced.has(file) || (!this.analysisProject && !this.typedProject)) return [];
    if (deleted) return this.both((p) => p.removeFile(file));
    let text: string;
    try {
      text = fs.readFileSync(file, 'utf8');
    } catch {
      return this.both((p) => p.removeFile(file));
    }
    return this.both((p) => p.updateFile(file, text));
  }

  analyzeFile(file: string): FileAnalysis {
    return this.analysis.analyzeFile(file);
  }

  /** Every workflow of the folder (cached per file by the core; only changed files are analysed again). */
  project(): ProjectAnalysis {
    this.projectResult ??= this.analysis.analyzeProject();
    return this.projectResult;
  }

  workflows(): WorkflowInfo[] {
    return this.project().workflows;
  }

  /** analyzeFile with step result types: what definitionHash, stepSignatures and the lock need. Costs the checker. */
  typedFile(file: string): FileAnalysis {
    return this.typed.analyzeFile(file);
  }

  typedProjectAnalysis(): ProjectAnalysis {
    this.typedResult ??= this.typed.analyzeProject();
    return this.typedResult;
  }

  typedWorkflows(): WorkflowInfo[] {
    return this.typedProjectAnalysis().workflows;
  }

  lockPath(): string {
    return path.resolve(this.rootDir, this.settings.lockFile || LOCK_FILE_NAME);
  }

  lock(): LockState {
    if (this.lockState) return this.lockState;
    const file = this.lockPath();
    let text = this.overlay(file);
    if (text === undefined) {
      try {
        text = fs.readFileSync(file, 'utf8');
      } catch {
        text = undefined;
      }
    }
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

/** Workspace folders and the loose folders of files outside them. */
export class Workspace {
  private folders: FolderProject[] = [];
  private readonly loose = new Map<string, FolderProject>();

  constructor(
    private readonly overlay: Overlay,
    private readonly log: Logger,
  ) {}

  setFolders(dirs: string[]): FolderProject[] {
    const keep = new Map(this.folders.map((f) => [f.rootDir, f]));
    this.folders = dirs.map((d) => keep.get(path.resolve(d)) ?? new FolderProject(path.resolve(d), LensSettings.from({}), this.overlay, this.log));
    // Longest first: a nested folder wins over its parent.
    this.folders.sort((a, b) => b.rootDir.length - a.rootDir.length);
    return this.folders;
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
      loose = new FolderProject(root, LensSettings.from({}), this.overlay, this.log, true);
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
