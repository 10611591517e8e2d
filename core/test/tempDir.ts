// Temp folders for tests, removed when the test process exits: a test that fails (or never cleans up) before its
// own removal leaves nothing in the system's temp folder. The removal does not follow symbolic links, so a folder
// holding a link to the repository's node_modules loses the link, never what it points at.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const made: string[] = [];

/** A new folder under os.tmpdir() whose name starts with `prefix`. */
export function tempDir(prefix: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  if (made.push(dir) === 1) process.once('exit', removeAll);
  return dir;
}

function removeAll(): void {
  for (const d of made) {
    try {
      fs.rmSync(d, { recursive: true, force: true, maxRetries: 2 });
    } catch {
      // A server a test left running may still write there: a folder left behind must not fail the run.
    }
  }
}
