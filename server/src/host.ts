// What the server's parts get from their host: a log, and the text of open documents. Declared apart so that
// project.ts and snapshots.ts need not import each other.

export interface Logger {
  info(message: string): void;
  error(message: string): void;
}

/** Text of open documents by absolute path; the disk is read only for files that are not open. */
export type Overlay = (file: string) => string | undefined;
