// The workflow fixtures are real code: they must type-check against the installed awaitly@1.35.0.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as path from 'node:path';
import { FIXTURES } from './helper';

describe('test-fixtures/workflows', () => {
  it('type-checks with tsc against awaitly 1.35.0', function () {
    this.timeout(120000);
    const tsc = require.resolve('typescript/bin/tsc');
    let output = '';
    try {
      execFileSync(process.execPath, [tsc, '-p', path.join(FIXTURES, 'tsconfig.json')], { encoding: 'utf8' });
    } catch (e) {
      output = String((e as { stdout?: string }).stdout ?? e);
    }
    assert.equal(output, '');
  });
});
