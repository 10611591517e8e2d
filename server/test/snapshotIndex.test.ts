// The snapshot index of a workspace folder: whether the disk is searched again on a timer is the workspace's
// own setting (its client reports file changes or not), not a static shared by every workspace in the process.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Workspace, type Logger } from '../src/project';
import { tempDir } from '../../core/test/tempDir';

const quiet: Logger = { info: () => undefined, error: () => undefined };
const SNAPSHOT = JSON.stringify({ formatVersion: 1, workflowName: 'w', steps: { a: { ok: true, value: 1 } }, execution: { status: 'running', lastUpdated: '2026-01-01T00:00:00.000Z' } });

function folderWith(name: string): string {
  const dir = tempDir(`lens-index-${name}-`);
  fs.writeFileSync(path.join(dir, 'first.json'), SNAPSHOT);
  return dir;
}

describe('server: snapshot index rescans per workspace', function () {
  this.timeout(20000);

  it('a workspace whose client watches files does not make another workspace stop searching its disk', async () => {
    const watchedDir = folderWith('watched');
    const plainDir = folderWith('plain');
    const watched = new Workspace(() => undefined, quiet);
    const plain = new Workspace(() => undefined, quiet);
    const [w] = watched.setFolders([watchedDir]);
    const [p] = plain.setFolders([plainDir]);
    watched.watching = true;
    assert.equal(w!.snapshots.files().length, 1);
    assert.equal(p!.snapshots.files().length, 1);
    fs.writeFileSync(path.join(watchedDir, 'second.json'), SNAPSHOT);
    fs.writeFileSync(path.join(plainDir, 'second.json'), SNAPSHOT);
    // Past the rescan interval (2 s): the unwatched workspace finds the new file by itself ...
    await new Promise((r) => setTimeout(r, 2100));
    assert.equal(p!.snapshots.files().length, 2);
    // ... the watched one waits for the client's change report.
    assert.equal(w!.snapshots.files().length, 1);
    w!.snapshots.invalidate(path.join(watchedDir, 'second.json'));
    assert.equal(w!.snapshots.files().length, 2);
  });
});
