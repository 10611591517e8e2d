// Messages between the CLI and dist/validateWorker.js.
import type { FileOutcome } from './checkFile';
import type { InputFile } from './inputs';

export interface WorkerRequest {
  files: InputFile[];
}

export interface WorkerResponse {
  outcomes: FileOutcome[];
}
