// Regenerates the project's real awaitly fixtures:  npm run fixtures   (= node test-fixtures/generate.mjs)
//
// Every snapshot / resume-state file written here is output of awaitly itself, from BOTH lines the project
// supports: awaitly@1.35.0 (devDependency `awaitly`) into snapshots/, awaitly@4.5.1 (devDependency `awaitly-4`,
// the vendored build) into snapshots-4x/, the same cases for both (generate/cases.mjs: durable.run with a recording
// in-memory SnapshotStore, or workflow.runWithState + serializeResumeState), JSON round-tripped with
// JSON.stringify(x, null, 2). The example workspace is written for 4.5.1 and its snapshots come from 4.5.1
// (generate/workspace.mjs). Inputs are fixed; timestamps, stack traces and the one Date.now() key in the example
// workspace are whatever the run produces. The only files NOT written by awaitly are:
//   - the three derived problem files in example-workspace/snapshots/, made IN CODE from real ones by the
//     mutations documented next to them and in the manifest;
//   - example-workspace/snapshots/notes.json, a deliberately unrelated JSON file that tools must skip;
//   - the two manifest.json files, which list every file and what each awaitly line's validators say about it.
//
// The script checks every outcome it relies on and exits non-zero if awaitly behaves differently.
import { writeFileSync, readdirSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, sameList, cleanJsonFiles, fixtureFolder } from './generate/support.mjs';
import { awaitly135, awaitly4, lines } from './generate/runtimes.mjs';
import { writeCommonCases } from './generate/cases.mjs';
import { writeWorkspaceSnapshots } from './generate/workspace.mjs';

const started = Date.now();
const here = dirname(fileURLToPath(import.meta.url));
const repoRoot = join(here, '..');
const WS_DIR = join(here, 'example-workspace');
const folders = [
  { rt: awaitly135, dir: join(here, 'snapshots') },
  { rt: awaitly4, dir: join(here, 'snapshots-4x') },
];

const LEGEND = {
  kind: '"WorkflowSnapshot" (written by durable.run through a SnapshotStore), "SerializedResumeState" (serializeResumeState output), "other" (not awaitly data)',
  derived: 'true = made in generate.mjs from a real snapshot by the mutation in source.mutation; false = exactly what awaitly wrote',
  awaitly:
    'per awaitly line (keyed by version): what its validators say about the file as written: validateSnapshot / looksLikeWorkflowSnapshot, or isSerializedResumeState / deserializeResumeState (1.35.0: awaitly/persistence and awaitly/workflow; 4.5.1: the root entry)',
  observed: 'extra facts checked while generating (store ops, calls on resume, errors)',
};

/** Every *.json in the folder is listed in the manifest, and nothing more. */
function checkListed(dir, entries, extra = []) {
  const onDisk = readdirSync(dir).filter((n) => n.endsWith('.json')).sort();
  const inManifest = [...entries.map((e) => e.file), ...extra].sort();
  expect(sameList(onDisk, inManifest), `manifest matches ${relative(repoRoot, dir)}`, { onDisk, inManifest });
}

const written = [];
for (const { rt, dir } of folders) {
  cleanJsonFiles(dir);
  const folder = fixtureFolder(dir, lines);
  await writeCommonCases(rt, folder.write);
  const manifest = {
    description: `Real awaitly ${rt.version} fixtures written by test-fixtures/generate.mjs (npm run fixtures). Do not edit by hand.`,
    awaitlyVersion: rt.version,
    legend: LEGEND,
    files: folder.entries,
  };
  if (rt === awaitly4) {
    const wsSnapDir = join(WS_DIR, 'snapshots');
    cleanJsonFiles(wsSnapDir);
    const ws = fixtureFolder(wsSnapDir, lines);
    await writeWorkspaceSnapshots(rt, WS_DIR, ws.write, ws.writeText);
    checkListed(wsSnapDir, ws.entries);
    manifest.exampleWorkspace = { dir: relative(repoRoot, wsSnapDir), files: ws.entries };
    written.push(...ws.entries.map((e) => ({ ...e, file: `${relative(here, wsSnapDir)}/${e.file}`, line: rt.version })));
  }
  writeFileSync(join(dir, 'manifest.json'), JSON.stringify(manifest, null, 2) + '\n');
  checkListed(dir, folder.entries, ['manifest.json']);
  written.push(...folder.entries.map((e) => ({ ...e, file: `${relative(here, dir)}/${e.file}`, line: rt.version })));
}

for (const e of written) {
  const verdicts = Object.entries(e.awaitly).map(([version, a]) =>
    a.validateSnapshot ? `${version}: valid=${a.validateSnapshot.valid}` : `${version}: accepted=${a.deserializeResumeState.accepted}`,
  );
  console.log(`${e.file.padEnd(46)} ${verdicts.join('  ')}`);
}
const elapsed = Date.now() - started;
console.log(`wrote ${written.length} fixtures and 2 manifests in ${elapsed} ms`);
expect(elapsed < 30000, 'generation should take under 30 s', elapsed);
