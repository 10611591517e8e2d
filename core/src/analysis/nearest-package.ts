// The package.json nearest above a file: its folder, name and version. Entry recognition (entry-points.ts: is this
// declaration awaitly's?) and the import check (awaitly-imports.ts: which awaitly, which version?) both ask it; each
// keeps the answers as long as it needs (per folder for the first, per SourceFile for the second).
import * as fs from 'node:fs';
import * as path from 'node:path';

export interface NearestPackage {
  /** The folder holding the package.json (as found, not its real path). */
  dir: string;
  name?: string;
  version?: string;
}

/** Walks up from the file's folder; a package.json that cannot be read or parsed is passed over. `cache` keeps each folder's answer. */
export function nearestPackage(fileName: string, cache?: Map<string, NearestPackage | null>): NearestPackage | undefined {
  return lookup(path.dirname(fileName), cache) ?? undefined;
}

function lookup(dir: string, cache: Map<string, NearestPackage | null> | undefined): NearestPackage | null {
  let hit = cache?.get(dir);
  if (hit !== undefined) return hit;
  try {
    const pkg = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')) as { name?: unknown; version?: unknown };
    hit = { dir, ...(typeof pkg.name === 'string' ? { name: pkg.name } : {}), ...(typeof pkg.version === 'string' ? { version: pkg.version } : {}) };
  } catch {
    const parent = path.dirname(dir);
    hit = parent === dir ? null : lookup(parent, cache);
  }
  cache?.set(dir, hit);
  return hit;
}
