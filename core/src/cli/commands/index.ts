// The subcommand table. Add a subcommand by writing commands/<name>.ts exporting a Command and
// listing it here; the dispatcher (run.ts) and `--help` pick it up from this list alone.
import type { Command } from '../command';
import { validateCommand } from './validate';
import { checkCommand } from './check';
import { planCommand } from './plan';
import { lockCommand } from './lock';

export const COMMANDS: readonly Command[] = [validateCommand, checkCommand, planCommand, lockCommand];

export function findCommand(name: string): Command | undefined {
  return COMMANDS.find((c) => c.name === name);
}
