// Result types on the JS API, where TypeScript 7 is not there or failed: a typed analysis of the same scope (its
// steps are the rules analysis's, found on the same text), each site's type looked up by file and position.
// Loaded only when needed (loadJsAnswerer.ts): the typed worker's own bundle carries no JS TypeScript.
import type { AnalysisProject, WorkflowInfo } from '../../../core/src/analysis';
import { ts } from '../../../core/src/analysis/ts-util';
import { NO_TYPE, type ResultType, type StepSite } from '../../../core/src/typed/engine';
import { openAnalysisProject, type ProjectSource } from '../openProject';
import type { Answerer, Scope } from './resultTypeSource';

/** The JS API's answerer over the folder's project with the edits so far; `why` says why it runs instead of TypeScript 7. */
export function openJsAnswerer(source: ProjectSource, edits: ReadonlyMap<string, string | null>, why: string, logError: (message: string) => void): Answerer {
  // Rooted at the open documents, as the rules' analysis is: a lens's file is typed without the rest of the project,
  // which joins when the whole project's types are asked for (analyzeProject).
  const open = [...edits].filter(([, text]) => text !== null).map(([file]) => file);
  const project = openAnalysisProject(source, true, logError, open);
  for (const [file, text] of edits) {
    if (text === null) project.removeFile(file);
    else project.updateFile(file, text);
  }
  return new JsAnswerer(project, `TypeScript ${ts.version} (JS API; ${why})`);
}

class JsAnswerer implements Answerer {
  constructor(
    private readonly project: AnalysisProject,
    readonly compiler: string,
  ) {}

  changed(file: string, text: string | null): void {
    if (text === null) this.project.removeFile(file);
    else this.project.updateFile(file, text);
  }

  resultTypes(sites: readonly StepSite[], scope: Scope): ResultType[] {
    const workflows: WorkflowInfo[] = scope === null ? this.project.analyzeProject().workflows : this.project.analyzeFile(scope).workflows;
    const found = new Map<string, ResultType>();
    for (const s of workflows.flatMap((w) => w.steps)) found.set(`${s.range.startOffset}:${s.file}`, { display: s.resultType ?? '', shape: s.resultShape ?? '' });
    return sites.map((s) => found.get(`${s.start}:${s.file}`) ?? NO_TYPE);
  }

  dispose(): void {
    // A JS program: collected with this object.
  }
}
