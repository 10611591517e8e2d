// Shared by the store tests: the fixture rows (test-fixtures/stores, from real awaitly runs) and stream draining.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { SnapshotSource, SourceEntry, SourceProblem } from '../../../core/src/sources';
import type { FixtureRow } from './pgCluster';

export const REPO_ROOT = path.resolve(__dirname, '../../..');
export const STORES_DIR = path.join(REPO_ROOT, 'test-fixtures', 'stores');

export function fixtureRows(): Array<FixtureRow & { line: string; derived?: string }> {
  return JSON.parse(fs.readFileSync(path.join(STORES_DIR, 'rows.json'), 'utf8'));
}

export async function drain(source: SnapshotSource): Promise<{ entries: SourceEntry[]; problems: SourceProblem[] }> {
  const entries: SourceEntry[] = [];
  const problems: SourceProblem[] = [];
  try {
    for await (const item of source.entries()) {
      if (item.type === 'entry') entries.push(item);
      else problems.push(item);
    }
  } finally {
    await source.close();
  }
  return { entries, problems };
}

/** The parsed value of an entry, whatever the source gave. */
export function valueOf(e: SourceEntry): unknown {
  return e.value !== undefined ? e.value : JSON.parse(e.text!);
}
