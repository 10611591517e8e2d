// The subcommand table. Add a subcommand by writing commands/<name>.ts exporting a Command and
// listing it here with its loader; the dispatcher (run.ts) and `--help` pick it up from this list alone.
// Commands are required on demand, so a run evaluates only its own command. None of them imports TypeScript:
// check, plan and lock reach it through cli/typescriptBackend.ts (dist/cli-analysis.js) when they must.
// (`require`, not `import()`: esbuild keeps it lazy inside the CJS bundle, and tsx's require hook resolves it
// from the sources; dynamic import() would bypass it.)
import type { Command } from '../command';

export interface CommandEntry {
  name: string;
  load(): Command;
}

export const COMMANDS: readonly CommandEntry[] = [
  { name: 'validate', load: () => (require('./validate') as typeof import('./validate')).validateCommand },
  { name: 'check', load: () => (require('./check') as typeof import('./check')).checkCommand },
  { name: 'plan', load: () => (require('./plan') as typeof import('./plan')).planCommand },
  { name: 'lock', load: () => (require('./lock') as typeof import('./lock')).lockCommand },
  { name: 'merge', load: () => (require('./merge') as typeof import('./merge')).mergeCommand },
];

export function findCommand(name: string): Command | undefined {
  return COMMANDS.find((c) => c.name === name)?.load();
}

/** Every command, loaded (for the global help, which lists their summaries). */
export function loadCommands(): Command[] {
  return COMMANDS.map((c) => c.load());
}
