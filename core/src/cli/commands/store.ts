// `validate --store <url>` and `check --store <url> [--against <ref>]`: every row of a store, streamed through the
// snapshot-source layer (core/src/sources), checked as it arrives (storeCheck.ts), summarised (storeReport.ts).
// validate.ts and check.ts hand their arguments here when --store is given.
import * as v8 from 'node:v8';
import * as vm from 'node:vm';
import type { AwaitlySemantics } from '../../analysis/types';
import { openStore, StoreError, type SnapshotSource, type StoreOptions } from '../../sources/index';
import { nonNegativeInteger, parseCommandArgs, UsageError, type CliIo } from '../command';
import type { FileFailure } from '../reporters/types';
import { TOOL_NAME } from '../version';
import { ROW_CATEGORIES, StoreTally, type CodeContext, type RowCategory } from '../storeCheck';
import { BlastTally, EFFECT_KINDS, type EffectKind } from '../blastRadius';
import { rowPool, type RowCode, type RowOutcome } from '../storeRows';
import type { SourceEntry } from '../../sources/index';
import { progressFor } from '../progress';
import { renderStoreRun, STORE_FORMATS, type StoreFormat, type StoreRun } from '../storeReport';

export const STORE_HELP = `
Stores (instead of files): every row of an awaitly persistence store, read-only and streamed
      --store <url>        postgres://user:pass@host/db, libsql:./file.db or file:./file.db (libSQL/SQLite),
                           mongodb-export:./dump.jsonl|.json|.bson (mongoexport / mongodump of awaitly-mongo)
      --table <name>       Table (PostgreSQL, libSQL; default awaitly_snapshots)
      --collection <name>  Collection name of a MongoDB export (reported; default awaitly_snapshots)
      --prefix <prefix>    Only rows whose id starts with the adapter's prefix
      --fail-on <list>     Row categories that make the exit code 1: ${ROW_CATEGORIES.filter((c) => c !== 'clean').join(', ')}
                           (default: invalid, shape-drift; validate: invalid only), or none; with --against: the change's effects
                           (${EFFECT_KINDS.join(', ')}; default: all)
      --max-rows <n>       Rows whose diagnostics are listed (default 1000; the rest are counted)
      --shard <i>/<n>      Read only the rows whose id hashes to i of n (parallel readers; docs/scaling.md)
  -j, --jobs <n>           Threads checking rows, the reading thread included (default 1; each worker loads
                           the analysis code, about 100 MB: worth it with free cores, see docs/scaling.md)
  -f, --format <name>      ${STORE_FORMATS.join(', ')} (markdown: a PR comment)
  A row that cannot be read (bad JSON, no connection, no table) is named on stderr, without credentials, and the
  exit code is 2: the run was incomplete.
`;

interface StoreFlags {
  url: string;
  options: StoreOptions;
  format: StoreFormat;
  failOn: ReadonlySet<string>;
  maxRows: number;
  /** Worker threads besides the reading one. */
  workers: number;
}

const STORE_ARGS = {
  store: { type: 'string' },
  table: { type: 'string' },
  collection: { type: 'string' },
  prefix: { type: 'string' },
  'fail-on': { type: 'string' },
  'max-rows': { type: 'string' },
  shard: { type: 'string' },
  jobs: { type: 'string', short: 'j' },
  format: { type: 'string', short: 'f' },
} as const;

function storeFlags(values: Record<string, string | boolean | string[] | undefined>, defaults: readonly string[], allowed: readonly string[]): StoreFlags {
  const url = values.store as string;
  const format = (values.format as string | undefined) ?? 'text';
  if (!(STORE_FORMATS as readonly string[]).includes(format)) throw new UsageError(`unknown format '${format}' (expected one of: ${STORE_FORMATS.join(', ')})`);
  if (values.table !== undefined && values.collection !== undefined) throw new UsageError('give --table or --collection, not both');
  const failOn = new Set(values['fail-on'] === undefined ? defaults : String(values['fail-on']).split(',').map((s) => s.trim()).filter(Boolean));
  for (const c of failOn) if (c !== 'none' && !allowed.includes(c)) throw new UsageError(`--fail-on: unknown category '${c}' (expected: ${allowed.join(', ')}, none)`);
  failOn.delete('none');
  let shard: StoreOptions['shard'];
  if (values.shard !== undefined) {
    const m = /^(\d+)\/(\d+)$/.exec(String(values.shard));
    if (!m || Number(m[2]) < 1 || Number(m[1]) >= Number(m[2])) throw new UsageError(`--shard expects <index>/<count> with index < count, got '${values.shard}'`);
    shard = { index: Number(m[1]), count: Number(m[2]) };
  }
  const table = (values.table ?? values.collection) as string | undefined;
  const jobs = values.jobs === undefined ? 1 : nonNegativeInteger('--jobs', String(values.jobs));
  if (jobs === 0) throw new UsageError('--jobs must be at least 1');
  return {
    workers: jobs - 1,
    url,
    format: format as StoreFormat,
    failOn,
    maxRows: values['max-rows'] === undefined ? 1000 : nonNegativeInteger('--max-rows', String(values['max-rows'])),
    options: { ...(table !== undefined ? { table } : {}), ...(values.prefix !== undefined ? { prefix: String(values.prefix) } : {}), ...(shard ? { shard } : {}) },
  };
}

function open(flags: StoreFlags, io: CliIo): SnapshotSource {
  try {
    return openStore(flags.url, io.cwd, flags.options);
  } catch (error) {
    if (error instanceof StoreError) throw new UsageError(error.message);
    throw error;
  }
}

/** Streams the rows through the checking threads; source problems become failures naming store and row. */
async function readAll(source: SnapshotSource, io: CliIo, flags: StoreFlags, code: RowCode, onOutcome: (o: RowOutcome, entry: Pick<SourceEntry, 'id'>) => void): Promise<FileFailure[]> {
  const failures: FileFailure[] = [];
  const progress = await progressFor(io, flags.format, async () => source.count?.());
  let rows = 0;
  const pool = rowPool(code, flags.workers, (o) => {
    onOutcome(o, o.row);
    progress.tick(++rows);
    // V8 sizes the heap for the TypeScript analysis and lets per-row garbage pile up to that size; a full
    // collection when the heap has grown keeps a million-row run in the memory of its first thousand rows.
    if (rows % GC_CHECK_EVERY === 0) gcBudget.check();
  });
  try {
    for await (const item of source.entries()) {
      if (item.type === 'problem') {
        failures.push({ file: item.where, message: item.id !== undefined ? `row ${item.id}: ${item.message}` : item.message });
        continue;
      }
      await pool.push(item);
    }
    await pool.finish();
  } finally {
    progress.done();
    await source.close();
  }
  return failures;
}

function emit(run: StoreRun, flags: StoreFlags, io: CliIo, failed: boolean): number {
  const output = renderStoreRun(run, flags.format);
  for (const f of run.failures) io.stderr(`${TOOL_NAME}: ${f.file}: ${f.message}\n`);
  io.stdout(output);
  if (run.failures.length > 0) return 2;
  return failed ? 1 : 0;
}

/** Malformed JSON in a row: a failure (the run is incomplete) as well as an invalid row. */
function unreadable(store: string, id: string, diagnostics: RowOutcome['row']['diagnostics']): FileFailure | undefined {
  const bad = diagnostics.find((d) => d.code === 'invalid-json');
  return bad ? { file: store, message: `row ${id}: malformed JSON at ${bad.range.start.line}:${bad.range.start.column}: ${bad.message}` } : undefined;
}

export async function runStoreValidate(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs(args, STORE_ARGS);
  if (positionals.length) throw new UsageError('give either files or --store, not both');
  const flags = storeFlags(values, ['invalid'], ['invalid']);
  const source = open(flags, io);
  const tally = new StoreTally(flags.maxRows);
  const bad: FileFailure[] = [];
  const failures = await readAll(source, io, flags, {}, ({ row }) => {
    const f = unreadable(source.name, row.id, row.diagnostics);
    if (f) bad.push(f);
    tally.add(row);
  });
  const run: StoreRun = { store: source.name, mode: 'validate', tally, failures: [...failures, ...bad], cwd: io.cwd };
  return emit(run, flags, io, flags.failOn.has('invalid') && tally.count('invalid') > 0);
}

export interface StoreCheckContext {
  /** The workflows of the working tree (and their semantics). */
  current: CodeContext;
  /** --against: the same project analysed at the ref. */
  before?: { ref: string; code: CodeContext };
  /** Failures of the analysis (tsconfig, syntax, the git ref): reported with the store's. */
  failures: FileFailure[];
  semantics: AwaitlySemantics;
}

/** check --store: `context` is built by check.ts from the project (and the ref), then every row streams through. */
export async function runStoreCheck(args: string[], io: CliIo, context: (values: Record<string, unknown>, paths: string[]) => StoreCheckContext): Promise<number> {
  const { values, positionals } = parseCommandArgs(args, { ...STORE_ARGS, project: { type: 'string', short: 'p' }, semantics: { type: 'string' }, lock: { type: 'string' }, against: { type: 'string' }, workflow: { type: 'string' } });
  const against = values.against !== undefined;
  const flags = storeFlags(values, against ? EFFECT_KINDS : ['invalid', 'shape-drift'], against ? EFFECT_KINDS : ROW_CATEGORIES.filter((c) => c !== 'clean'));
  const source = open(flags, io);
  const ctx = context(values, positionals);
  // The analysis is done and only its workflows are kept: give its memory back before the rows stream.
  gcBudget.reset();
  const tally = new StoreTally(against ? 0 : flags.maxRows);
  const blast = ctx.before ? new BlastTally() : undefined;
  const bad: FileFailure[] = [];
  const failures = await readAll(source, io, flags, { current: ctx.current, ...(ctx.before ? { before: ctx.before.code } : {}) }, ({ row, effects, wasClean }) => {
    const f = unreadable(source.name, row.id, row.diagnostics);
    if (f) bad.push(f);
    tally.add(row);
    if (blast && effects) blast.addEffects(row.id, effects, wasClean === true);
  });
  const run: StoreRun = {
    store: source.name,
    mode: 'check',
    semantics: ctx.semantics,
    tally,
    failures: [...ctx.failures, ...failures, ...bad],
    ...(blast && ctx.before ? { against: { ref: ctx.before.ref, blast } } : {}),
    cwd: io.cwd,
  };
  const failed = blast
    ? blast.sorted().some((g) => flags.failOn.has(g.effect.kind as EffectKind))
    : [...flags.failOn].some((c) => tally.count(c as RowCategory) > 0);
  return emit(run, flags, io, failed);
}


const GC_CHECK_EVERY = 1_000;
/** Growth of the used heap over what the analysis left that triggers a full collection. */
const GC_GROWTH_BYTES = 48 * 1024 * 1024;

let gcFunction: (() => void) | null | undefined;

/** A full collection now, so the heap sized for the TypeScript analysis does not grow on with the rows. */
function collectGarbage(): void {
  if (gcFunction === undefined) {
    try {
      v8.setFlagsFromString('--expose-gc');
      // One new context, once: the gc function it exposes is kept (a context per call cost more than the collection).
      gcFunction = vm.runInNewContext('gc') as () => void;
    } catch {
      gcFunction = null; // Only memory is at stake.
    }
  }
  gcFunction?.();
}

/** Collects only when the heap grew GC_GROWTH_BYTES over its size after the last collection (a full GC is not free). */
const gcBudget = {
  floor: 0,
  reset(): void {
    collectGarbage();
    this.floor = v8.getHeapStatistics().used_heap_size;
  },
  check(): void {
    if (v8.getHeapStatistics().used_heap_size > this.floor + GC_GROWTH_BYTES) this.reset();
  },
};
