// The process io (cli/processIo.ts) in a child process: text and stored bytes (a replayed report) go to stdout with
// write(2) on fd 1, whole and in order; a pipe closed by the reader ends the writing without an error, as the
// stream's EPIPE handler does.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { REPO_ROOT } from './helpers';

const IO = JSON.stringify(path.join(REPO_ROOT, 'core/src/cli/processIo.ts'));

function child(body: string, options: { shell?: string } = {}) {
  const script = `const { processIo, finish } = require(${IO}); const io = processIo(); ${body}`;
  if (options.shell) {
    // The child's stdout piped into another command (the shell reports both exit codes).
    const r = spawnSync('bash', ['-c', `"$0" --require tsx/cjs -e "$1" | ${options.shell}; echo "exit \${PIPESTATUS[0]}" >&2`, process.execPath, script], { cwd: REPO_ROOT, encoding: 'utf8' });
    return { stdout: r.stdout, stderr: r.stderr };
  }
  const r = spawnSync(process.execPath, ['--require', 'tsx/cjs', '-e', script], { cwd: REPO_ROOT, maxBuffer: 64 * 1024 * 1024 });
  return { stdout: r.stdout, stderr: r.stderr.toString(), status: r.status };
}

describe('cli: process io', function () {
  this.timeout(60_000);

  it('writes 8 MB of bytes whole through a pipe, and text and bytes in the order written', () => {
    const big = child(`io.stdoutBytes(Buffer.alloc(8 << 20, 0x61)); finish(3);`);
    assert.equal(big.status, 3, big.stderr);
    assert.equal(big.stdout.length, 8 << 20);
    assert.ok(big.stdout.every((b) => b === 0x61));
    const mixed = child(`io.stdout('one,'); io.stdoutBytes(Buffer.from('two,')); io.stdout('three'); finish(0);`);
    assert.deepEqual([mixed.status, mixed.stdout.toString(), mixed.stderr], [0, 'one,two,three', '']);
  });

  it('ends at once only with everything written: a slow reader still gets every byte; a timer still runs', () => {
    const slow = child(`io.stdout('b'.repeat(4 << 20)); io.stderr('after\\n'); finish(4);`, { shell: '(sleep 0.5; wc -c)' });
    assert.equal(String(slow.stdout).trim(), String(4 << 20));
    assert.equal(slow.stderr, 'after\nexit 4\n');
    const timer = child(`setTimeout(() => io.stderr('timer ran\\n'), 200); io.stdout('done'); finish(0);`);
    assert.deepEqual([timer.status, timer.stdout.toString(), timer.stderr], [0, 'done', 'timer ran\n']);
  });

  it('a reader that closes the pipe early ends the writing quietly; the exit code stands', () => {
    const r = child(`io.stdoutBytes(Buffer.alloc(8 << 20, 0x61)); io.stderr('after\\n'); finish(1);`, { shell: 'head -c 5' });
    assert.equal(r.stdout, 'aaaaa');
    assert.equal(r.stderr, 'after\nexit 1\n');
    const text = child(`io.stdout('t'.repeat(8 << 20)); io.stdout('more'); io.stderr('after\\n'); finish(1);`, { shell: 'head -c 3' });
    assert.equal(text.stdout, 'ttt');
    assert.equal(text.stderr, 'after\nexit 1\n');
  });
});
