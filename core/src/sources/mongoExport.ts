// MongoDB, read from what a user exports of awaitly-mongo's collection ({ _id: prefix+id, snapshot: <object>,
// updatedAt: Date }): `mongoexport` JSON lines in relaxed or canonical Extended JSON (bson's EJSON), a
// `mongoexport --jsonArray` array, or a `mongodump` .bson file (length-prefixed BSON documents, deserialized
// one at a time while the file streams). No MongoDB server is needed, or contacted.
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as readline from 'node:readline';
import { BSON, EJSON } from 'bson';
import type { SnapshotSource, SourceItem, StoreOptions } from './types';
import { shardOf } from './libsql';
import { StoreError } from './postgres';

export const DEFAULT_COLLECTION = 'awaitly_snapshots';
/** BSON's own limit on one document (16 MiB), with room: a larger length prefix means a corrupt file. */
const MAX_DOCUMENT = 48 * 1024 * 1024;

export function mongoExportFile(url: string, cwd: string): string {
  return path.resolve(cwd, decodeURIComponent(url.replace(/^mongodb-export:(\/\/)?/i, '')));
}

export function mongoExportSource(url: string, cwd: string, options: StoreOptions = {}): SnapshotSource {
  const file = mongoExportFile(url, cwd);
  const prefix = options.prefix ?? '';
  const collection = options.table ?? DEFAULT_COLLECTION;
  const name = `MongoDB export ${file} (collection ${collection}${prefix ? `, prefix '${prefix}'` : ''})`;
  const isBson = /\.bson$/i.test(file);

  /** A document in, an entry or a problem out (`where` says which line or document when it has no _id). */
  const fromDocument = (doc: unknown, at: string): SourceItem | undefined => {
    if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) {
      return { type: 'problem', where: name, id: at, message: 'not a document', fatal: false };
    }
    const d = doc as { _id?: unknown; snapshot?: unknown; updatedAt?: unknown };
    if (typeof d._id !== 'string') return { type: 'problem', where: name, id: at, message: `_id is not a string (awaitly-mongo writes prefix + id)`, fatal: false };
    const id = d._id;
    if (!id.startsWith(prefix)) return undefined;
    if (options.shard && options.shard.count > 1 && shardOf(id, options.shard.count) !== options.shard.index) return undefined;
    if (!('snapshot' in d)) return { type: 'problem', where: name, id, message: 'the document has no snapshot field', fatal: false };
    const updatedAt = d.updatedAt instanceof Date ? d.updatedAt.toISOString() : typeof d.updatedAt === 'string' ? d.updatedAt : undefined;
    return { type: 'entry', id, ...(updatedAt ? { updatedAt } : {}), value: d.snapshot, origin: { kind: 'row', store: file, table: collection, id } };
  };

  return {
    name,
    async *entries(): AsyncIterable<SourceItem> {
      if (!fs.existsSync(file)) {
        yield { type: 'problem', where: name, message: 'no such file', fatal: true };
        return;
      }
      try {
        if (isBson) yield* bsonDocuments(file, fromDocument, name);
        else yield* jsonDocuments(file, fromDocument, name);
      } catch (error) {
        yield { type: 'problem', where: name, message: `cannot read: ${error instanceof Error ? error.message : String(error)}`, fatal: true };
      }
    },
    async close() {},
  };
}

async function* jsonDocuments(file: string, fromDocument: (doc: unknown, at: string) => SourceItem | undefined, name: string): AsyncIterable<SourceItem> {
  const lines = readline.createInterface({ input: fs.createReadStream(file, 'utf8'), crlfDelay: Infinity });
  let n = 0;
  let array: string[] | undefined;
  for await (const raw of lines) {
    n++;
    const line = n === 1 ? raw.replace(/^\uFEFF/, '') : raw;
    if (array) {
      array.push(line);
      continue;
    }
    if (n === 1 && line.trimStart().startsWith('[')) {
      // --jsonArray: one JSON array (usually one document per line, but not necessarily); read whole.
      array = [line];
      continue;
    }
    if (line.trim() === '') continue;
    let doc: unknown;
    try {
      doc = EJSON.parse(line, { relaxed: true });
    } catch (error) {
      yield { type: 'problem', where: name, id: `line ${n}`, message: `not Extended JSON: ${error instanceof Error ? error.message : String(error)}`, fatal: false };
      continue;
    }
    const item = fromDocument(doc, `line ${n}`);
    if (item) yield item;
  }
  if (array) {
    let docs: unknown;
    try {
      docs = EJSON.parse(array.join('\n'), { relaxed: true });
    } catch (error) {
      yield { type: 'problem', where: name, message: `not an Extended JSON array: ${error instanceof Error ? error.message : String(error)}`, fatal: true };
      return;
    }
    for (const [i, doc] of (docs as unknown[]).entries()) {
      const item = fromDocument(doc, `document ${i + 1}`);
      if (item) yield item;
    }
  }
}

async function* bsonDocuments(file: string, fromDocument: (doc: unknown, at: string) => SourceItem | undefined, name: string): AsyncIterable<SourceItem> {
  let pending: Buffer = Buffer.alloc(0);
  let n = 0;
  for await (const chunk of fs.createReadStream(file, { highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>) {
    pending = pending.length ? Buffer.concat([pending, chunk]) : chunk;
    let at = 0;
    while (pending.length - at >= 4) {
      const size = pending.readInt32LE(at);
      if (size < 5 || size > MAX_DOCUMENT) throw new StoreError(`document ${n + 1} has an impossible length (${size} bytes): not a mongodump .bson file, or a corrupt one`);
      if (pending.length - at < size) break;
      n++;
      let doc: unknown;
      try {
        doc = BSON.deserialize(pending.subarray(at, at + size));
      } catch (error) {
        yield { type: 'problem', where: name, id: `document ${n}`, message: `not a BSON document: ${error instanceof Error ? error.message : String(error)}`, fatal: false };
        at += size;
        continue;
      }
      at += size;
      const item = fromDocument(doc, `document ${n}`);
      if (item) yield item;
    }
    pending = pending.subarray(at);
  }
  if (pending.length > 0) yield { type: 'problem', where: name, id: `document ${n + 1}`, message: `the file ends inside a document (${pending.length} bytes left): a truncated dump`, fatal: false };
}
