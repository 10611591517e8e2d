// The schema contributed to VS Code's JSON language service (dist/snapshot.schema.json, built by esbuild.mjs) only
// describes: the language server reports every snapshot problem, so the schema must not report it a second time.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import Ajv from 'ajv';
import { EXAMPLE, ROOT } from './helpers';

describe('extension: the editor schema', () => {
  const built = path.join(ROOT, 'dist/snapshot.schema.json');
  before(function () {
    this.timeout(120_000);
    if (!fs.existsSync(built)) execFileSync(process.execPath, ['esbuild.mjs'], { cwd: ROOT });
  });

  it('reports no problem for a snapshot the server finds missing-required-field in (the core schema does)', () => {
    const snapshot = JSON.parse(fs.readFileSync(path.join(EXAMPLE, 'snapshots/checkout-missing-cause.json'), 'utf8'));
    const core = new Ajv({ strict: false, allErrors: true }).compile(JSON.parse(fs.readFileSync(path.join(ROOT, 'core/schema/snapshot.schema.json'), 'utf8')));
    assert.equal(core(snapshot), false, 'the core schema rejects it (so the test can fail)');
    const editor = new Ajv({ strict: false, allErrors: true }).compile(JSON.parse(fs.readFileSync(built, 'utf8')));
    assert.equal(editor(snapshot), true, JSON.stringify(editor.errors));
    assert.equal(editor({ formatVersion: 'x', steps: 3 }), true, 'no type checks either');
  });

  it('keeps the descriptions and allowed values for hovers and completions', () => {
    const text = fs.readFileSync(built, 'utf8');
    const core = fs.readFileSync(path.join(ROOT, 'core/schema/snapshot.schema.json'), 'utf8');
    assert.equal(text.match(/"description"/g)?.length, core.match(/"description"/g)?.length);
    assert.match(text, /"examples": \[\s*"running",\s*"completed",\s*"failed"\s*\]/);
    assert.doesNotMatch(text, /"required"|"const"|"enum"|"type": "/);
  });
});
