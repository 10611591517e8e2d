// `npm start`: build and package the extension, install the .vsix into a fresh code-server 4.100.3 profile
// (the real VS Code 1.100 workbench, from npm), open test-fixtures/example-workspace and print the URL to open.
// Runs until Ctrl-C, then stops code-server and its extension host (the whole process group).
// PORT=9000 npm start picks the port (default 8080, or any free one when 8080 is taken).
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import { EXAMPLE_WS, ROOT, VSIX, installVsix, makeProfile, startCodeServer } from '../extension/test/e2e/harness.mjs';

const run = (args) => {
  const r = spawnSync('npm', args, { cwd: ROOT, stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
};
console.log('== building and packaging the extension');
run(['run', '--silent', 'package']);

const profile = makeProfile();
const installed = installVsix(profile, VSIX);
if (!installed.ok) {
  console.error(`could not install ${VSIX} into code-server:\n${installed.out}`);
  process.exit(1);
}
console.log(`== installed ${VSIX.slice(ROOT.length + 1)} into ${profile.T}/ext`);

let server;
const cleanup = () => {
  server?.stop();
  fs.rmSync(profile.T, { recursive: true, force: true });
};
process.on('SIGINT', () => { cleanup(); process.exit(130); });
process.on('SIGTERM', () => { cleanup(); process.exit(143); });
process.on('exit', () => server?.stop());

const wanted = process.env.PORT ? Number(process.env.PORT) : 8080;
try {
  server = await startCodeServer(profile, { workspace: EXAMPLE_WS, port: wanted });
} catch (e) {
  if (process.env.PORT) throw e;
  server = await startCodeServer(profile, { workspace: EXAMPLE_WS, port: 0 }); // 8080 taken: any free port
}
server.child.on('exit', (code) => {
  console.error(`code-server exited (${code})`);
  fs.rmSync(profile.T, { recursive: true, force: true });
  process.exit(code ?? 1);
});
console.log(`
awaitly-lens is running in code-server (VS Code ${'1.100'}) with the example workspace.
Open: ${server.url}?folder=${encodeURIComponent(EXAMPLE_WS)}
Then click the awaitly-lens icon in the activity bar: every snapshot of the workspace, with its steps'
replay states. The eye on a snapshot's row makes it active: its states then show beside the step calls
in src/ (gutter icons, after-line text) and in the status bar. Ctrl-C stops it.
`);
