// The typed analysis project (step result types) as both the worker and the in-process fallback hold it:
// opened on first use, with the edits made before that kept (the latest per file) and applied when it opens.
import type { AnalysisProject } from '../../../core/src/analysis';
import type { ProjectSource } from '../openProject';
import { openTypedProject } from './nativeProject';

export interface TypedLogger {
  info(message: string): void;
  error(message: string): void;
}

export class LazyTypedProject {
  private project: AnalysisProject | undefined;
  /** Text per file (null: removed) until the project opens. */
  private readonly pending: Map<string, string | null>;

  constructor(
    private readonly source: ProjectSource,
    files: Iterable<readonly [string, string | null]>,
    private readonly log: TypedLogger,
    /** Appended to the load message (" (worker)"). */
    private readonly where = '',
  ) {
    this.pending = new Map(files);
  }

  opened(): AnalysisProject {
    if (!this.project) {
      const started = Date.now();
      const { project: p, engine } = openTypedProject(this.source, (m) => this.log.error(m));
      for (const [file, text] of this.pending) {
        if (text === null) p.removeFile(file);
        else p.updateFile(file, text);
      }
      this.pending.clear();
      this.project = p;
      this.log.info(`awaitly-lens: loaded ${this.source.rootDir} for definition hashes in ${Date.now() - started} ms${this.where}, result types from ${engine}`);
    }
    return this.project;
  }

  updateFile(file: string, text: string): void {
    if (this.project) this.project.updateFile(file, text);
    else this.pending.set(file, text);
  }

  removeFile(file: string): void {
    if (this.project) this.project.removeFile(file);
    else this.pending.set(file, null);
  }
}
