// The incremental entry point the language server and CLI use: a ts-morph project, results cached per file
// as plain data, and invalidation of a file plus every file whose analysis read it.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Project } from 'ts-morph';
import type { AwaitlySemantics, FileAnalysis, Finding, ProjectAnalysis, WorkflowInfo } from './types';
import { detectSemantics } from './semantics';
import { EntryResolver } from './entry-points';
import { analyzeSourceFile } from './analyze-file';
import { runRules, type RuleOptions } from './rules';
import { isProjectSource, ts } from './ts-util';
import { ProgramHost } from './program-host';
import { noWorkflowFindings } from './no-workflow';
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
  /** Force 1.35 or 4.x semantics instead of reading the installed awaitly version. */
  semantics?: AwaitlySemantics['line'];
  /** Ask the checker for each step's result type (needed by the definition hash). Default true. */
  includeResultTypes?: boolean;
  rules?: RuleOptions;
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
  /** Source files of the project that are analysed (no .d.ts, nothing under node_modules). */
  sourceFiles(): string[];
  /** Parse errors in the analysed source files (the analysis still runs on what parsed). */
  syntaxErrors(): SyntaxProblem[];
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

export function createAnalysisProject(options: AnalysisProjectOptions): AnalysisProject {
  let project: Project;
  let rootDir: string;
  if (options.tsconfig) {
    const tsconfig = path.resolve(options.tsconfig);
    rootDir = path.dirname(tsconfig);
    // ts-morph reads the tsconfig and parses every file it reaches (sources, libraries, @types) here.
    project = timePhase('  program: parse (JS API)', () => new Project({ tsConfigFilePath: tsconfig }));
  } else if (options.rootDir) {
    rootDir = path.resolve(options.rootDir);
    const candidate = path.join(rootDir, 'tsconfig.json');
    if (fs.existsSync(candidate)) return createAnalysisProject({ ...options, tsconfig: candidate });
    project = new Project({ compilerOptions: DEFAULT_OPTIONS });
    timePhase('  program: parse (JS API)', () => project.addSourceFilesAtPaths([`${rootDir}/**/*.{ts,tsx,mts,cts,js,jsx,mjs,cjs}`, `!${rootDir}/**/node_modules/**`, `!${rootDir}/**/*.d.ts`]));
  } else {
    throw new Error('createAnalysisProject needs a tsconfig or a rootDir');
  }
  return new ProjectImpl(project, rootDir, detectSemantics(rootDir, options.semantics), options);
}

class ProjectImpl implements AnalysisProject {
  private readonly cache = new Map<string, CacheEntry>();
  private host: ProgramHost | undefined;
  private program: ts.Program | undefined;
  private entries: EntryResolver | undefined;

  constructor(
    private readonly project: Project,
    readonly rootDir: string,
    readonly semantics: AwaitlySemantics,
    private readonly options: AnalysisProjectOptions,
  ) {}

  sourceFiles(): string[] {
    return this.programHost().current().getRootFileNames()
      .filter(isProjectSource)
      .sort();
  }

  syntaxErrors(): SyntaxProblem[] {
    const program = this.programHost().current();
    const out: SyntaxProblem[] = [];
    for (const file of this.sourceFiles()) {
      const sf = program.getSourceFile(file);
      if (!sf) continue;
      for (const d of program.getSyntacticDiagnostics(sf)) {
        const pos = sf.getLineAndCharacterOfPosition(d.start ?? 0);
        out.push({ file, message: ts.flattenDiagnosticMessageText(d.messageText, ' '), line: pos.line + 1, column: pos.character + 1 });
      }
    }
    return out;
  }

  /** ts-morph loads the project once; later edits go through ProgramHost (incremental parse, oldProgram). */
  private programHost(): ProgramHost {
    this.host ??= timePhase('  program: parse (JS API)', () => new ProgramHost(this.project.getProgram().compilerObject, this.project.getCompilerOptions()));
    return this.host;
  }

  updateFile(filePath: string, text: string): string[] {
    const file = path.resolve(filePath);
    this.programHost().update(file, text);
    return this.invalidate(file);
  }

  removeFile(filePath: string): string[] {
    const file = path.resolve(filePath);
    this.programHost().remove(file);
    return this.invalidate(file);
  }

  private invalidate(file: string): string[] {
    this.program = undefined;
    this.entries = undefined;
    const dropped: string[] = [];
    for (const [key, entry] of this.cache) {
      if (key === file || entry.dependencies.has(file)) {
        this.cache.delete(key);
        dropped.push(key);
      }
    }
    return dropped;
  }

  private checker(): { program: ts.Program; checker: ts.TypeChecker; entries: EntryResolver } {
    if (!this.program) {
      this.program = timePhase('  program: parse (JS API)', () => this.programHost().current());
      this.entries = undefined;
    }
    const program0 = this.program;
    const checker = timePhase('  program: bind (JS API checker)', () => program0.getTypeChecker());
    const program = this.program;
    this.entries ??= new EntryResolver(checker, () => program.getSourceFiles());
    return { program: this.program, checker, entries: this.entries };
  }

  private entryFor(file: string): CacheEntry {
    const hit = this.cache.get(file);
    if (hit) return hit;
    const { program, checker, entries } = this.checker();
    const sf = program.getSourceFile(file);
    let entry: CacheEntry;
    if (!sf) {
      entry = { workflows: [], findings: [], dependencies: new Set([file]) };
    } else {
      const result = analyzeSourceFile(sf, checker, entries, {
        rootDir: this.rootDir,
        semantics: this.semantics,
        includeResultTypes: this.options.includeResultTypes ?? true,
      });
      const findings = [...withSeverity(result.findings, this.options.rules), ...result.workflows.flatMap((w) => (w.fails ? [] : runRules(w, this.options.rules)))];
      entry = { workflows: result.workflows, findings, dependencies: result.dependencies, ...(result.firstStepCall !== undefined ? { firstStepCall: result.firstStepCall } : {}) };
    }
    this.cache.set(file, entry);
    return entry;
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
    findings.push(...withSeverity(noWorkflowFindings(unreached, workflows, (f) => this.programHost().current().getSourceFile(f)), this.options.rules));
    return { rootDir: this.rootDir, semantics: this.semantics, workflows, findings, files };
  }
}
