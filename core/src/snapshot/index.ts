// Public API of the snapshot format library. Pure: no editor types, no Node-only APIs.
export type { JSONValue, SerializedCause, StepResult, WorkflowSnapshot, SnapshotWarning, SerializedResumeState, SnapshotStore } from './types';
export { validateSnapshot, looksLikeWorkflowSnapshot, assertValidSnapshot, mergeSnapshots, SnapshotFormatError, collectSnapshotProblems } from './awaitly';
export type { StructuralProblem, ValidateResult } from './awaitly';
export { isSerializedResumeState, collectResumeStateProblems } from './resumeState';
export { analyzeSnapshotText, validateSnapshotText, classifyValue, LEAN_MIN_CHARS, NO_DIAGNOSTICS } from './analyze';
export type { AnalyzeOptions } from './analyze';
export type { SnapshotTextReport, SnapshotFileKind, AwaitlyVerdict } from './report';
export { toPointer, parsePointer } from './pointer';
export type { JsonPath } from './pointer';
export { scanJson, PathTrie } from './scan';
export type { Located } from './scan';
export { mergeChain } from './chain';
export type { ChainLink, ChainStep, MergedChain } from './chain';
