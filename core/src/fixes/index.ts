// Fixes of analysis findings as plain text edits: computed here once, shown as quick fixes and "fix all" by the
// language server and applied to files by `check --fix`.
export type { Fix, TextEdit } from './types';
export { FileFixer, type FixContext } from './fixes';
export { applyEdits, applyFixes, orderFixes, selectFixes, type Applied } from './apply';
export { unifiedDiff } from './diff';
export { fixDiff, fixFiles, writeIfUnchanged, type FileFixResult, type FixFilesOptions } from './files';
