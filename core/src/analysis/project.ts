// The incremental entry point the language server and CLI use: a TypeScript program (program-host.ts), results cached per file
// as plain data, and invalidation of a file plus every file whose analysis read it.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { globSync } from 'tinyglobby';
import type { AwaitlySemantics, FileAnalysis, Finding, ProjectAnalysis, WorkflowInfo } from './types';
import { detectSemantics } from './semantics';
import { EntryResolver } from './entry-points';
import { MemberNameIndex } from './member-names';
import { analyzeSourceFile, stepAt, type AnalyzeFileOptions } from './analyze-file';
import { stepAmong, type StepAlone } from './steps-at';
import { runRules, type RuleOptions } from './rules';
import { isProjectSource, ts } from './ts-util';
import { ProgramHost } from './program-host';
import { StepReuse, type FileSteps } from './step-reuse';
import { noWorkflowFindings } from './no-workflow';
import { actsOnOtherFiles, includeGraph, mayActOnOtherFiles, type IncludeGraph } from './include-graph';
import { timePhase } from '../timings';

/** The per-code severity settings (or 'off') for the findings produced outside the rules (entry-findings.ts, awaitly-imports.ts). */
function withSeverity(findings: readonly Finding[], options: RuleOptions | undefined): Finding[] {
  const settings = options?.severity;
  if (!settings) return [...findings];
  return findings.flatMap((f) => {
    const s = settings[f.code];
    return s === 'off' ? [] : s ? [{ ...f, severity: s }] : [f];
  });
}

export interface AnalysisProjectOptions {
  /** Path to a tsconfig.json; its files and compiler options are used. */
  tsconfig?: string;
  /** A folder of .ts/.js files analysed with default options (used when no tsconfig is given). */
  rootDir?: string;
  /**
   * With rootDir: exactly these files (none: an empty project that edits fill), default options, no tsconfig read
   * and no walk of the folder. The language server's fallback when the folder's tsconfig cannot be read: ids and
   * the awaitly line still come from the folder.
   */
  files?: readonly string[];
  /** Force 1.35 or 4.x semantics instead of reading the installed awaitly version. */
  semantics?: AwaitlySemantics['line'];
  /** Ask the checker for each step's result type (needed by the definition hash). Default true. */
  includeResultTypes?: boolean;
  rules?: RuleOptions;
  /** Analyse only some files (needs a tsconfig): see PartialProgram. */
  partial?: PartialProgram;
  /**
   * Build the first program from these files only, with every file of the project that may act on others
   * (include-graph.ts mayActOnOtherFiles): answers about them come without parsing and binding the rest. Another
   * file asked about joins the program then; analyzeProject, syntaxErrors or widen() make it whole. The language
   * server opens a folder so, at its open documents.
   */
  startWith?: readonly string[];
  /**
   * With startWith: told the first program's roots just before they are parsed (the language server's typed worker
   * opens TypeScript 7 at the same files meanwhile, so both answer for the open documents before the rest is loaded).
   */
  onFirstProgram?: (first: FirstProgram) => void;
}

/** A program opened at some files (startWith): its roots, and the project's source files (what it lists when whole). */
export interface FirstProgram {
  roots: readonly string[];
  listed: readonly string[];
}

/**
 * A program rooted at some files: only `roots` are given to TypeScript (it adds what they import, the libraries and
 * @types), and only the source files without a `reuse` result are analysed (they must be among the roots); every
 * other source file of the tsconfig takes its result from `reuse`. The caller decides for which files that is sound:
 * their text and everything they import unchanged since the result was made, and every file that acts on others
 * without being imported (include-graph.ts actsOnOtherFiles) among the roots (typed/reach.ts does this for check).
 * The project then answers as a whole program would. An edit (updateFile, removeFile) drops the reused results:
 * the project becomes a whole program.
 */
export interface PartialProgram {
  roots: readonly string[];
  reuse: ReadonlyMap<string, FileResult>;
  /** The tsconfig's source files, when the caller has listed them already (else the tsconfig is read for them). */
  sources?: readonly string[];
}

/** One source file's own part of a project analysis (what a partial program reuses for the files it leaves out). */
export interface FileResult {
  workflows: WorkflowInfo[];
  /** Findings of this file's analysis (some may be located in files it reads), without no-workflow-found. */
  findings: Finding[];
  /** Offset of the file's first step-call text (for no-workflow-found). */
  firstStepCall?: number;
  syntaxErrors: SyntaxProblem[];
}

export interface AnalysisProject {
  readonly rootDir: string;
  readonly semantics: AwaitlySemantics;
  /** Replaces a file's text (open editor buffer). Returns the files whose cached results were dropped. */
  updateFile(filePath: string, text: string): string[];
  removeFile(filePath: string): string[];
  /** Workflows run from this file, plus findings located in it (including helpers used by analysed workflows). */
  analyzeFile(filePath: string): FileAnalysis;
  analyzeProject(): ProjectAnalysis;
  /**
   * The step of this file's own workflows at a position (1-based line and column, innermost call first), with its
   * workflow's id and label: from the file's analysis when it is cached, else built alone (analyze-file.ts stepAt),
   * without analysing the whole file. Undefined when none is there (a helper's step run from another file's workflow
   * is found by analyzeProject only).
   */
  stepAt(filePath: string, line: number, column: number): StepAlone | undefined;
  /** Source files of the project that are analysed (no .d.ts, nothing under node_modules). */
  sourceFiles(): string[];
  /** Parse errors in the analysed source files (the analysis still runs on what parsed). */
  syntaxErrors(): SyntaxProblem[];
  /** False while the program holds only some of the project's files (startWith, partial). */
  readonly whole: boolean;
  /** Puts every file of the project in the program; returns the files whose cached results were dropped (all). */
  widen(): string[];
  /**
   * Does some of a widen()'s work ahead, for about `budgetMs`: parses and binds files it would add (ProgramHost.prepare),
   * so that widen() and the next answer after it only build the program. True when nothing is left (or it is whole).
   */
  prepareWiden(budgetMs: number): boolean;
}

/** A project on its own JS-API program (what createAnalysisProject gives): also what a later partial program needs. */
export interface ProgramProject extends AnalysisProject {
  /** Each source file's own part of analyzeProject() (reused ones as given), in sourceFiles() order. */
  fileResults(): Map<string, FileResult>;
  /** The current program's include graph (include-graph.ts); undefined when this TypeScript does not give it. */
  includeGraph(): IncludeGraph | undefined;
  /** The source files this project analysed itself (not reused), sorted. */
  analysedFiles(): string[];
}

export interface SyntaxProblem {
  file: string;
  message: string;
  line: number;
  column: number;
}

interface CacheEntry {
  workflows: WorkflowInfo[];
  findings: Finding[];
  dependencies: Set<string>;
  /** Offset of the file's first step-call text (for no-workflow-found). */
  firstStepCall?: number;
}

const DEFAULT_OPTIONS: ts.CompilerOptions = {
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.ESNext,
  moduleResolution: ts.ModuleResolutionKind.Bundler,
  allowJs: true,
  checkJs: false,
  strict: true,
  skipLibCheck: true,
  noEmit: true,
  esModuleInterop: true,
  resolveJsonModule: true,
};

export function createAnalysisProject(options: AnalysisProjectOptions): ProgramProject {
  if (options.tsconfig) {
    const tsconfig = path.resolve(options.tsconfig);
    const rootDir = path.dirname(tsconfig);
    const parsed = readTsconfig(tsconfig);
    const partial = options.partial;
    if (partial) {
      // Only the roots are given to TypeScript; the listed files come from the tsconfig all the same.
      for (const f of partial.roots) if (!fs.existsSync(f)) throw new Error(`File not found: ${f}`);
      const listed = partial.sources ? [...partial.sources].sort() : sourcesOf(parsed.fileNames);
      const host = timePhase('  program: parse (JS API)', () => ProgramHost.open(partial.roots, parsed.options));
      return new ProjectImpl(host, rootDir, detectSemantics(rootDir, options.semantics), options, { listed, reuse: new Map(partial.reuse) });
    }
    if (options.startWith) return startedWith(options.startWith, parsed.fileNames, parsed.options, rootDir, options);
    // Parses every file the tsconfig reaches (sources, libraries, @types) here.
    const host = timePhase('  program: parse (JS API)', () => ProgramHost.open(parsed.fileNames, parsed.options));
    return new ProjectImpl(host, rootDir, detectSemantics(rootDir, options.semantics), options);
  }
  if (options.rootDir && options.files) {
    if (options.partial || options.startWith) throw new Error('files takes neither partial nor startWith');
    const rootDir = path.resolve(options.rootDir);
    const host = timePhase('  program: parse (JS API)', () => ProgramHost.open(options.files!.map((f) => path.resolve(f)), DEFAULT_OPTIONS));
    return new ProjectImpl(host, rootDir, detectSemantics(rootDir, options.semantics), options);
  }
  if (options.rootDir) {
    const rootDir = path.resolve(options.rootDir);
    const candidate = path.join(rootDir, 'tsconfig.json');
    if (fs.existsSync(candidate)) return createAnalysisProject({ ...options, tsconfig: candidate });
    if (options.partial) throw new Error('a partial program needs a tsconfig');
    // Patterns relative to the folder: its own path may hold glob characters ([, (, {, *).
    const files = globSync(['**/*.{ts,tsx,mts,cts,js,jsx,mjs,cjs}'], { cwd: rootDir, ignore: ['**/node_modules/**', '**/*.d.ts'], expandDirectories: false, absolute: true });
    if (options.startWith) return startedWith(options.startWith, files, DEFAULT_OPTIONS, rootDir, options);
    const host = timePhase('  program: parse (JS API)', () => ProgramHost.open(files, DEFAULT_OPTIONS));
    return new ProjectImpl(host, rootDir, detectSemantics(rootDir, options.semantics), options);
  }
  throw new Error('createAnalysisProject needs a tsconfig or a rootDir');
}

/**
 * A project whose first program is rooted at `first` and at the project's files that may act on others (in the
 * project's order, then the given files it does not list: an open file outside it, as an edit would add it).
 */
function startedWith(first: readonly string[], projectFiles: readonly string[], compilerOptions: ts.CompilerOptions, rootDir: string, options: AnalysisProjectOptions): ProjectImpl {
  const wanted = new Set(first.map((f) => path.resolve(f)));
  const files = projectFiles.map((f) => path.resolve(f));
  const roots = files.filter((f) => wanted.delete(f) || mayActOnOtherFiles(f, ts.sys.readFile(f) ?? ''));
  for (const f of wanted) if (fs.existsSync(f)) roots.push(f);
  const listed = sourcesOf(files);
  options.onFirstProgram?.({ roots, listed });
  const host = timePhase('  program: parse (JS API)', () => ProgramHost.open(roots, compilerOptions));
  return new ProjectImpl(host, rootDir, detectSemantics(rootDir, options.semantics), options, { listed, reuse: new Map() });
}

/** The project's source files among a tsconfig's (or a folder's) files: what a partial program lists, sorted. */
function sourcesOf(fileNames: readonly string[]): string[] {
  return fileNames.map((f) => path.resolve(f)).filter(isProjectSource).sort();
}

/** A tsconfig's compiler options and files, as tsc reads them; a file that cannot be read at all throws. */
function readTsconfig(tsconfig: string): ts.ParsedCommandLine {
  let problem: ts.Diagnostic | undefined;
  const parsed = ts.getParsedCommandLineOfConfigFile(tsconfig, {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: (d) => (problem = d) });
  if (!parsed) throw new Error(problem ? ts.flattenDiagnosticMessageText(problem.messageText, ' ') : `cannot read ${tsconfig}`);
  return parsed;
}

/** A partial program's state: the tsconfig's source list and the results it reuses (none when opened with startWith). */
interface PartialState {
  listed: string[];
  reuse: Map<string, FileResult>;
}

class ProjectImpl implements ProgramProject {
  private readonly cache = new Map<string, CacheEntry>();
  private program: ts.Program | undefined;
  private entries: EntryResolver | undefined;
  /** Kept across edits: the member-name pre-filter's answers (member-names.ts). */
  private readonly names = new MemberNameIndex();
  /** Reverse include edges of the last program asked about (invalidate): see importersIn. */
  private importers: { structure: number; of: ReadonlyMap<string, readonly string[]> } | undefined;
  /**
   * The file being edited (the last updateFile) and what its last analysis left (step-reuse.ts), so that the next one
   * walks and builds only what the edit can have changed. Any other change to the program drops it.
   */
  private editing: { file: string; steps?: FileSteps } | undefined;

  constructor(
    /** Loaded once (createAnalysisProject); later edits go through it (incremental parse, oldProgram). */
    private readonly host: ProgramHost,
    readonly rootDir: string,
    readonly semantics: AwaitlySemantics,
    private readonly options: AnalysisProjectOptions,
    private partial?: PartialState,
  ) {}

  sourceFiles(): string[] {
    if (this.partial) return this.partial.listed;
    return this.host.current().getRootFileNames()
      .filter(isProjectSource)
      .sort();
  }

  analysedFiles(): string[] {
    const reuse = this.partial?.reuse;
    return reuse ? this.sourceFiles().filter((f) => !reuse.has(f)) : this.sourceFiles();
  }

  syntaxErrors(): SyntaxProblem[] {
    this.everyFile();
    const program = this.host.current();
    const out: SyntaxProblem[] = [];
    for (const file of this.sourceFiles()) {
      const reused = this.partial?.reuse.get(file);
      if (reused) {
        out.push(...reused.syntaxErrors);
        continue;
      }
      const sf = program.getSourceFile(file);
      if (!sf) continue;
      for (const d of program.getSyntacticDiagnostics(sf)) {
        const pos = sf.getLineAndCharacterOfPosition(d.start ?? 0);
        out.push({ file, message: ts.flattenDiagnosticMessageText(d.messageText, ' '), line: pos.line + 1, column: pos.character + 1 });
      }
    }
    return out;
  }

  updateFile(filePath: string, text: string): string[] {
    const file = path.resolve(filePath);
    this.host.update(file, text);
    // Only for the rules' analysis: result types read the whole program's types.
    this.editing = this.editing?.file === file ? this.editing : this.options.includeResultTypes === false ? { file } : undefined;
    return this.invalidate(file);
  }

  removeFile(filePath: string): string[] {
    const file = path.resolve(filePath);
    this.host.remove(file);
    this.editing = undefined;
    return this.invalidate(file);
  }

  private invalidate(file: string): string[] {
    const before = this.host.built();
    this.program = undefined;
    this.entries = undefined;
    // Reused results may read the edited file: whole-program answers from now on. (Without reuse, results are
    // dropped by their dependencies as in a whole program.)
    if (this.partial && this.partial.reuse.size > 0) return this.widen();
    // Nothing analysed yet (the language server syncs its open documents right after opening): no graph to build.
    if (this.cache.size === 0) return [];
    const reached = this.reachedBy(file, before);
    const dropped: string[] = [];
    for (const [key, entry] of this.cache) {
      if (key === file || entry.dependencies.has(file) || reached === 'all' || reached.has(key)) {
        this.cache.delete(key);
        dropped.push(key);
      }
    }
    return dropped;
  }

  /**
   * The files whose analysis an edit of `file` can change beyond the declarations they read (their dependencies):
   * the files that import it, directly or not, since the types they ask the checker about (a step's operation, its
   * result) come through those imports; every file ('all') when it is new (an import that failed may find it now),
   * acts on other files (a script, `declare global`: import-free), or the program's imports are not known.
   */
  private reachedBy(file: string, program: ts.Program | undefined): Set<string> | 'all' {
    const old = program?.getSourceFile(file);
    if (!program || !old) return 'all';
    const text = this.host.textOf(file);
    if (actsOnOtherFiles(old, true) || (text !== undefined && mayActOnOtherFiles(file, text))) return 'all';
    const importers = this.importersIn(program);
    if (!importers) return 'all';
    const reached = new Set<string>();
    const queue = [file];
    for (let f = queue.pop(); f !== undefined; f = queue.pop()) {
      for (const g of importers.get(f) ?? []) if (!reached.has(g) && reached.add(g)) queue.push(g);
    }
    return reached;
  }

  /** Who imports each project file in the host's last program; kept while the programs after it have its imports. */
  private importersIn(program: ts.Program): ReadonlyMap<string, readonly string[]> | undefined {
    if (this.importers?.structure === this.host.structure) return this.importers.of;
    const graph = includeGraph(program);
    if (!graph) return undefined;
    const of = new Map<string, string[]>();
    for (const [f, node] of graph.files) for (const g of node.imports) (of.get(g) ?? of.set(g, []).get(g)!).push(f);
    this.importers = { structure: this.host.structure, of };
    return of;
  }

  get whole(): boolean {
    return !this.partial;
  }

  widen(): string[] {
    if (!this.partial) return [];
    const listed = this.partial.listed;
    this.partial = undefined;
    this.editing = undefined;
    this.host.addRoots(listed);
    this.program = undefined;
    this.entries = undefined;
    const all = [...this.cache.keys()];
    this.cache.clear();
    return all;
  }

  prepareWiden(budgetMs: number): boolean {
    return !this.partial || this.host.prepare(this.partial.listed, budgetMs);
  }

  /** A question about every file: a program opened at some files (startWith) becomes whole first. */
  private everyFile(): void {
    if (this.partial && this.partial.reuse.size === 0) this.widen();
  }

  /** A file of the project the partial program does not hold yet joins it (what it imports comes along). */
  private holds(file: string): void {
    if (!this.partial || this.partial.reuse.has(file) || !this.partial.listed.includes(file)) return;
    if (this.checker().program.getSourceFile(file)) return;
    this.editing = undefined;
    this.host.addRoots([file]);
    this.program = undefined;
    this.entries = undefined;
  }

  includeGraph(): IncludeGraph | undefined {
    const program = this.host.current();
    return timePhase('  cache: include graph', () => includeGraph(program));
  }

  fileResults(): Map<string, FileResult> {
    this.everyFile();
    const errors = new Map<string, SyntaxProblem[]>();
    for (const e of this.syntaxErrors()) errors.set(e.file, [...(errors.get(e.file) ?? []), e]);
    const out = new Map<string, FileResult>();
    for (const f of this.sourceFiles()) {
      const entry = this.entryFor(f);
      out.set(f, { workflows: entry.workflows, findings: entry.findings, ...(entry.firstStepCall !== undefined ? { firstStepCall: entry.firstStepCall } : {}), syntaxErrors: errors.get(f) ?? [] });
    }
    return out;
  }

  private checker(): { program: ts.Program; checker: ts.TypeChecker; entries: EntryResolver } {
    if (!this.program) {
      this.program = timePhase('  program: parse (JS API)', () => this.host.current());
      this.entries = undefined;
    }
    const program0 = this.program;
    const checker = timePhase('  program: bind (JS API checker)', () => program0.getTypeChecker());
    if (!this.entries) {
      this.names.use(this.program.getSourceFiles());
      this.entries = new EntryResolver(checker, this.names);
    }
    return { program: this.program, checker, entries: this.entries };
  }

  private entryFor(file: string): CacheEntry {
    const hit = this.cache.get(file);
    if (hit) return hit;
    const reused = this.partial?.reuse.get(file);
    if (reused) {
      const entry: CacheEntry = { workflows: reused.workflows, findings: reused.findings, dependencies: new Set([file]), ...(reused.firstStepCall !== undefined ? { firstStepCall: reused.firstStepCall } : {}) };
      this.cache.set(file, entry);
      return entry;
    }
    this.holds(file);
    const { program, checker, entries } = this.checker();
    const sf = program.getSourceFile(file);
    let entry: CacheEntry;
    if (!sf) {
      entry = { workflows: [], findings: [], dependencies: new Set([file]) };
    } else {
      const editing = this.editing?.file === file ? this.editing : undefined;
      const reuse = editing ? new StepReuse(editing.steps, sf, checker) : undefined;
      const result = analyzeSourceFile(sf, checker, entries, this.fileOptions(), reuse);
      if (editing && reuse) editing.steps = reuse.result();
      const findings = [...withSeverity(result.findings, this.options.rules), ...result.workflows.flatMap((w) => (w.fails ? [] : runRules(w, this.options.rules)))];
      entry = { workflows: result.workflows, findings, dependencies: result.dependencies, ...(result.firstStepCall !== undefined ? { firstStepCall: result.firstStepCall } : {}) };
    }
    this.cache.set(file, entry);
    return entry;
  }

  private fileOptions(): AnalyzeFileOptions {
    return { rootDir: this.rootDir, semantics: this.semantics, includeResultTypes: this.options.includeResultTypes ?? true };
  }

  stepAt(filePath: string, line: number, column: number): StepAlone | undefined {
    const file = path.resolve(filePath);
    const known = this.cache.get(file) ?? (this.partial?.reuse.has(file) ? this.entryFor(file) : undefined);
    if (known) return stepAmong(known.workflows, file, line, column);
    this.holds(file);
    const { program, checker, entries } = this.checker();
    const sf = program.getSourceFile(file);
    return sf ? stepAt(sf, checker, entries, this.fileOptions(), line, column) : undefined;
  }

  analyzeFile(filePath: string): FileAnalysis {
    const file = path.resolve(filePath);
    const own = this.entryFor(file);
    const findings: Finding[] = [];
    const seen = new Set<string>();
    for (const entry of [own, ...this.cache.values()]) {
      if (entry !== own && !entry.dependencies.has(file)) continue;
      for (const f of entry.findings) {
        const id = `${f.code}:${f.file}:${f.range.startOffset}:${f.message}`;
        if (f.file === file && !seen.has(id)) {
          seen.add(id);
          findings.push(f);
        }
      }
    }
    return { file, workflows: own.workflows, findings };
  }

  analyzeProject(): ProjectAnalysis {
    this.everyFile();
    const files = this.sourceFiles();
    const workflows: WorkflowInfo[] = [];
    const findings: Finding[] = [];
    for (const f of files) {
      const entry = this.entryFor(f);
      workflows.push(...entry.workflows);
      findings.push(...entry.findings);
    }
    const unreached = files.flatMap((f) => {
      const entry = this.cache.get(f)!;
      return entry.firstStepCall === undefined ? [] : [{ file: f, firstStepCall: entry.firstStepCall, findings: entry.findings, workflows: entry.workflows.length }];
    });
    findings.push(...withSeverity(noWorkflowFindings(unreached, workflows, (f) => this.host.current().getSourceFile(f) ?? parseAlone(f)), this.options.rules));
    return { rootDir: this.rootDir, semantics: this.semantics, workflows, findings, files };
  }
}

/** A file a partial program left out (its result reused), parsed alone for the no-workflow-found report's text and ranges. */
function parseAlone(file: string): ts.SourceFile | undefined {
  const text = ts.sys.readFile(file);
  return text === undefined ? undefined : ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
}
