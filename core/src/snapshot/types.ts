// awaitly's snapshot format, type for type as awaitly@1.35.0 declares it (dist/persistence.d.ts);
// 4.5.1 declares the same shapes (awaitly-4-api.md §5). Kept identical so values flow both ways.

export type JSONValue = null | boolean | number | string | JSONValue[] | { [k: string]: JSONValue };

export type SerializedCause =
  | { type: 'error'; name: string; message: string; stack?: string; cause?: SerializedCause }
  | { type: 'thrown'; originalType?: string; value?: JSONValue; stringRepresentation: string; truncated?: true };

export type StepResult =
  | { ok: true; value: JSONValue }
  | { ok: false; error: JSONValue; cause: SerializedCause; meta?: { origin: 'result' | 'throw' } };

export interface WorkflowSnapshot {
  formatVersion: 1;
  workflowName?: string;
  steps: Record<string, StepResult>;
  execution: {
    status: 'running' | 'completed' | 'failed';
    lastUpdated: string;
    completedAt?: string;
    currentStepId?: string;
  };
  metadata?: {
    workflowId?: string;
    definitionHash?: string;
    input?: JSONValue;
    [key: string]: JSONValue | undefined;
  };
  warnings?: Array<{
    type: 'lossy_value';
    stepId: string;
    path: string;
    reason: 'non-json' | 'circular' | 'encode-failed';
  }>;
}

export type SnapshotWarning = NonNullable<WorkflowSnapshot['warnings']>[number];

/** `serializeResumeState` output (awaitly/workflow): step order is kept as an array of pairs. */
export interface SerializedResumeState {
  kind: 'ResumeState';
  steps: [string, StepResult][];
}

/** The store contract awaitly declares (awaitly/persistence, awaitly-facts.md §7). */
export interface SnapshotStore {
  save(id: string, snapshot: WorkflowSnapshot): Promise<void>;
  load(id: string): Promise<WorkflowSnapshot | null>;
  delete(id: string): Promise<void>;
  list(options?: { prefix?: string; limit?: number }): Promise<Array<{ id: string; updatedAt: string }>>;
  close(): Promise<void>;
}
