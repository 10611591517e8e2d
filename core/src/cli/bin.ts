// The bin (dist/cli.js), first stage. A check run with nothing changed prints its stored output (cli/checkReplay.ts)
// from here, with node built-ins and the few modules that decide it (cli/checkArgs.ts): the CLI (dist/cli-main.js,
// ~365 kB, every command and reporter) is not even compiled. Any other run, and any check this stage does not
// replay (a miss, help, --fix, an argument it does not understand), is handed to the CLI as it is: nothing has been
// written by then, so the CLI decides and prints everything, as if started directly.
import * as path from 'node:path';
import { markStart, timePhase } from '../timings';
import { storedCheckOutput } from './checkArgs';
import { printStored } from './checkReplay';
import { finish, processIo } from './processIo';

markStart();

const [command, ...args] = process.argv.slice(2);
const stored = command === 'check'
  ? timePhase("first stage: check's stored output (replayed when valid)", () => {
    try {
      return storedCheckOutput(args, process.cwd());
    } catch {
      return undefined; // The CLI decides (and reports what went wrong).
    }
  })
  : undefined;
if (stored === undefined) loadCli();
else finish(printStored(stored, processIo()));

/**
 * dist/cli-main.js through V8's code cache (codeCache.ts: ~8 ms of each start, a third of what the CLI adds to
 * node's own start-up on a small run); from the sources (tsx), ./main. (`require`, not import(): see
 * commands/index.ts. esbuild.mjs points './main' at dist/cli-main.js in dist/cli.js.)
 */
function loadCli(): void {
  // Required here, not imported: its set-up (node:vm, node:module) is ~2 ms that a replay has no use for.
  if (path.basename(__filename) === 'cli.js') (require('./codeCache') as typeof import('./codeCache')).requireWithCodeCache(path.join(__dirname, 'cli-main.js'));
  else require('./main');
}
