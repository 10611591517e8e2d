// --format github: workflow-command annotations and their escaping.
import assert from 'node:assert/strict';
import { escapeData, escapeProperty, githubReporter } from '../../src/cli/reporters/github';
import type { DiagnosticReport } from '../../src/cli/reporters/types';
import type { Diagnostic } from '../../src/diagnostic';
import { TempDir, realSnapshot, readRealSnapshot, runInProcess } from './helpers';

function diagnostic(overrides: Partial<Diagnostic>): Diagnostic {
  return {
    code: 'invalid-status',
    severity: 'error',
    message: 'execution.status must be one of: running, completed, failed',
    range: { start: { line: 3, column: 5 }, end: { line: 3, column: 14 }, startOffset: 20, endOffset: 29 },
    jsonPath: '/execution/status',
    ...overrides,
  };
}

describe('cli: github format', () => {
  it('escapes %, CR and LF in messages, and also : and , in properties', () => {
    assert.equal(escapeData('100% done\r\nnext: a, b'), '100%25 done%0D%0Anext: a, b');
    assert.equal(escapeProperty('dir,x/a:b%.json\n'), 'dir%2Cx/a%3Ab%25.json%0A');
    // % first, so an escape sequence already in the text is not decoded by the runner.
    assert.equal(escapeData('%0A'), '%250A');
  });

  it('writes one ::error/::warning/::notice command per diagnostic with its range', () => {
    const report: DiagnosticReport = {
      cwd: '/repo',
      failures: [],
      files: [
        {
          file: 'state/a,b:c%.json',
          diagnostics: [
            diagnostic({}),
            diagnostic({ code: 'non-iso-timestamp', severity: 'warning', message: 'line one\nline two 50%' }),
            diagnostic({ code: 'missing-step-value', severity: 'info', message: 'no value' }),
          ],
        },
      ],
    };
    const lines = githubReporter(report).split('\n');
    assert.deepEqual(lines.slice(0, 3), [
      '::error file=state/a%2Cb%3Ac%25.json,line=3,col=5,endLine=3,endColumn=14,title=awaitly-lens invalid-status::execution.status must be one of: running, completed, failed',
      '::warning file=state/a%2Cb%3Ac%25.json,line=3,col=5,endLine=3,endColumn=14,title=awaitly-lens non-iso-timestamp::line one%0Aline two 50%25',
      '::notice file=state/a%2Cb%3Ac%25.json,line=3,col=5,endLine=3,endColumn=14,title=awaitly-lens missing-step-value::no value',
    ]);
    assert.match(lines[3]!, /^3 problems \(1 error, 1 warning, 1 info\)/);
  });

  it('annotates real files through the command, exit code unchanged', async () => {
    const tmp = new TempDir();
    try {
      const bad = realSnapshot('running-first-checkpoint.json');
      bad.execution.status = 'done';
      tmp.write('snap, v2: final.json', bad);
      tmp.write('ok.json', readRealSnapshot('running-first-checkpoint.json'));
      const r = await runInProcess(['validate', '.', '--format', 'github'], { cwd: tmp.root });
      assert.equal(r.code, 1);
      const [first, ...rest] = r.stdout.trimEnd().split('\n');
      assert.match(first!, /^::error file=snap%2C v2%3A final\.json,line=\d+,col=\d+,endLine=\d+,endColumn=\d+,title=awaitly-lens invalid-status::execution\.status must be one of: running, completed, failed$/);
      assert.deepEqual(rest, ['1 problem (1 error, 0 warnings, 0 infos) in 1 file (2 files checked)']);
    } finally {
      tmp.remove();
    }
  });
});
