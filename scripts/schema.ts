// Generates core/schema/snapshot.schema.json from the format types in core/src/snapshot/types.ts,
// so the JSON Schema VS Code uses (contributes.jsonValidation) cannot drift from the types.
// `npm run schema` writes it; the schema test fails when the committed file is stale.
import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { createGenerator } from 'ts-json-schema-generator';

export const SCHEMA_PATH = path.resolve(__dirname, '..', 'core', 'schema', 'snapshot.schema.json');

export function generateSnapshotSchema(): Record<string, unknown> {
  const schema = createGenerator({
    path: path.resolve(__dirname, '..', 'core', 'src', 'snapshot', 'types.ts'),
    tsconfig: path.resolve(__dirname, '..', 'tsconfig.json'),
    type: 'SnapshotFile',
    skipTypeCheck: true,
    additionalProperties: true,
  }).createSchema('SnapshotFile') as Record<string, any>;
  // One deliberate difference from the type: awaitly saves ok(undefined) as {"ok": true} (the key is
  // dropped by JSON), so real snapshots lack `value`; the checker reports that as info, not an error.
  const ok = schema.definitions.StepResult.anyOf.find((b: any) => b.properties?.ok?.const === true);
  ok.required = ok.required.filter((k: string) => k !== 'value');
  // VS Code can attach a schema only by file name (snapshots/**/*.json, ...), and such folders also
  // hold other JSON; the snapshot shape applies to files that say they are one (formatVersion, a
  // ResumeState kind, or steps + execution: the same test the analysis uses to recognise them).
  const { $ref, ...rest } = schema;
  return {
    title: 'awaitly workflow snapshot or resume state',
    ...rest,
    if: { type: 'object', anyOf: [{ required: ['formatVersion'] }, { required: ['kind'], properties: { kind: { const: 'ResumeState' } } }, { required: ['steps', 'execution'] }] },
    then: { $ref },
  };
}

if (require.main === module) {
  writeFileSync(SCHEMA_PATH, JSON.stringify(generateSnapshotSchema(), null, 2) + '\n');
  console.log(`wrote ${path.relative(process.cwd(), SCHEMA_PATH)}`);
}
