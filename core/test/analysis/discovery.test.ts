// Workflow and step discovery over test-fixtures/workflows/discovery: entry forms, aliases, helpers, and the
// calls that must not be taken for steps.
import assert from 'node:assert/strict';
import { analyzeFixture, keyOf, stepById, workflow } from './helper';

describe('analysis: workflow and step discovery', () => {
  const result = analyzeFixture('discovery');

  it('finds every workflow form with its entry and name', () => {
    const rows = result.workflows.map((w) => [w.label, w.entry, w.invocation, w.restores]).sort((a, b) => String(a[0]).localeCompare(String(b[0])));
    assert.deepEqual(rows, [
      ['checkout', 'createWorkflow', 'run', true],
      ['guide', 'callable', 'call', true],
      ['invoices', 'createWorkflow', 'run', true],
      ['order-${…}', 'durable.run', 'durable.run', true],
      ['orders', 'createWorkflow', 'runWithState', true],
      ['refunds', 'createSagaWorkflow', 'run', true],
      ['reporting', 'createWorkflow', 'run', true],
      ['run-deps@11', 'run-deps', 'run', false],
      ['run@8', 'run', 'run', false],
      ['runSaga@29', 'runSaga', 'runSaga', false],
    ]);
  });

  it('follows a renamed step ({ step: s }) and bound steps with their per-run counter', () => {
    const wf = workflow(result, 'checkout');
    assert.deepEqual(wf.steps.map((s) => [s.kind, s.method, keyOf(s) ?? null]), [
      ['step', 'step', 'fetchUser'],
      ['step', 'step', 'posts:${…}'],
      ['try', 'try', 'parse'],
      ['retry', 'retry', null],
      ['bound', 'sendEmail', 'sendEmail'],
      ['bound', 'sendEmail', 'sendEmail#2'],
    ]);
    assert.equal(stepById(wf, 'fetchPosts').key?.form, 'template');
    assert.equal(stepById(wf, 'fetchUser').resultType, 'User');
  });

  it('follows `const s = step`, `const { step } = ctx`, ctx.step and namespace / renamed imports', () => {
    assert.deepEqual(workflow(result, 'orders').steps.map((s) => [s.kind, keyOf(s)]), [['step', 'load'], ['sleep', 'pause']]);
    assert.deepEqual(workflow(result, 'invoices').steps.map((s) => keyOf(s)), ['invoice']);
  });

  it('follows step into helpers in another module, with const keys resolved across modules', () => {
    const wf = workflow(result, 'reporting');
    assert.deepEqual(wf.steps.map((s) => [s.kind, s.id?.value, keyOf(s), s.key?.form]), [
      ['step', 'audit', 'audit:v1', 'const'],
      ['step', 'audit-part', 'audit-part:${…}', 'template'],
      ['workflow', 'child', 'child', 'literal'],
    ]);
    assert.ok(wf.steps.every((s) => s.file.endsWith('helpers.ts')));
    assert.deepEqual(wf.steps[1]!.context.map((c) => `${c.kind}:${c.detail}`), ['helper:audit', 'loop:for-of']);
    assert.equal(wf.steps[0]!.via?.[0]?.function, 'audit');
    assert.ok(wf.files.some((f) => f.endsWith('helpers.ts')));
  });

  it('ignores a shadowed or unrelated `step`, and steps in strings or comments', () => {
    const wf = workflow(result, 'reporting');
    assert.equal(wf.steps.length, 3);
    assert.ok(!wf.steps.some((s) => s.file.endsWith('uses-helpers.ts')));
  });

  it('run() and runSaga() steps are never restored; durable.run names come from the id', () => {
    const plain = workflow(result, 'run@8');
    assert.equal(plain.steps[0]!.restore, 'not-recorded');
    assert.ok(plain.notes[0]!.includes('no cache'));
    const deps = workflow(result, 'run-deps@11');
    assert.deepEqual(deps.steps.map((s) => [s.kind, keyOf(s)]), [['bound', 'fetchUser'], ['step', 'after']]);
    const durable = workflow(result, 'order-${…}');
    assert.equal(durable.name?.form, 'template');
    assert.deepEqual(durable.steps.map((s) => keyOf(s)), ['reserve:${…}', 'charge']);
  });

  it('analyses the callable form and says it is not callable at run time', () => {
    const wf = workflow(result, 'guide');
    assert.deepEqual(wf.steps.map((s) => keyOf(s)), ['user:1']);
    assert.match(wf.notes[0]!, /not callable/);
  });

  it('gives 1-based source ranges', () => {
    const s = stepById(workflow(result, 'checkout'), 'fetchUser');
    assert.equal(s.range.start.line, 9);
    assert.equal(s.range.start.column, 24);
    assert.equal(s.id?.range.start.column, 26);
  });
});
