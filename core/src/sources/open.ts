// A store named by URL → its source. Adding a store is one file here and one line below.
import { libsqlSource } from './libsql';
import { mongoExportSource } from './mongoExport';
import { postgresSource, StoreError } from './postgres';
import { redactUrl } from './redact';
import type { SnapshotSource, StoreOptions } from './types';

export const STORE_SCHEMES = ['postgres://', 'postgresql://', 'libsql:', 'file:…db', 'mongodb-export:…jsonl|json|bson'] as const;

export function storeKind(url: string): 'postgres' | 'libsql' | 'mongodb-export' | undefined {
  if (/^postgres(ql)?:\/\//i.test(url)) return 'postgres';
  if (/^libsql:/i.test(url) || /^file:/i.test(url)) return 'libsql';
  if (/^mongodb-export:/i.test(url)) return 'mongodb-export';
  return undefined;
}

/** Throws StoreError for a URL no source reads (the message shows it redacted). */
export function openStore(url: string, cwd: string, options: StoreOptions = {}): SnapshotSource {
  switch (storeKind(url)) {
    case 'postgres':
      return postgresSource(url, options);
    case 'libsql':
      return libsqlSource(url, cwd, options);
    case 'mongodb-export':
      return mongoExportSource(url, cwd, options);
    default:
      if (/^mongodb(\+srv)?:/i.test(url)) {
        throw new StoreError(`cannot read ${redactUrl(url)}: MongoDB is read from an export (mongoexport JSON lines or a mongodump .bson file), named mongodb-export:<file>`);
      }
      throw new StoreError(`unknown store URL '${redactUrl(url)}' (expected one of: ${STORE_SCHEMES.join(', ')})`);
  }
}
