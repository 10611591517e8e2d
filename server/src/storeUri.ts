// A store row as a document: its URI (STORE_SCHEME) carries a path inside the workspace folder that names the
// row, `<folder>/.awaitly-store/<store key>/<id>.json`. Mapped to that path (convert.ts), a row is a JSON file
// of its folder to every feature (diagnostics, replay plan, navigation), though nothing is on disk there.
import * as path from 'node:path';

export const STORE_DIR = '.awaitly-store';

/** `/` and `\` would split the id into folders; `%` is escaped so the mapping can be undone. */
function escapeId(id: string): string {
  return id.replace(/[%/\\]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
}

export function storeRowPath(rootDir: string, key: string, id: string): string {
  return path.join(rootDir, STORE_DIR, key, `${escapeId(id)}.json`);
}

export function parseStoreRowPath(file: string): { rootDir: string; key: string; id: string } | undefined {
  const parts = file.split(/[\\/]/);
  const at = parts.lastIndexOf(STORE_DIR);
  if (at < 1 || at !== parts.length - 3 || !parts[at + 2]!.endsWith('.json')) return undefined;
  let id: string;
  try {
    id = decodeURIComponent(parts[at + 2]!.slice(0, -'.json'.length));
  } catch {
    return undefined;
  }
  return { rootDir: parts.slice(0, at).join(path.sep) || path.sep, key: parts[at + 1]!, id };
}
