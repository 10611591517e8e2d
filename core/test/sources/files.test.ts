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

  it('a folder walk comes out in the order of the reported paths, as a sort of them would give (a-b.json before a/)', () => {
    const top = fs.mkdtempSync(path.join(os.tmpdir(), 'awaitly-lens-order-'));
    const dir = path.join(top, 'order');
    for (const f of ['a/x.json', 'a/b/y.json', 'a-b.json', 'a.json', 'B.json', 'a0/z.json', '_.json', 'a/a-.json', 'a/a/w.json']) {
      fs.mkdirSync(path.dirname(path.join(dir, f)), { recursive: true });
      fs.writeFileSync(path.join(dir, f), '{}');
    }
    const shown = listSnapshotFiles(['order'], top).files.map((f) => f.display);
    fs.rmSync(top, { recursive: true, force: true });
    assert.deepEqual(shown, [...shown].sort((x, y) => (x < y ? -1 : x > y ? 1 : 0)));
    assert.deepEqual(shown, ['order/B.json', 'order/_.json', 'order/a-b.json', 'order/a.json', 'order/a/a-.json', 'order/a/a/w.json', 'order/a/b/y.json', 'order/a/x.json', 'order/a0/z.json']);
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

describe('sources: a folder walk lists what tinyglobby lists', () => {
  // Folders and the default '**/*.json' are walked by files.ts itself (readdir entry types, no stat per
  // file); any other pattern goes through tinyglobby. Both must give the same files.
  let root: string;
  before(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'awaitly-lens-walk-'));
    const files = ['one.json', 'UP.JSON', '.dot.json', 'notes.txt', 'deep/er/two.json', 'node_modules/x.json', 'deep/node_modules/y.json', '.git/z.json', 'deep/.cache/w.json', 'other/three.json', 'folder.json/inside.json'];
    for (const f of files) {
      fs.mkdirSync(path.dirname(path.join(root, 'w', f)), { recursive: true });
      fs.writeFileSync(path.join(root, 'w', f), '{}');
    }
    const link = (target: string, at: string): void => fs.symlinkSync(path.join(root, target), path.join(root, 'w', at));
    link('w/other/three.json', 'deep/link.json'); // a link to a file: listed
    link('w/notes.txt', 'txt-link.json'); // a link named .json to a text file: listed (a file)
    link('w/one.json', 'json-link.txt'); // a link named .txt: not listed
    link('w/missing.json', 'dangling.json'); // a dangling link: not listed
    link('w/other', 'dirlink'); // a link to a folder: not entered
    link('w', 'deep/cycle'); // a cycle: not entered
    link('w/deep', 'dirlink.json'); // a link to a folder named .json: not listed
  });
  after(() => fs.rmSync(root, { recursive: true, force: true }));

  it('gives the same files for a folder operand, the default glob and an equivalent pattern through tinyglobby', () => {
    const dir = path.join(root, 'w');
    const viaTinyglobby = globFiles(['**/*.{json,nomatch}'], dir).sort();
    assert.deepEqual(
      viaTinyglobby.map((f) => path.relative(dir, f)),
      ['.dot.json', 'UP.JSON', 'deep/er/two.json', 'deep/link.json', 'folder.json/inside.json', 'one.json', 'other/three.json', 'txt-link.json'],
    );
    assert.deepEqual(globFiles(['**/*.json'], dir).sort(), viaTinyglobby);
    const { files, problems } = listSnapshotFiles(['w'], root);
    assert.deepEqual(problems, []);
    assert.deepEqual(files.map((f) => f.path).sort(), viaTinyglobby);
    assert.deepEqual(files.map((f) => f.display), viaTinyglobby.map((f) => path.relative(root, f)).sort());
    // From inside the folder, display paths have no './' prefix.
    assert.deepEqual(listSnapshotFiles(['.'], dir).files.map((f) => f.display), viaTinyglobby.map((f) => path.relative(dir, f)).sort());
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
