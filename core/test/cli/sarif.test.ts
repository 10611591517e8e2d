// --format sarif: valid against the official SARIF 2.1.0 schema (test-fixtures/schemas), rules with
// help links into docs/rules.md, results matching the json format's diagnostics.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import Ajv, { type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import type * as Sarif from 'sarif';
import type { JsonReport } from '../../src/cli/reporters/json';
import { RULES } from '../../src/cli/rules';
import { REPO_ROOT, TempDir, readRealSnapshot, realSnapshot, runInProcess } from './helpers';

function loadSarifValidator(): ValidateFunction {
  const schema = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'test-fixtures/schemas/sarif-schema-2.1.0.json'), 'utf8')) as Record<string, unknown>;
  // The OASIS schema is draft-04, which ajv 8 has no meta-schema for; its keywords mean the same in
  // ajv's default dialect, so only the dialect marker and the draft-04 `id` are dropped.
  delete schema.$schema;
  delete schema.id;
  const ajv = new Ajv({ allErrors: true, strict: false });
  addFormats(ajv);
  return ajv.compile(schema);
}

describe('cli: sarif format', () => {
  let validate: ValidateFunction;
  let tmp: TempDir;
  before(() => {
    validate = loadSarifValidator();
  });
  beforeEach(() => {
    tmp = new TempDir();
  });
  afterEach(() => tmp.remove());

  const assertValid = (log: unknown): void => {
    const valid = validate(log);
    assert.ok(valid, JSON.stringify(validate.errors, null, 2));
  };

  it('rejects a broken log (the schema check is not vacuous)', () => {
    assert.equal(validate({ version: '2.1.0', runs: [{ tool: { driver: {} } }] }), false);
    assert.equal(validate({ version: '2.1.0', runs: [{ tool: { driver: { name: 'x' } }, results: [{ message: { text: 'm' }, level: 'fatal' }] }] }), false);
  });

  it('is schema-valid with errors, warnings, infos, related places, stdin and an unreadable file', async () => {
    const noCause = realSnapshot('failed-err-result.json');
    delete noCause.steps.charge.cause;
    tmp.write('state/no cause 100%.json', noCause);
    const warned = realSnapshot('running-first-checkpoint.json');
    warned.execution.lastUpdated = 'yesterday';
    tmp.write('state/warned.json', warned);
    tmp.write('state/info.json', readRealSnapshot('completed-last-checkpoint.json'));
    tmp.write('state/dup.json', readRealSnapshot('running-first-checkpoint.json').replace('"steps": {', '"steps": {\n    "fetchUser": { "ok": true, "value": 0 },'));
    tmp.write('state/truncated.json', readRealSnapshot('thrown-error-chain.json').slice(0, 300));
    const stdin = JSON.stringify({ ...realSnapshot('running-first-checkpoint.json'), formatVersion: 7 });

    const r = await runInProcess(['validate', 'state', '-', 'gone.json', '-f', 'sarif'], { cwd: tmp.root, stdin });
    assert.equal(r.code, 2);
    const log = JSON.parse(r.stdout) as Sarif.Log;
    assertValid(log);

    const run = log.runs[0]!;
    assert.equal(run.tool.driver.name, 'awaitly-lens');
    assert.equal(run.columnKind, 'utf16CodeUnits');
    assert.equal(run.invocations?.[0]?.executionSuccessful, false);
    assert.match(run.invocations?.[0]?.toolExecutionNotifications?.[0]?.message.text ?? '', /gone\.json: no such file/);
    const levels = new Set(run.results!.map((x) => x.level));
    assert.deepEqual([...levels].sort(), ['error', 'note', 'warning']);

    // Same diagnostics, same places, as the json format.
    const json = JSON.parse((await runInProcess(['validate', 'state', '-', '-f', 'json'], { cwd: tmp.root, stdin })).stdout) as JsonReport;
    assert.equal(run.results!.length, json.diagnostics.length);
    run.results!.forEach((result, i) => {
      const d = json.diagnostics[i]!;
      const location = result.locations![0]!.physicalLocation!;
      assert.equal(result.ruleId, d.code);
      assert.equal(run.tool.driver.rules![result.ruleIndex!]!.id, d.code);
      assert.equal(result.message.text, d.message);
      assert.deepEqual(
        [location.region!.startLine, location.region!.startColumn, location.region!.endLine, location.region!.endColumn],
        [d.line, d.column, d.endLine, d.endColumn],
      );
      assert.equal(decodeURIComponent(location.artifactLocation!.uri!), d.file);
      assert.equal(result.properties?.jsonPath ?? null, d.jsonPath);
    });
    assert.ok(run.results!.some((x) => x.locations![0]!.physicalLocation!.artifactLocation!.uri === 'state/no%20cause%20100%25.json'));
    assert.ok(run.results!.some((x) => x.locations![0]!.physicalLocation!.artifactLocation!.uri === '%3Cstdin%3E'));
    const duplicate = run.results!.find((x) => x.ruleId === 'duplicate-key');
    assert.ok(duplicate, 'the duplicated step key is reported');
    const related = duplicate.relatedLocations?.[0];
    assert.ok(related?.message?.text && related.physicalLocation?.region?.startLine, 'with the earlier occurrence as a related location');
    assert.ok(related.physicalLocation.region.startLine < duplicate.locations![0]!.physicalLocation!.region!.startLine!);
    const base = run.originalUriBaseIds!['%SRCROOT%']!.uri!;
    assert.ok(base.startsWith('file://') && base.endsWith('/'), base);
  });

  it('lists every documented rule with an id, a level and a helpUri into docs/rules.md', async () => {
    tmp.write('ok.json', readRealSnapshot('running-first-checkpoint.json'));
    const r = await runInProcess(['validate', 'ok.json', '-f', 'sarif'], { cwd: tmp.root });
    assert.equal(r.code, 0);
    const log = JSON.parse(r.stdout) as Sarif.Log;
    assertValid(log);
    const rules = log.runs[0]!.tool.driver.rules!;
    assert.deepEqual(
      rules.map((rule) => rule.id),
      RULES.map((rule) => rule.code),
    );
    for (const rule of rules) {
      assert.ok(rule.helpUri!.endsWith(`docs/rules.md#${rule.id}`), rule.helpUri);
      assert.ok(rule.shortDescription?.text);
      assert.ok(['error', 'warning', 'note'].includes(rule.defaultConfiguration!.level!));
    }
    assert.deepEqual(log.runs[0]!.results, []);
    assert.equal(log.runs[0]!.invocations![0]!.executionSuccessful, true);
  });
});
