// The awaitly lines and entries: what differs between awaitly releases, and what each way of running a workflow does.
export { awaitlyLine, DEFAULT_LINE, ENTRY_EXPORTS, isLineId, LINES, lineOfVersion, linesExporting, type AwaitlyLine, type EntryExport, type FailingForm, type LineId } from './lines';
export { ENTRIES, type EntrySpec } from './entries';
