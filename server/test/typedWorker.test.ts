// Definition hashes (the typed analysis: every step's result type from the checker) are computed in a worker
// thread, so the server keeps answering while the checker works through a large project.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { generateProject } from '../../scripts/bench-analysis';
import { REPO_ROOT, LspClient } from './helper';

describe('server: the typed analysis runs in a worker thread', function () {
  let root: string;
  let client: LspClient;

  before(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'awaitly-lens-typed-worker-'));
    // 500 files, 200 workflows, ~5,000 steps: typing every step takes the checker seconds.
    generateProject(root);
    // A real snapshot, renamed to a workflow of the project and stamped with a definitionHash that cannot match.
    const real = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'test-fixtures', 'snapshots', 'metadata-first-run.json'), 'utf8'));
    real.workflowName = 'workflow-1';
    real.metadata = { ...real.metadata, definitionHash: '0000000000000000' };
    fs.mkdirSync(path.join(root, 'snapshots'));
    fs.writeFileSync(path.join(root, 'snapshots', 'run-1.json'), JSON.stringify(real, null, 2));
  });
  after(async () => {
    await client?.stop();
    fs.rmSync(root, { recursive: true, force: true });
  });

  it('answers a hover while the definition hashes of the whole project are being computed', async () => {
    client = await LspClient.start({ folders: [root] });
    const source = path.join(root, 'src', 'workflows', 'workflow-1.ts');
    const snapshot = path.join(root, 'snapshots', 'run-1.json');
    await client.open(source);
    await client.diagnostics(source);
    // The snapshot's quick diagnostics come from the rules' analysis; its definitionHash check needs every
    // workflow's result types, which the deferred pass asks the worker for.
    await client.open(snapshot);
    let hashAt = 0;
    const hash = client.diagnosticsWith(snapshot, 'snapshot-definition-mismatch').then((d) => {
      hashAt = performance.now();
      return d;
    });
    // The worker has loaded the project and is now typing its steps.
    for (let i = 0; i < 600 && !client.logs.some((l) => /for definition hashes .*\(worker\)/.test(l.message)); i++) await new Promise((r) => setTimeout(r, 50));
    assert.ok(client.logs.some((l) => /for definition hashes .*\(worker\)/.test(l.message)), `no worker in the log: ${client.logs.map((l) => l.message).join(' | ').slice(-1500)}`);
    const text = fs.readFileSync(source, 'utf8');
    const offset = text.indexOf("step('loadOrder'");
    const line = text.slice(0, offset).split('\n').length - 1;
    const hover = await client.hover(source, { line, character: offset - text.lastIndexOf('\n', offset) });
    const hoverAt = performance.now();
    assert.match(JSON.stringify(hover?.contents ?? ''), /loadOrder/);
    const diagnostics = await hash;
    assert.ok(hoverAt < hashAt, `the hover waited for the typed analysis (hover at ${hoverAt.toFixed(0)} ms, hash check at ${hashAt.toFixed(0)} ms)`);
    const mismatch = diagnostics.find((d) => d.code === 'snapshot-definition-mismatch')!;
    assert.match(String(mismatch.message), /metadata\.definitionHash is 0000000000000000, the code's is v1:[0-9a-f]{64}\./);
  });
});
