// Public API of definition hashes, the lock file and change classification.
export { definitionHash, stepSignatures, HASH_VERSION, type StepSignature } from './definition-hash';
export { buildLock, lockEntry, lockKeys, withLockEntry, parseLock, serializeLock, LOCK_FILE_NAME, type LockFile, type LockWorkflow } from './lock';
export { diffLocks, diffWorkflow, type ChangeKind, type LockDiff, type StepChange, type WorkflowDiff } from './diff';
export { definitionChangeFindings, explainChanges, type ChangeBaseline } from './report';
