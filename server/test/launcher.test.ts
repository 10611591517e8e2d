// dist/server.js is a launcher that loads the server bundle (dist/server-main.js) with V8's code cache (and the typed
// worker takes the JS API from that bundle where TypeScript 7 does not answer): the built bin must serve diagnostics and typed code lenses, write the
// cache in the user's cache folder while it runs (an editor may kill it rather than let it exit), and serve the
// same answers when it starts from that cache.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { copyWorkspace, EXAMPLE, LspClient, SERVER_BIN } from './helper';

describe('server: the built launcher and its code cache', function () {
  this.timeout(120_000);
  let ws: string;
  let cacheHome: string;
  before(function () {
    if (!fs.existsSync(SERVER_BIN)) this.skip();
    ws = copyWorkspace(EXAMPLE);
    cacheHome = fs.mkdtempSync(path.join(os.tmpdir(), 'awaitly-lens-server-cache-'));
  });
  after(() => fs.rmSync(cacheHome, { recursive: true, force: true }));

  const session = async (env: Record<string, string> = {}, logs: string[] = []): Promise<{ diagnostics: string[]; lens: string | undefined }> => {
    const client = await LspClient.start({ folders: [ws], bin: true, env: { XDG_CACHE_HOME: cacheHome, ...env } });
    try {
      const file = path.join(ws, 'src', 'checkout.ts');
      await client.open(file);
      const diagnostics = (await client.diagnostics(file)).map((d) => `${d.code}:${d.range.start.line}`);
      // The lens carries the definition hash: result types from the typed worker, itself started by the launcher.
      const lens = (await client.codeLenses(file))?.[0]?.command?.title;
      // The cache is written 2 s after a start: wait for it before stopping (stop() may kill the process).
      const dir = path.join(cacheHome, 'awaitly-lens');
      for (let i = 0; i < 200 && !(fs.existsSync(dir) && fs.readdirSync(dir).some((f) => f.endsWith('.bin'))); i++) await new Promise((r) => setTimeout(r, 50));
      logs.push(...client.logs.map((l) => l.message));
      return { diagnostics, lens };
    } finally {
      await client.stop();
    }
  };

  it('answers from the bundle, writes the code cache while running, and answers the same from it', async () => {
    const first = await session();
    assert.match(first.lens ?? '', /^awaitly-lens #[0-9a-f]{8} · lock: unchanged$/);
    assert.ok(first.diagnostics.includes('colliding-step-keys:109'), first.diagnostics.join(', '));
    const files = fs.readdirSync(path.join(cacheHome, 'awaitly-lens')).filter((f) => f.endsWith('.bin'));
    assert.equal(files.length, 1, files.join(', '));
    const second = await session();
    assert.deepEqual(second, first);
  });

  // The typed worker's bundle (dist/typedWorker.js) has no JS TypeScript: where TypeScript 7 is not used (the .vsix
  // has no node_modules), it takes the JS API from the server bundle, and the hash is the same.
  it('gives the same lens when the typed worker answers from the JS API in the server bundle', async () => {
    const native: string[] = [];
    const first = await session({}, native);
    // Its worker is the one the launcher started beside the server bundle (launch.ts), taken by the first folder.
    assert.match(native.join('\n'), /for definition hashes in \d+ ms \(worker, started with the server\).*, result types from TypeScript 7\.0\.2 \(native\)/);
    const logs: string[] = [];
    const js = await session({ AWAITLY_LENS_ENGINE: 'js' }, logs);
    assert.match(logs.join('\n'), /\(worker, started with the server\), result types from TypeScript 6\.\d+\.\d+ \(JS API; AWAITLY_LENS_ENGINE=js\)/);
    assert.deepEqual(js, first);
  });
});
