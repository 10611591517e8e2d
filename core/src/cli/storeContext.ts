// What `check --store` checks rows against: the project's workflows in the working tree and, with --against, the
// same project at a git revision. Built from check's own session helpers; nothing in the project is executed.
import type { AwaitlySemantics } from '../analysis/types';
import { DEFAULT_LINE } from '../semantics/lines';
import { inScope } from './projectInputs';
import { openSession, parseSemantics } from './analysisSession';
import { analyzeAtRevision, RevisionError } from './gitRevision';
import { displayPath } from './inputs';
import type { FileFailure } from './reporters/types';
import type { StoreCheckContext } from './commands/store';

export function storeCheckContext(values: Record<string, unknown>, paths: string[], cwd: string): StoreCheckContext {
  const semanticsFlag = parseSemantics(values.semantics as string | undefined);
  const session = openSession(paths, { project: values.project as string | undefined, semantics: semanticsFlag, includeResultTypes: true }, cwd);
  const failures: FileFailure[] = [...session.failures];
  const scope = session.selection?.scope ?? [];
  const workflows = (session.analysis?.workflows ?? []).filter((w) => inScope(w.file, scope));
  const semantics: AwaitlySemantics = session.analysis?.semantics ?? { line: semanticsFlag ?? DEFAULT_LINE, source: semanticsFlag ? 'override' : 'default' };
  const workflow = values.workflow as string | undefined;
  const options = workflow !== undefined ? { workflow } : {};
  const ctx: StoreCheckContext = { current: { workflows, semantics, options }, failures, semantics };
  const ref = values.against as string | undefined;
  if (ref !== undefined && session.selection) {
    try {
      const old = analyzeAtRevision(session.selection, ref, semanticsFlag);
      ctx.before = { ref, code: { workflows: old.workflows.filter((w) => inScope(w.file, scope)), semantics: old.semantics, options } };
    } catch (error) {
      if (!(error instanceof RevisionError)) throw error;
      failures.push({ file: displayPath(session.selection.rootDir, cwd), message: `--against ${ref}: ${error.message}` });
    }
  }
  return ctx;
}
