// awaitly's snapshot format, type for type as awaitly@1.35.0 declares it (dist/persistence.d.ts);
// 4.5.1 declares the same shapes (awaitly-4-api.md §5). Kept identical so values flow both ways.

export type JSONValue = null | boolean | number | string | JSONValue[] | { [k: string]: JSONValue };

/** Why a saved step failed: an Error (name, message, stack, cause chain) or any other thrown value. */
export type SerializedCause =
  | {
      type: 'error';
      /** Error name, e.g. "TypeError". */
      name: string;
      message: string;
      stack?: string;
      /** The Error's own `cause`, serialized the same way. */
      cause?: SerializedCause;
    }
  | {
      type: 'thrown';
      /** "null", the typeof, or the constructor name of what was thrown. */
      originalType?: string;
      /** The thrown value, when it survives JSON. On resume it is the replayed cause. */
      value?: JSONValue;
      /** String(thrown), cut to 1000 characters. */
      stringRepresentation: string;
      truncated?: true;
    };

/** A saved step outcome. On resume, ok:true returns `value` without running the step; ok:false replays the failure without running it. */
export type StepResult =
  | {
      ok: true;
      /** The step's result, returned on resume instead of running the step. */
      value: JSONValue;
    }
  | {
      ok: false;
      /** The error the step returned; resuming ends the workflow with it again. */
      error: JSONValue;
      cause: SerializedCause;
      /** "result": returned through err(); "throw": the step threw. */
      meta?: { origin: 'result' | 'throw' };
    };

/** An awaitly workflow snapshot (awaitly/persistence WorkflowSnapshot, formatVersion 1). */
export interface WorkflowSnapshot {
  /** Always 1. */
  formatVersion: 1;
  /** The workflow name (durable.run id). Written on a first run; mergeSnapshots drops it on resumed runs. */
  workflowName?: string;
  /** Step results by cache key (opts.key, else the step id). */
  steps: Record<string, StepResult>;
  execution: {
    /** awaitly 1.35 durable.run always writes "running"; "completed" only in idempotency records. */
    status: 'running' | 'completed' | 'failed';
    /** ISO 8601 timestamp (toISOString()). */
    lastUpdated: string;
    /** ISO 8601 timestamp, when finished. */
    completedAt?: string;
    /** Key of the step that triggered this save. */
    currentStepId?: string;
  };
  /** Free-form metadata; durable.run adds `version` and `lastStepKey`. */
  metadata?: {
    workflowId?: string;
    /** User-supplied; awaitly never reads it. */
    definitionHash?: string;
    input?: JSONValue;
    [key: string]: JSONValue | undefined;
  };
  /** Values that did not survive serialization. */
  warnings?: Array<{
    type: 'lossy_value';
    stepId: string;
    path: string;
    reason: 'non-json' | 'circular' | 'encode-failed';
  }>;
}

export type SnapshotWarning = NonNullable<WorkflowSnapshot['warnings']>[number];

/** `serializeResumeState` output (awaitly/workflow): step order is kept as an array of [key, result] pairs. */
export interface SerializedResumeState {
  kind: 'ResumeState';
  /** [step key, saved result] pairs in completion order; a repeated key keeps the last entry. */
  steps: [string, StepResult][];
}

/** What a snapshot file may hold: a WorkflowSnapshot or a serialized resume state. */
export type SnapshotFile = WorkflowSnapshot | SerializedResumeState;

/** The store contract awaitly declares (awaitly/persistence, awaitly-facts.md §7). */
export interface SnapshotStore {
  save(id: string, snapshot: WorkflowSnapshot): Promise<void>;
  load(id: string): Promise<WorkflowSnapshot | null>;
  delete(id: string): Promise<void>;
  list(options?: { prefix?: string; limit?: number }): Promise<Array<{ id: string; updatedAt: string }>>;
  close(): Promise<void>;
}
