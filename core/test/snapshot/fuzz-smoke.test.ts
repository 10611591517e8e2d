// A small in-process run of the fuzz loop that `npm run fuzz` runs at scale (scripts/fuzz.ts).
import assert from 'node:assert/strict';
import { formatSummary, runFuzz } from '../support/fuzzLoop';

describe('snapshot: fuzz smoke (same loop as npm run fuzz)', () => {
  it('2000 generated inputs: 0 disagreements with awaitly 1.35.0 or 4.5.1, 0 crashes', function () {
    this.timeout(600_000);
    // mocha sets Error.stackTraceLimit = Infinity, which makes deep cause chains quadratic (see differential.test.ts).
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 10;
    let summary;
    try {
      summary = runFuzz({ seed: Number(process.env.FUZZ_SEED ?? 2024), count: 2000, examplesPerSignature: 1 });
    } finally {
      Error.stackTraceLimit = limit;
    }
    assert.equal(summary.inputs, 2000);
    assert.ok(summary.checks > summary.inputs * 5, `only ${summary.checks} checks`);
    assert.ok(summary.disagreements === 0 && summary.crashes === 0, formatSummary(summary));
  });
});
