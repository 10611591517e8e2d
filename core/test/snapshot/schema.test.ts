import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import * as path from 'node:path';
import Ajv from 'ajv';
import { validateSnapshot } from '../../src/snapshot';
import { SCHEMA_PATH, generateSnapshotSchema } from '../../../scripts/schema';

const root = path.resolve(__dirname, '..', '..', '..');
const fixtures = path.join(root, 'test-fixtures', 'snapshots');
const schema = JSON.parse(readFileSync(SCHEMA_PATH, 'utf8'));
const validate = new Ajv({ allErrors: true, strict: false }).compile(schema);

describe('JSON Schema for snapshot files (core/schema/snapshot.schema.json)', () => {
  it('is what the format types generate (run `npm run schema` after changing types.ts)', function () {
    this.timeout(120000);
    assert.deepEqual(schema, JSON.parse(JSON.stringify(generateSnapshotSchema())));
  });

  const files = readdirSync(fixtures).filter((f) => f.endsWith('.json') && f !== 'manifest.json');
  for (const f of files) {
    it(`accepts real awaitly output: ${f}`, () => {
      const ok = validate(JSON.parse(readFileSync(path.join(fixtures, f), 'utf8')));
      assert.ok(ok, JSON.stringify(validate.errors));
    });
  }

  it('rejects what awaitly rejects, with the path of the problem', () => {
    const base = JSON.parse(readFileSync(path.join(fixtures, 'failed-err-result.json'), 'utf8'));
    const mutations: [string, (o: any) => void][] = [
      ['no cause', (o) => delete o.steps.charge.cause],
      ['ok "yes"', (o) => (o.steps.reserve.ok = 'yes')],
      ['formatVersion 2', (o) => (o.formatVersion = 2)],
      ['status done', (o) => (o.execution.status = 'done')],
      ['no execution', (o) => delete o.execution],
      ['lastUpdated number', (o) => (o.execution.lastUpdated = 5)],
    ];
    for (const [name, edit] of mutations) {
      const o = structuredClone(base);
      edit(o);
      assert.equal(validateSnapshot(o).valid, false, `${name}: awaitly rejects it`);
      assert.equal(validate(o), false, `${name}: the schema rejects it too`);
    }
  });

  it('leaves other JSON alone (VS Code attaches it by folder name, and snapshots/ folders hold other files)', () => {
    const notes = JSON.parse(readFileSync(path.join(root, 'test-fixtures', 'example-workspace', 'snapshots', 'notes.json'), 'utf8'));
    for (const other of [notes, [1, 2], { name: 'x', steps: 3 }]) assert.ok(validate(other), JSON.stringify(validate.errors));
    // Anything that says it is a snapshot or resume state is held to the shape.
    for (const claims of [{ formatVersion: 1 }, { kind: 'ResumeState' }, { steps: {}, execution: 7 }]) assert.equal(validate(claims), false, JSON.stringify(claims));
  });
});
