// Code lenses above each workflow: short definition hash and lock status; the replay summary for the
// active snapshot that belongs to the workflow.
import * as path from 'node:path';
import type { CodeLens, Range } from 'vscode-languageserver/node';
import type { WorkflowInfo } from '../../../core/src/analysis';
import { CommandIds } from '../protocol/requests';
import { pathToUri, toLspRange } from '../convert';
import type { FolderProject } from '../project';
import type { SnapshotFile } from '../snapshots';
import { describeStatus, lockStatus, shortHash } from './lock';
import { planFor, shortSummary } from './replay';

/**
 * Lenses sit on the line where the workflow is defined: the createWorkflow(…) or durable.run(…) call, not on
 * its name (for durable.run the name is the `id` inside the options object, lines below the call).
 */
function lensRange(w: WorkflowInfo, file: string): Range {
  const start = toLspRange(w.definition.file === file ? w.definition.range : w.range).start;
  return { start, end: start };
}

export async function codeLenses(folder: FolderProject, file: string, active: SnapshotFile[]): Promise<CodeLens[]> {
  const out: CodeLens[] = [];
  // The typed analysis: the lens shows the definition hash (step result types).
  for (const w of (await folder.typedFile(file)).workflows) {
    if (w.file !== file) continue;
    const range = lensRange(w, file);
    const status = lockStatus(folder, w);
    const lockTitle = `awaitly-lens #${shortHash(status.hash)} · lock: ${describeStatus(status)}`;
    const canUpdate = status.status === 'changed' || status.status === 'not-locked';
    out.push({ range, command: { title: lockTitle, command: canUpdate ? CommandIds.updateLock : '', arguments: [pathToUri(file), w.id] } });
    for (const sf of active) {
      const planned = planFor(folder, sf);
      if (!('plan' in planned) || planned.workflow.id !== w.id) continue;
      out.push({
        range,
        command: { title: `${path.basename(sf.file)}: ${shortSummary(planned.plan)}`, command: CommandIds.showReplayPlan, arguments: [pathToUri(sf.file), w.id] },
      });
      break; // one replay lens per workflow: the most recently activated snapshot
    }
  }
  return out;
}
