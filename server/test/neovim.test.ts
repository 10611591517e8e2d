// A third-party client: Neovim's built-in LSP client (Debian's nvim 0.7, so vim.lsp.start_client), headless,
// started on a copy of the example workspace with dist/server.js --stdio. The Lua script waits (vim.wait on a
// condition, not a sleep) until diagnostics arrive, asks for a hover, and writes what Neovim received as JSON.
// Skipped only when nvim is not installed; .ci/run installs it.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { copyWorkspace, EXAMPLE, REPO_ROOT, SERVER_BIN } from './helper';

const LUA = String.raw`
local out, root, file, server = os.getenv('AL_OUT'), os.getenv('AL_ROOT'), os.getenv('AL_FILE'), os.getenv('AL_SERVER')
local received = {}
local logs = {}
local client_id = vim.lsp.start_client({
  name = 'awaitly-lens',
  cmd = { os.getenv('AL_NODE'), server, '--stdio' },
  root_dir = root,
  workspace_folders = { { uri = vim.uri_from_fname(root), name = 'example' } },
  settings = { awaitlyLens = { rules = { ['definition-changed'] = 'off' } } },
  handlers = {
    ['textDocument/publishDiagnostics'] = function(err, result, ctx, config)
      received[result.uri] = result.diagnostics
      vim.lsp.diagnostic.on_publish_diagnostics(err, result, ctx, config)
    end,
    ['window/logMessage'] = function(_, result) table.insert(logs, result.message) end,
  },
})
vim.cmd('edit ' .. vim.fn.fnameescape(file))
local bufnr = vim.api.nvim_get_current_buf()
vim.lsp.buf_attach_client(bufnr, client_id)
local uri = vim.uri_from_bufnr(bufnr)
local got = vim.wait(90000, function() return received[uri] ~= nil and #received[uri] > 0 end, 20)
local hover_text = ''
local line = tonumber(os.getenv('AL_HOVER_LINE'))
local responses = vim.lsp.buf_request_sync(bufnr, 'textDocument/hover', { textDocument = { uri = uri }, position = { line = line, character = 28 } }, 20000)
for _, r in pairs(responses or {}) do
  if r.result and r.result.contents then hover_text = r.result.contents.value or '' end
end
local shown = {}
for _, d in ipairs(vim.diagnostic.get(bufnr)) do
  table.insert(shown, { lnum = d.lnum, severity = d.severity, source = d.source, message = d.message })
end
local f = io.open(out, 'w')
f:write(vim.fn.json_encode({ got = got, received = received[uri] or {}, shown = shown, hover = hover_text, logs = logs }))
f:close()
vim.lsp.stop_client(client_id)
vim.cmd('qa!')
`;

function nvimVersion(): string | undefined {
  const r = spawnSync('nvim', ['--version'], { encoding: 'utf8' });
  return r.error || r.status !== 0 ? undefined : r.stdout.split('\n')[0];
}

describe('server: Neovim as the client', function () {
  this.timeout(180_000);

  before(function () {
    const version = nvimVersion();
    if (!version) {
      // eslint-disable-next-line no-console
      console.log('      nvim is not installed: skipping the Neovim test (apt-get install -y neovim; .ci/run installs it)');
      this.skip();
    }
    if (!fs.existsSync(SERVER_BIN)) {
      const build = spawnSync(process.execPath, ['esbuild.mjs'], { cwd: REPO_ROOT, encoding: 'utf8' });
      assert.equal(build.status, 0, build.stderr);
    }
  });

  it('Neovim receives the example workspace diagnostics and a hover from dist/server.js --stdio', function () {
    const ws = copyWorkspace(EXAMPLE);
    const file = path.join(ws, 'src', 'checkout.ts');
    const out = path.join(path.dirname(ws), 'nvim-result.json');
    const script = path.join(path.dirname(ws), 'client.lua');
    fs.writeFileSync(script, LUA);
    const hoverLine = fs.readFileSync(file, 'utf8').split('\n').findIndex((l) => l.includes("step('loadCart'"));
    const run = spawnSync('nvim', ['--headless', '-u', 'NONE', '-i', 'NONE', '-n', '-c', `luafile ${script}`], {
      cwd: ws,
      encoding: 'utf8',
      timeout: 150_000,
      env: { ...process.env, AL_OUT: out, AL_ROOT: ws, AL_FILE: file, AL_SERVER: SERVER_BIN, AL_NODE: process.execPath, AL_HOVER_LINE: String(hoverLine) },
    });
    assert.ok(fs.existsSync(out), `nvim wrote no result (status ${run.status}, signal ${run.signal}): ${run.stderr}${run.stdout}`);
    const result = JSON.parse(fs.readFileSync(out, 'utf8')) as {
      got: boolean;
      received: Array<{ code: string; source: string; range: { start: { line: number } } }>;
      shown: Array<{ lnum: number; source: string }>;
      hover: string;
      logs: string[];
    };
    assert.equal(result.got, true, `no diagnostics within the wait; server log: ${result.logs.join(' | ')}`);
    const byCode = Object.fromEntries(result.received.map((d) => [d.code, d.range.start.line + 1]));
    assert.deepEqual(byCode, { 'immediate-step-execution': 93, 'unrestored-step': 100, 'colliding-step-keys': 110 });
    assert.ok(result.received.every((d) => d.source === 'awaitly-lens'));
    // What Neovim itself shows in the buffer (vim.diagnostic), 0-based lines.
    assert.deepEqual(result.shown.map((d) => d.lnum).sort((a, b) => a - b), [92, 99, 109]);
    assert.match(result.hover, /awaitly step\*\* `loadCart`/);
  });
});
