// Command-line operands → files: the listing itself lives in the snapshot-source layer (core/src/sources),
// shared with the language server; this module keeps the CLI's names for it.
export {
  compareCodeUnits,
  describeFsError,
  displayPath,
  listSnapshotFiles as collectInputs,
  STDIN_DISPLAY,
  STDIN_PATH,
  type InputFile,
  type InputProblem,
} from '../sources/files';
