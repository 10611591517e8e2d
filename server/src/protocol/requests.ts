// Every awaitly-lens extension to LSP, declared once with its types; the VS Code extension imports this file.
// Imports only vscode-languageserver-protocol, so it bundles into either side.
import { RequestType, type Diagnostic as LspDiagnostic, type Location, type Range } from 'vscode-languageserver-protocol';

export type ReplayStepState = 'skipped' | 'replay-failure' | 'runs' | 'maybe' | 'not-reached';

export interface ReplayPlanParams {
  /** URI of a snapshot or serialized resume-state JSON file (open or on disk). */
  snapshotUri: string;
  /** Workflow id (`src/checkout.ts#checkout`), label or name; omitted: matched from workflowName, else by the keys. */
  workflow?: string;
}

export interface ReplayPlanStep {
  index: number;
  kind: string;
  id?: string;
  key?: string;
  state: ReplayStepState;
  /** Inside a loop or branch: the state holds if and when the step executes. */
  conditional: boolean;
  reason: string;
  /** The step call in the code. */
  location: Location;
  /** The snapshot entry used (skipped / replay-failure) and where its key is in the JSON. */
  entryKey?: string;
  entryRange?: Range;
  /** For 'maybe': snapshot keys the step's key pattern can produce. */
  matches?: string[];
  /**
   * A loop step whose key is a template: one row per snapshot entry its key matches (an iteration each, in the
   * order written), then a row without entryKey for iterations whose key is not in the snapshot.
   */
  iterations?: Array<{ entryKey?: string; entryRange?: Range; state: Exclude<ReplayStepState, 'maybe'>; reason: string }>;
}

export interface ReplayPlanResult {
  snapshotUri: string;
  format: 'workflow-snapshot' | 'resume-state';
  workflow: { id: string; label: string; location: Location };
  /** How the workflow was chosen (workflowName, best key match, explicit). */
  match: string;
  steps: ReplayPlanStep[];
  /** Snapshot entries no step of the workflow produces (`unknown-snapshot-step`). */
  unknown: Array<{ key: string; ok: boolean; message: string; range?: Range }>;
  /** "3 skipped · 1 replays failure · 2 run". */
  summary: string;
  notes: string[];
}

export namespace ReplayPlanRequest {
  /** Client → server: the replay plan of a snapshot against the current code. `null` when the file is not a snapshot or no workflow matches. The extension's snapshot tree view uses it. */
  export const method = 'awaitlyLens/replayPlan' as const;
  export const type = new RequestType<ReplayPlanParams, ReplayPlanResult | null, void>(method);
}

export interface ServerStatsResult {
  heapUsed: number;
  rss: number;
  /** True when the server runs with --expose-gc and collected garbage before measuring. */
  collected: boolean;
  openDocuments: number;
  /** Heap of the typed-analysis worker threads (after their own GC when collected), summed; 0 when none runs. */
  workerHeapUsed: number;
  workers: number;
}

export namespace ServerStatsRequest {
  /** Client → server: memory of the server process (used by `npm run bench` for the soak figure). */
  export const method = 'awaitlyLens/serverStats' as const;
  export const type = new RequestType<null, ServerStatsResult, void>(method);
}

/** Command ids the server's code lenses and actions refer to; the extension registers them. */
export namespace CommandIds {
  /** Args: [snapshotUri: string, workflowId: string]. Shows the replay plan (tree view in VS Code). */
  export const showReplayPlan = 'awaitlyLens.showReplayPlan';
  /** Args: [workflowUri: string, workflowId: string]. Handled by the server: writes the lock entry through workspace/applyEdit. */
  export const updateLock = 'awaitlyLens.updateLock';
}

/** URI scheme of a store row opened as a read-only JSON document: `awaitly-store:<folder>/.awaitly-store/<store key>/<id>.json`. */
export const STORE_SCHEME = 'awaitly-store';

export interface StoreInfo {
  /** The workspace folder whose settings name the store. */
  folderUri: string;
  /** Stable key of the store within its folder (a hash of url, table and prefix). */
  key: string;
  /** The store as reports name it: redacted URL, table or collection, prefix. Never a credential. */
  name: string;
  /** A short name for a tree row: the file name, or the database and host (the full name is `name`). */
  label: string;
  kind?: 'postgres' | 'libsql' | 'mongodb-export';
  /** Why the store cannot be opened (unknown URL scheme, bad table name). */
  error?: string;
}

export namespace StoresRequest {
  /** Client → server: the stores of every workspace folder's awaitlyLens.stores setting. */
  export const method = 'awaitlyLens/stores' as const;
  export const type = new RequestType<null, StoreInfo[], void>(method);
}

export interface StoreRowsParams {
  folderUri: string;
  store: string;
  /** Only ids (after the store's prefix) starting with this. */
  idPrefix?: string;
  limit: number;
  /** The last row of the previous page: the next page holds the rows saved before it. */
  before?: { id: string; updatedAt?: string };
}

export interface StoreRow {
  id: string;
  updatedAt?: string;
  /** The row's document (STORE_SCHEME). */
  uri: string;
}

export interface StoreRowsResult {
  /** Newest first (by updated time, then id). */
  rows: StoreRow[];
  /** True when more rows may follow (the page was full). */
  more: boolean;
  /** The store could not be read: the message names the store (redacted). */
  error?: string;
  /** Entries skipped on the way (a bad line of an export), each naming where. */
  problems?: string[];
}

export namespace StoreRowsRequest {
  /** Client → server: one page of a store's rows, without their snapshots (the Snapshot Explorer). */
  export const method = 'awaitlyLens/storeRows' as const;
  export const type = new RequestType<StoreRowsParams, StoreRowsResult, void>(method);
}

export interface StoreRowResult {
  /** The row's JSON text as the document shows it; absent when the row cannot be read. */
  text?: string;
  /** Why the row cannot be read, or what is wrong with it (not JSON): names the store (redacted) and the row id. */
  error?: string;
}

export namespace StoreRowRequest {
  /** Client → server: the text of one row by its document URI (the extension's content provider for STORE_SCHEME). */
  export const method = 'awaitlyLens/storeRow' as const;
  export const type = new RequestType<{ uri: string }, StoreRowResult, void>(method);
}

/** What a snapshot amounts to, most serious first: awaitly refuses it; resuming replays a saved failure; it holds keys no step produces; none of these. */
export type SnapshotState = 'invalid' | 'replays-failure' | 'unknown-keys' | 'clean';

export interface SnapshotStateResult {
  uri: string;
  /** The most serious of `states`. */
  state: SnapshotState;
  /** Every state that applies ('clean' alone when none does). */
  states: SnapshotState[];
  /** Counts of the diagnostics the server publishes for this snapshot (Problems shows the same). */
  errors: number;
  warnings: number;
  infos: number;
  /** Snapshot keys no step of the matched workflow produces. */
  unknownKeys: number;
  /** The saved failure resuming would return (its type, code or message), when it replays one. */
  failure?: string;
  /** With `withDiagnostics`: the diagnostics counted above, as the server publishes them (for files not open). */
  diagnostics?: LspDiagnostic[];
}

export namespace SnapshotStatesRequest {
  /** Client → server: the state and diagnostic counts of snapshots (files or store rows); null for a URI that is not a snapshot. */
  export const method = 'awaitlyLens/snapshotStates' as const;
  export const type = new RequestType<{ uris: string[]; withDiagnostics?: boolean }, Array<SnapshotStateResult | null>, void>(method);
}

export namespace SnapshotFilesRequest {
  /**
   * Client → server: the snapshot files of every workspace folder, found by its awaitlyLens.snapshotGlobs through
   * core's source layer and recognised by content (the server's snapshot index). The extension's explorer lists these.
   */
  export const method = 'awaitlyLens/snapshotFiles' as const;
  export const type = new RequestType<null, string[], void>(method);
}
