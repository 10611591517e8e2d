// The CLI (dist/cli-main.js, which the bin's first stage, dist/cli.js from bin.ts, hands over to): wires process
// I/O to runCli and sets the exit code. Everything else is in run.ts.
import { runCli } from './run';
import { finish, processIo } from './processIo';
import { markStart } from '../timings';

markStart();

runCli(process.argv.slice(2), processIo()).then(finish, (error: unknown) => {
  process.stderr.write(`awaitly-lens: internal error: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exitCode = 2;
});
