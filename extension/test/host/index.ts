// In-host test entry (extensionTestsPath): VS Code's extension host loads the bundle of this file and calls
// run(). Mocha runs inside the real host against the real extension; results go to AWAITLY_LENS_HOST_RESULTS
// (JSON) for the outer runner (extension/test/e2e/host.e2e.mjs) to print and count.
import * as fs from 'node:fs';
import Mocha from 'mocha';

interface Result {
  title: string;
  state: 'passed' | 'failed';
  ms?: number;
  error?: string;
}

export function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'bdd', timeout: 60_000, color: false, reporter: function Silent() {} as never });
  // The bundle holds the test files: define mocha's globals, then evaluate them (require is lazy in the bundle).
  mocha.suite.emit('pre-require', globalThis, 'bundle', mocha);
  require('./suite');
  const results: Result[] = [];
  const out = process.env.AWAITLY_LENS_HOST_RESULTS;
  const flush = () => out && fs.writeFileSync(out, JSON.stringify({ done: false, results }, null, 2));
  return new Promise((resolve, reject) => {
    const runner = mocha.run((failures) => {
      if (out) fs.writeFileSync(out, JSON.stringify({ done: true, failures, results }, null, 2));
      if (failures) reject(new Error(`${failures} in-host test(s) failed`));
      else resolve();
    });
    runner.on('pass', (t) => {
      results.push({ title: t.fullTitle(), state: 'passed', ms: t.duration });
      flush();
    });
    runner.on('fail', (t, err: Error) => {
      results.push({ title: t.fullTitle(), state: 'failed', error: `${err?.message ?? err}\n${err?.stack ?? ''}`.slice(0, 2000) });
      flush();
    });
  });
}
