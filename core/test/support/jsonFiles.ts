// Every *.json under a folder (node_modules skipped), for tests that run a check over all fixtures.
import { readdirSync } from 'node:fs';
import * as path from 'node:path';

export function jsonFiles(dir: string, out: string[] = []): string[] {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    if (e.name === 'node_modules') continue;
    const p = path.join(dir, e.name);
    if (e.isDirectory()) jsonFiles(p, out);
    else if (e.name.endsWith('.json')) out.push(p);
  }
  return out;
}
