// TypeScript 7's Go process writes to a file of its own, not to our stderr (typed/nativeStderr.ts): shutdown noise
// stays out of check's output, and what it printed before a failure ends the error the user sees. The Go process is
// made to print by SIGQUIT (Go's runtime then prints "SIGQUIT: quit" and every goroutine's stack, and exits), in a
// child process whose own stderr is then read.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';

const REPO = path.resolve(__dirname, '../../..');
const TSCONFIG = path.join(REPO, 'test-fixtures', 'example-workspace', 'tsconfig.json');

// Run in the child (tsx): open the project on TypeScript 7, SIGQUIT its Go process, ask for types, print the error.
const SCRIPT = `
const { loadNative, NativeEngine } = require(${JSON.stringify(path.join(REPO, 'core/src/typed/nativeEngine.ts'))});
const { nativeFailure } = require(${JSON.stringify(path.join(REPO, 'core/src/typed/nativeStderr.ts'))});
const native = loadNative();
if ('error' in native) throw new Error(native.error);
const engine = new NativeEngine(native, { tsconfig: ${JSON.stringify(TSCONFIG)} });
const fs = require('node:fs');
// This process's children (the 4th field of /proc/<pid>/stat is the parent's pid), TypeScript 7's only: tsx's
// esbuild service is a Go child of this process too.
const pids = fs.readdirSync('/proc').filter((d) => /^\\d+$/.test(d)).map(Number).filter((pid) => {
  try {
    const stat = fs.readFileSync('/proc/' + pid + '/stat', 'utf8');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === process.pid && fs.readFileSync('/proc/' + pid + '/cmdline', 'utf8').split('\\0').includes('--api');
  } catch { return false; }
});
if (pids.length !== 1) throw new Error('TypeScript 7 processes: ' + pids.length);
for (const pid of pids) process.kill(pid, 'SIGQUIT');
const deadline = Date.now() + 10000;
while (Date.now() < deadline && pids.some((pid) => { try { process.kill(pid, 0); return !fs.readFileSync('/proc/' + pid + '/stat', 'utf8').includes(') Z '); } catch { return false; } })) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 50);
try {
  engine.resultTypes([{ file: ${JSON.stringify(path.join(REPO, 'test-fixtures/example-workspace/src/checkout.ts'))}, start: 0, end: 1 }]);
  console.log('no error');
} catch (error) {
  console.log('ERROR ' + nativeFailure(error));
}
`;

describe('typed: TypeScript 7\'s stderr', function () {
  this.timeout(120_000);

  it('goes to a file of its own, and its last lines end the error of a failure', function () {
    if (process.platform !== 'linux') this.skip();
    const r = spawnSync(process.execPath, ['--require', require.resolve('tsx/cjs'), '-e', SCRIPT], { cwd: REPO, encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    assert.doesNotMatch(r.stderr, /SIGQUIT|goroutine/, 'the Go process printed on our stderr: ' + r.stderr.slice(0, 300) + ' STDOUT ' + r.stdout.slice(0, 300));
    assert.match(r.stdout, /^ERROR .*\(TypeScript 7 printed: SIGQUIT: quit\)$/m);
  });
});
