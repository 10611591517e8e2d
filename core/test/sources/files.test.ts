// The file listing every front end shares (core/src/sources/files.ts): operands, folders and globs through
// tinyglobby, and the credential redaction of store names and driver messages.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { globFiles, listSnapshotFiles, redactMessage, redactUrl } from '../../../core/src/sources';

describe('sources: files, folders and globs', () => {
  let root: string;
  before(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'awaitly-lens-files-'));
    for (const f of ['a/one.json', 'a/deep/two.JSON', 'a/node_modules/x.json', 'a/.hidden/y.json', 'b/three.json', 'b/notes.txt']) {
      fs.mkdirSync(path.dirname(path.join(root, f)), { recursive: true });
      fs.writeFileSync(path.join(root, f), '{}');
    }
    fs.symlinkSync(path.join(root, 'b', 'three.json'), path.join(root, 'a', 'link.json'));
    fs.symlinkSync(path.join(root, 'b'), path.join(root, 'a', 'dirlink'));
    fs.symlinkSync(path.join(root, 'a'), path.join(root, 'a', 'deep', 'cycle'));
  });
  after(() => fs.rmSync(root, { recursive: true, force: true }));

  it('walks folders for *.json (any case), skipping node_modules and dot-folders, following links to files only', () => {
    const { files, problems } = listSnapshotFiles(['a'], root);
    assert.deepEqual(problems, []);
    assert.deepEqual(files.map((f) => [f.display, f.explicit]), [['a/deep/two.JSON', false], ['a/link.json', false], ['a/one.json', false]]);
  });

  it('expands globs, names a glob that matches nothing and a missing folder, keeps named files explicit', () => {
    const { files, problems } = listSnapshotFiles(['*/*.json', 'b/three.json', 'zzz/*.json', 'a/*.yaml', 'missing.json'], root);
    assert.deepEqual(files.map((f) => [f.display, f.explicit]), [['a/link.json', false], ['a/one.json', false], ['b/three.json', true]]);
    assert.deepEqual(problems, [
      { display: 'zzz/*.json', message: 'no such directory: zzz' },
      { display: 'a/*.yaml', message: 'the pattern matches no file' },
      { display: 'missing.json', message: 'no such file or directory' },
    ]);
  });

  it('lists settings-style globs relative to a folder (the language server)', () => {
    assert.deepEqual(globFiles(['**/*.json'], path.join(root, 'a')).map((f) => path.relative(root, f)).sort(), ['a/deep/two.JSON', 'a/link.json', 'a/one.json']);
  });
});

describe('sources: credentials never shown', () => {
  it('redacts the password of a URL and token-like query values, and scrubs them from messages', () => {
    assert.equal(redactUrl('postgres://app:s%40cret@db:5432/prod?sslmode=require'), 'postgres://app:***@db:5432/prod?sslmode=require');
    assert.equal(redactUrl('libsql://db.example.io?authToken=abc.def'), 'libsql://db.example.io?authToken=***');
    const url = 'postgres://app:s%40cret@db:5432/prod';
    assert.equal(redactMessage(`connect to ${url} failed for password "s@cret" (s%40cret)`, url), 'connect to postgres://app:***@db:5432/prod failed for password "***" (***)');
    assert.equal(redactMessage('PGPASSWORD was env-secret-1', url, ['env-secret-1']), 'PGPASSWORD was ***');
  });
});
