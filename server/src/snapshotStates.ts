// awaitlyLens/snapshotStates: what each snapshot amounts to, for the explorer's rows and filter. Counted from
// the very diagnostics the server publishes for the snapshot (snapshotDiagnostics, definition hashes included),
// so the tree, Problems and any notification built on this agree; the replay failure comes from the same plan
// the replay-plan request answers.
import { DiagnosticSeverity } from 'vscode-languageserver/node';
import { uriToPath } from './convert';
import { snapshotDiagnostics } from './features/diagnostics';
import { planFor } from './features/replay';
import type { FolderProject } from './project';
import { failureNameOfJson } from '../../core/src/vocabulary';
import type { SnapshotState, SnapshotStateResult } from './protocol/requests';

const ORDER: SnapshotState[] = ['invalid', 'replays-failure', 'unknown-keys', 'clean'];

export async function snapshotStates(folderFor: (file: string) => Promise<FolderProject>, uris: readonly string[], withDiagnostics = false): Promise<Array<SnapshotStateResult | null>> {
  const out: Array<SnapshotStateResult | null> = [];
  for (const uri of uris) {
    const file = uriToPath(uri);
    const folder = file ? await folderFor(file) : undefined;
    const sf = file && folder ? folder.snapshots.get(file) : undefined;
    if (!file || !folder || !sf) {
      out.push(null);
      continue;
    }
    const { diagnostics } = snapshotDiagnostics(folder, file, sf.text, await folder.typedWorkflows());
    const count = (s: DiagnosticSeverity) => diagnostics.filter((d) => (d.severity ?? DiagnosticSeverity.Error) === s).length;
    const errors = count(DiagnosticSeverity.Error);
    const planned = planFor(folder, sf);
    const plan = 'plan' in planned ? planned.plan : undefined;
    const failing = plan?.steps.find((s) => s.state === 'replay-failure');
    const unknownKeys = plan ? plan.unknown.length : diagnostics.filter((d) => d.code === 'unknown-snapshot-step').length;
    const states = new Set<SnapshotState>();
    // awaitly refuses an invalid snapshot: resuming fails before any step, so no replay state applies.
    if (errors > 0) states.add('invalid');
    else {
      if (failing) states.add('replays-failure');
      if (unknownKeys > 0) states.add('unknown-keys');
    }
    if (states.size === 0) states.add('clean');
    const sorted = ORDER.filter((s) => states.has(s));
    const failure = failing?.entryKey !== undefined && errors === 0 ? failureOf(sf.failures.get(failing.entryKey)) : undefined;
    out.push({
      uri,
      state: sorted[0]!,
      states: sorted,
      errors,
      warnings: count(DiagnosticSeverity.Warning),
      infos: count(DiagnosticSeverity.Information) + count(DiagnosticSeverity.Hint),
      unknownKeys,
      ...(failure ? { failure } : {}),
      ...(withDiagnostics ? { diagnostics } : {}),
    });
  }
  return out;
}

const failureOf = (json: string | undefined) => (json === undefined ? undefined : failureNameOfJson(json));
