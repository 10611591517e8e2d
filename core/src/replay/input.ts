// Reads a parsed snapshot (WorkflowSnapshot) or serialized resume state ({kind:'ResumeState'}) into ReplayInput.
import type { ReplayInput, SnapshotEntry } from './types';
import { awaitlyRejection } from './rejection';

function isObject(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null;
}

/**
 * Returns undefined when the value is neither shape; validation diagnostics are the snapshot module's job.
 * `awaitlyErrors`: awaitly's verdict when the caller has it (analyzeSnapshotText's verdict.errors; [] when valid);
 * otherwise it is computed here, so every plan knows when awaitly refuses the snapshot.
 */
export function readReplayInput(value: unknown, awaitlyErrors?: readonly string[]): ReplayInput | undefined {
  const input = readShape(value);
  if (!input) return undefined;
  const rejected = awaitlyErrors ?? awaitlyRejection(value, input.format);
  if (rejected.length) input.rejected = [...rejected];
  return input;
}

function readShape(value: unknown): ReplayInput | undefined {
  if (!isObject(value)) return undefined;
  if (value.kind === 'ResumeState' && Array.isArray(value.steps)) {
    // awaitly builds a Map from the pairs, so a repeated key keeps its last value at its first position.
    const byKey = new Map<string, SnapshotEntry>();
    for (const pair of value.steps) {
      if (!Array.isArray(pair) || typeof pair[0] !== 'string') continue;
      const result = pair[1];
      byKey.set(pair[0], { key: pair[0], ok: isObject(result) && !!result.ok });
    }
    return { format: 'resume-state', entries: [...byKey.values()] };
  }
  if (isObject(value.steps)) {
    // Own enumerable keys, exactly what awaitly copies into its cache.
    const entries = Object.keys(value.steps).map((key) => {
      const result = (value.steps as Record<string, unknown>)[key];
      return { key, ok: isObject(result) && !!result.ok };
    });
    const metadata = isObject(value.metadata) ? value.metadata : undefined;
    const stepOrder = Array.isArray(metadata?.stepOrder) && metadata.stepOrder.every((k) => typeof k === 'string') ? (metadata.stepOrder as string[]) : undefined;
    const stepArgs = Array.isArray(metadata?.stepArgs) && metadata.stepArgs.every((a) => a === null || typeof a === 'string') ? (metadata.stepArgs as Array<string | null>) : undefined;
    return {
      format: 'workflow-snapshot',
      ...(typeof value.workflowName === 'string' ? { workflowName: value.workflowName } : {}),
      entries,
      ...(stepOrder ? { stepOrder } : {}),
      ...(stepArgs ? { stepArgs } : {}),
      ...(typeof metadata?.version === 'number' ? { version: metadata.version } : {}),
    };
  }
  return undefined;
}
