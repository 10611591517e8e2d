// Public API of the snapshot sources: files, PostgreSQL, libSQL/SQLite files and MongoDB exports.
export type { EntryOrigin, ListOptions, SnapshotSource, SourceEntry, SourceItem, SourceProblem, StoreOptions } from './types';
export { entryText } from './types';
export { compareCodeUnits, describeFsError, displayPath, fileSource, globFiles, isGlob, listSnapshotFiles, STDIN_DISPLAY, STDIN_PATH, type InputFile, type InputProblem } from './files';
export { openStore, storeKind, STORE_SCHEMES } from './open';
export { StoreError, TABLE_NAME, DEFAULT_TABLE } from './postgres';
export { shardOf } from './libsql';
export { redactMessage, redactUrl } from './redact';
