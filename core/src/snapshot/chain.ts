// Incremental persistence: a base snapshot plus deltas, merged the way awaitly merges them
// (mergeSnapshots, one delta after another), remembering which file each step came from.
import { mergeSnapshots } from './awaitly';
import type { StepResult, WorkflowSnapshot } from './types';

export interface ChainLink {
  /** Where this snapshot came from (a file path, a store id). */
  source: string;
  snapshot: WorkflowSnapshot;
}

export interface ChainStep {
  key: string;
  result: StepResult;
  /** The link whose entry survived the merge. */
  source: string;
  /** Earlier links that also had this key, oldest first; their entries were overwritten. */
  overwritten: string[];
  /** The surviving entry changed the outcome of an overwritten one (ok ↔ failure). */
  outcomeChanged: boolean;
}

export interface MergedChain {
  snapshot: WorkflowSnapshot;
  /** Steps in the merged snapshot's key order. */
  steps: ChainStep[];
  /** The link each execution field and metadata key came from. */
  executionSource: string;
  metadataSources: Record<string, string>;
  /** Top-level fields awaitly's merge drops (workflowName and unknown fields), per link. */
  dropped: { source: string; field: string }[];
}

const KNOWN = new Set(['formatVersion', 'steps', 'execution', 'metadata', 'warnings']);

export function mergeChain(links: readonly ChainLink[]): MergedChain {
  if (links.length === 0) throw new Error('mergeChain needs at least a base snapshot');
  const origin = new Map<string, { source: string; overwritten: string[]; last: StepResult; outcomeChanged: boolean }>();
  const metadataSources: Record<string, string> = {};
  const dropped: { source: string; field: string }[] = [];

  const note = (link: ChainLink): void => {
    for (const key of Object.keys(link.snapshot.steps)) {
      const result = link.snapshot.steps[key]!;
      const prior = origin.get(key);
      if (prior) {
        origin.set(key, {
          source: link.source,
          overwritten: [...prior.overwritten, prior.source],
          last: result,
          outcomeChanged: prior.outcomeChanged || Boolean(prior.last?.ok) !== Boolean(result?.ok),
        });
      } else origin.set(key, { source: link.source, overwritten: [], last: result, outcomeChanged: false });
    }
    for (const key of Object.keys(link.snapshot.metadata ?? {})) metadataSources[key] = link.source;
  };

  const [base, ...deltas] = links;
  note(base!);
  let merged = base!.snapshot;
  for (const link of deltas) {
    // Like awaitly, the merge keeps only the five known fields of either side.
    for (const field of Object.keys(merged)) if (!KNOWN.has(field)) dropped.push({ source: merged === base!.snapshot ? base!.source : 'merged', field });
    for (const field of Object.keys(link.snapshot)) if (!KNOWN.has(field)) dropped.push({ source: link.source, field });
    merged = mergeSnapshots(merged, link.snapshot);
    note(link);
  }
  const steps = Object.keys(merged.steps).map((key) => {
    const o = origin.get(key)!;
    return { key, result: merged.steps[key]!, source: o.source, overwritten: o.overwritten, outcomeChanged: o.outcomeChanged };
  });
  return {
    snapshot: merged,
    steps,
    executionSource: links[links.length - 1]!.source,
    metadataSources,
    dropped: deltas.length === 0 ? [] : dropped,
  };
}
