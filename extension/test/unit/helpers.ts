// Fixture access for the extension's unit tests: real snapshot files read from test-fixtures/ through node:fs.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL, fileURLToPath } from 'node:url';
import type { SnapshotSource } from '../../src/snapshots/store';

export const ROOT = path.resolve(__dirname, '../../..');
export const EXAMPLE = path.join(ROOT, 'test-fixtures/example-workspace');

export function uriOf(file: string): string {
  return pathToFileURL(file).href;
}

export function fsSource(dir: string): SnapshotSource {
  return {
    async list() {
      const out: string[] = [];
      const walk = (d: string) => {
        for (const e of fs.readdirSync(d, { withFileTypes: true })) {
          if (e.name === 'node_modules') continue;
          const p = path.join(d, e.name);
          if (e.isDirectory()) walk(p);
          else if (e.name.endsWith('.json')) out.push(uriOf(p));
        }
      };
      walk(dir);
      return out;
    },
    async read(uri) {
      return fs.readFileSync(fileURLToPath(uri), 'utf8');
    },
  };
}
