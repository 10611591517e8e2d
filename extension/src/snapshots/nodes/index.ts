// The explorer's rows, one discriminated union. treeProvider.ts switches on `kind` exhaustively, so a new kind
// nobody renders fails to compile. Each kind's children are built in the file named after it.
import type { ReplayPlanStep, SnapshotStateResult, StoreInfo, StoreRow } from '../../../../server/src/protocol/requests';
import type { Diagnostic } from '../../../../core/src/diagnostic';
import type { JsonPath, SnapshotDoc } from '../model';

/** Replay state of a row: the plan's states, plus `unknown` (no step produces the key) and `pending` (no plan yet or no workflow matched). */
export type RowState = 'skipped' | 'replay-failure' | 'runs' | 'maybe' | 'not-reached' | 'unknown' | 'pending';

interface Base {
  /** Stable id (the tree view keeps expansion state and reveals by it). */
  id: string;
  parent?: Node;
}

export interface FileNode extends Base {
  kind: 'file';
  doc: SnapshotDoc;
  /** The server's state of the snapshot (undefined while it is asked). */
  state?: SnapshotStateResult;
  /** The active snapshot (its plan drives the code's highlights). */
  active?: boolean;
  /** The row's label when shorter than the file name (see shortLabels). */
  label?: string;
}

export interface SectionNode extends Base {
  kind: 'section';
  doc: SnapshotDoc;
  name: 'execution' | 'metadata' | 'warnings';
  path: JsonPath;
  value: unknown;
}

export interface StepNode extends Base {
  kind: 'step';
  doc: SnapshotDoc;
  key: string;
  /** Position among the file's step keys. */
  index: number;
  path: JsonPath;
  state: RowState;
  /** The step in code the key belongs to, when the plan has it. */
  step?: ReplayPlanStep;
}

/** A step in code with no entry in the snapshot (runs, or is not reached), in code order. */
export interface WillRunNode extends Base {
  kind: 'willRun';
  doc: SnapshotDoc;
  step: ReplayPlanStep;
}

/** A value inside an entry, a section or the metadata, expanded lazily. */
export interface JsonNode extends Base {
  kind: 'json';
  doc: SnapshotDoc;
  name: string;
  path: JsonPath;
  value: unknown;
}

/** "Load more": the next page of a long list of children. */
export interface LoadMoreNode extends Base {
  kind: 'loadMore';
  doc: SnapshotDoc;
  shown: number;
  total: number;
}

export interface ProblemNode extends Base {
  kind: 'problem';
  doc: SnapshotDoc;
  diagnostic: Diagnostic;
}

export interface MessageNode extends Base {
  kind: 'message';
  text: string;
  /** An error (a store that cannot be read) rather than a note. */
  error?: boolean;
}

/** A store of the awaitlyLens.stores setting, beside the files: its rows are its children, newest first. */
export interface StoreNode extends Base {
  kind: 'store';
  info: StoreInfo;
  /** The id-prefix filter in force. */
  filter?: string;
}

/** One row of a store; its snapshot is read when it is expanded or opened (then `doc` is set). */
export interface StoreRowNode extends Base {
  kind: 'storeRow';
  row: StoreRow;
  doc?: SnapshotDoc;
  state?: SnapshotStateResult;
  active?: boolean;
}

/** "Load more" under a store: the next page of rows, read from the store. */
export interface StoreMoreNode extends Base {
  kind: 'storeMore';
  store: StoreNode;
  shown: number;
}

export type Node = FileNode | SectionNode | StepNode | WillRunNode | JsonNode | LoadMoreNode | ProblemNode | MessageNode | StoreNode | StoreRowNode | StoreMoreNode;

/** Rows per page of a long list (step keys, array elements, object members). */
export const PAGE_SIZE = 1000;

/** Store rows per page (each page is one query). */
export const STORE_PAGE_SIZE = 50;
