// The snapshot files of a workspace folder: found by the settings' globs (core's source layer) and recognised by content (not by
// name), merged with the open documents, reduced to what replay and navigation need. Key positions inside a
// file are located only when asked for (hover, references, diagnostics), by core's scanJson.
import * as fs from 'node:fs';
import type { Range } from '../../core/src/diagnostic';
import { LineIndex } from '../../core/src/text';
import { classifyValue, PathTrie, scanJson, toPointer } from '../../core/src/snapshot';
import { readReplayInput, type ReplayInput } from '../../core/src/replay';
import { globFiles } from '../../core/src/sources/files';
import type { Logger, Overlay } from './host';
import { parseStoreRowPath } from './storeUri';

/** What the index needs of its workspace folder (not the whole FolderProject: no import of project.ts). */
export interface SnapshotFolder {
  readonly rootDir: string;
  /** A folder guessed for files outside every workspace folder: its disk is not searched. */
  readonly loose: boolean;
  readonly settings: { readonly snapshotGlobs: readonly string[] };
  lockPath(): string;
  contains(file: string): boolean;
}

export interface SnapshotFile {
  file: string;
  kind: 'snapshot' | 'resume-state';
  input: ReplayInput;
  /** execution.lastUpdated, when it is a string. */
  lastUpdated?: string;
  /** The metadata fields workflow matching and hash checks read (workflowId, workflowName, workflow, definitionHash). */
  metadata?: Record<string, unknown>;
  /** Stored failures by key: the `error` value as compact JSON (user data: escape before display). */
  failures: Map<string, string>;
  /** Where each key sits, located on first use. */
  keyRanges?: Map<string, Range>;
  /** Disk mtime or document version the entry was built from. */
  stamp: string;
  text: string;
}

/** Files larger than this are not indexed (a hover does not need a 200 MB snapshot). */
const MAX_BYTES = 64 * 1024 * 1024;
/** Without file-watching support from the client, the disk is searched again after this long. */
const RESCAN_MS = 2000;

/** Parse a JSON text that may be a snapshot; undefined when it is not one (or not JSON). */
export function readSnapshotText(file: string, text: string, stamp: string): SnapshotFile | undefined {
  if (!text.includes('"steps"') && !text.includes('"formatVersion"')) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch {
    return undefined;
  }
  const kind = classifyValue(value);
  if (kind === 'other') return undefined;
  const input = readReplayInput(value);
  if (!input) return undefined;
  const o = value as Record<string, any>;
  const failures = new Map<string, string>();
  const record = (key: string, entry: unknown) => {
    if (typeof entry === 'object' && entry !== null && !(entry as { ok?: unknown }).ok) {
      let shown: string;
      try {
        shown = JSON.stringify((entry as { error?: unknown }).error) ?? 'undefined';
      } catch {
        shown = '(unprintable)';
      }
      failures.set(key, shown.length > 300 ? `${shown.slice(0, 300)}…` : shown);
    }
  };
  if (kind === 'resume-state' && Array.isArray(o.steps)) {
    for (const pair of o.steps) if (Array.isArray(pair) && typeof pair[0] === 'string') record(pair[0], pair[1]);
  } else if (typeof o.steps === 'object' && o.steps !== null) {
    for (const key of Object.keys(o.steps)) record(key, o.steps[key]);
  }
  const lastUpdated = typeof o.execution?.lastUpdated === 'string' ? (o.execution.lastUpdated as string) : undefined;
  let metadata: Record<string, unknown> | undefined;
  if (typeof o.metadata === 'object' && o.metadata !== null && !Array.isArray(o.metadata)) {
    metadata = {};
    for (const field of ['workflowId', 'workflowName', 'workflow', 'definitionHash']) if (field in o.metadata) metadata[field] = o.metadata[field];
  }
  return { file, kind, input, ...(lastUpdated ? { lastUpdated } : {}), ...(metadata ? { metadata } : {}), failures, stamp, text };
}

/** Range of the JSON key (or, in a resume state, of the pair's key string) holding a step key. */
export function keyRange(sf: SnapshotFile, key: string): Range | undefined {
  if (!sf.keyRanges) {
    const bom = sf.text.charCodeAt(0) === 0xfeff ? 1 : 0;
    const body = bom ? sf.text.slice(1) : sf.text;
    const trie = new PathTrie();
    trie.add([]);
    trie.add(['steps']);
    const paths: Array<[string, (string | number)[]]> = [];
    if (sf.kind === 'resume-state') {
      // The pair the Map keeps is the last one with that key.
      let steps: unknown[] = [];
      try {
        steps = (JSON.parse(body) as { steps: unknown[] }).steps;
      } catch {
        steps = [];
      }
      const last = new Map<string, number>();
      steps.forEach((pair, i) => {
        if (Array.isArray(pair) && typeof pair[0] === 'string') last.set(pair[0], i);
      });
      for (const [k, i] of last) {
        trie.add(['steps', i]);
        trie.add(['steps', i, 0]);
        paths.push([k, ['steps', i, 0]]);
      }
    } else {
      for (const e of sf.input.entries) {
        trie.add(['steps', e.key]);
        paths.push([e.key, ['steps', e.key]]);
      }
    }
    const ranges = new Map<string, Range>();
    try {
      const scan = scanJson(body, { want: trie });
      const index = new LineIndex(sf.text);
      for (const [k, p] of paths) {
        const at = scan.located.get(toPointer(p));
        if (!at) continue;
        // A member: its key; an array element (the key string of a pair): its value.
        const [start, end] = at.keyStart >= 0 ? [at.keyStart, at.keyEnd] : [at.valueStart, at.valueEnd];
        ranges.set(k, index.range(start + bom, end + bom));
      }
    } catch {
      // Positions are a nicety; a scan failure leaves them out.
    }
    sf.keyRanges = ranges;
  }
  return sf.keyRanges.get(key);
}

export class SnapshotIndex {
  private disk = new Map<string, SnapshotFile | null>();
  private diskStamp = new Map<string, string>();
  private scannedAt = -Infinity;
  private dirty = true;
  /** Store rows read for the explorer, by the path naming them (storeUri.ts): they are on no disk. */
  private readonly rows = new Map<string, SnapshotFile | null>();

  constructor(
    private readonly folder: SnapshotFolder,
    private readonly overlay: Overlay,
    private readonly log: Logger,
    /** True when the client reports file changes (didChangeWatchedFiles); then the disk is not re-searched on a timer. */
    private readonly watching: () => boolean = () => false,
  ) {}

  /** A store row's text, as the server read it (before or without its document being open). */
  putRow(file: string, text: string, stamp: string): void {
    this.rows.delete(file);
    this.rows.set(file, readSnapshotText(file, text, stamp) ?? null);
    // The explorer opens rows one by one: keep the most recent few hundred.
    if (this.rows.size > 500) this.rows.delete(this.rows.keys().next().value!);
  }

  invalidate(file?: string): void {
    if (file) {
      this.disk.delete(file);
      this.diskStamp.delete(file);
    }
    this.dirty = true;
  }

  private rescan(): void {
    if (this.folder.loose) return;
    const now = Date.now();
    if (!this.dirty && (this.watching() || now - this.scannedAt < RESCAN_MS)) return;
    this.dirty = false;
    this.scannedAt = now;
    let files: string[] = [];
    try {
      files = globFiles([...this.folder.settings.snapshotGlobs], this.folder.rootDir);
    } catch (e) {
      this.log.error(`awaitly-lens: snapshot globs ${JSON.stringify(this.folder.settings.snapshotGlobs)} failed: ${e instanceof Error ? e.message : String(e)}`);
    }
    const lock = this.folder.lockPath();
    const next = new Map<string, SnapshotFile | null>();
    for (const file of files) {
      if (file === lock) continue;
      let stat: fs.Stats;
      try {
        stat = fs.statSync(file);
      } catch {
        continue;
      }
      const stamp = `${stat.mtimeMs}:${stat.size}`;
      if (this.diskStamp.get(file) === stamp && this.disk.has(file)) {
        next.set(file, this.disk.get(file)!);
        continue;
      }
      this.diskStamp.set(file, stamp);
      if (stat.size > MAX_BYTES) {
        next.set(file, null);
        continue;
      }
      let text: string;
      try {
        text = fs.readFileSync(file, 'utf8');
      } catch {
        continue;
      }
      next.set(file, readSnapshotText(file, text, stamp) ?? null);
    }
    this.disk = next;
  }

  /** The folder's snapshot files on disk (recognised by content), sorted. */
  files(): string[] {
    this.rescan();
    return [...this.disk].filter(([, sf]) => sf).map(([file]) => file).sort();
  }

  /** A snapshot by path: the open document's text when open, else the disk. */
  get(file: string): SnapshotFile | undefined {
    const open = this.overlay(file);
    if (open !== undefined) return this.fromOverlay(file, open);
    if (parseStoreRowPath(file)) return this.rows.get(file) ?? undefined;
    this.rescan();
    if (this.disk.has(file)) return this.disk.get(file) ?? undefined;
    try {
      const stat = fs.statSync(file);
      if (stat.size > MAX_BYTES) return undefined;
      return readSnapshotText(file, fs.readFileSync(file, 'utf8'), `${stat.mtimeMs}:${stat.size}`);
    } catch {
      return undefined;
    }
  }

  private readonly openCache = new Map<string, { text: string; sf: SnapshotFile | undefined }>();

  private fromOverlay(file: string, text: string): SnapshotFile | undefined {
    const cached = this.openCache.get(file);
    if (cached?.text === text) return cached.sf;
    const sf = readSnapshotText(file, text, `open:${text.length}`);
    this.openCache.set(file, { text, sf });
    return sf;
  }

  closed(file: string): void {
    this.openCache.delete(file);
  }

  /** Every snapshot of the folder (disk, with open documents in place of their files). */
  all(openFiles: Iterable<string>): SnapshotFile[] {
    this.rescan();
    const out = new Map<string, SnapshotFile>();
    for (const [file, sf] of this.disk) if (sf) out.set(file, sf);
    for (const file of openFiles) {
      if (!this.folder.contains(file) || !/\.json$/i.test(file)) continue;
      const sf = this.get(file);
      if (sf) out.set(file, sf);
      else out.delete(file);
    }
    return [...out.values()];
  }
}
