// A throwaway PostgreSQL cluster for the store tests and the bench: Debian's server binaries, a temp data folder,
// a free local port, the socket in the temp folder, password authentication. initdb refuses to run as root, so
// as root (CI) the cluster runs as the unprivileged `postgres` user Debian's package creates. Started and stopped
// by the test run itself; when it cannot start, the error says why (tests FAIL, never skip).
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { Client } from 'pg';

export interface PgCluster {
  /** postgres://lens:<password>@127.0.0.1:<port>/postgres */
  url: string;
  password: string;
  port: number;
  dir: string;
  /** The psql binary of the same PostgreSQL (its folder holds postgres, pg_ctl, …). */
  psqlPath: string;
  /** Runs SQL through psql with `input` on its stdin (COPY … FROM STDIN). */
  psql(sql: string, input?: string | Buffer): void;
  stop(): void;
}

export const PG_PASSWORD = 'Lens-s3cret!pw';

export function postgresBinDir(): string {
  const fromEnv = process.env.PG_BINDIR;
  if (fromEnv && fs.existsSync(path.join(fromEnv, 'initdb'))) return fromEnv;
  const root = '/usr/lib/postgresql';
  const versions = fs.existsSync(root) ? fs.readdirSync(root).filter((v) => fs.existsSync(path.join(root, v, 'bin', 'initdb'))).sort((a, b) => Number(b) - Number(a)) : [];
  if (versions.length === 0) {
    throw new Error('PostgreSQL server binaries not found (/usr/lib/postgresql/<version>/bin/initdb): run `npm run setup` (it installs Debian\'s postgresql), or set PG_BINDIR');
  }
  return path.join(root, versions[0]!, 'bin');
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export async function startPgCluster(): Promise<PgCluster> {
  const bin = postgresBinDir();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'awaitly-lens-pg-'));
  const asRoot = process.getuid?.() === 0;
  const runAs = (cmd: string, args: string[], input?: string | Buffer) => {
    const [file, argv] = asRoot ? ['runuser', ['-u', 'postgres', '--', cmd, ...args]] : [cmd, args];
    return spawnSync(file, argv, { input, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, env: { ...process.env, LC_ALL: 'C.UTF-8', PGPASSWORD: PG_PASSWORD } });
  };
  const check = (what: string, r: ReturnType<typeof runAs>) => {
    if (r.error || r.status !== 0) {
      const log = fs.existsSync(path.join(dir, 'server.log')) ? fs.readFileSync(path.join(dir, 'server.log'), 'utf8').slice(-2000) : '';
      throw new Error(`PostgreSQL test cluster: ${what} failed: ${r.error?.message ?? ''}${r.stderr ?? ''}${log ? `\nserver log:\n${log}` : ''}`);
    }
  };
  if (asRoot) {
    const id = spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' });
    if (id.status !== 0) throw new Error("PostgreSQL test cluster: running as root needs the unprivileged 'postgres' user (Debian's postgresql package creates it): run `npm run setup`");
    spawnSync('chown', ['-R', 'postgres', dir]);
  }
  fs.writeFileSync(path.join(dir, 'pw'), PG_PASSWORD + '\n');
  if (asRoot) spawnSync('chown', ['postgres', path.join(dir, 'pw')]);
  const data = path.join(dir, 'data');
  check('initdb', runAs(path.join(bin, 'initdb'), ['-D', data, '-U', 'lens', '-A', 'scram-sha-256', `--pwfile=${path.join(dir, 'pw')}`, '-E', 'UTF8', '--no-sync', '--no-instructions']));
  const port = await freePort();
  const opts = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_wal_size=4GB -c shared_buffers=128MB`;
  check('pg_ctl start', runAs(path.join(bin, 'pg_ctl'), ['-D', data, '-l', path.join(dir, 'server.log'), '-o', opts, '-w', '-t', '60', 'start']));
  const url = `postgres://lens:${encodeURIComponent(PG_PASSWORD)}@127.0.0.1:${port}/postgres`;
  let stopped = false;
  const cluster: PgCluster = {
    url,
    password: PG_PASSWORD,
    port,
    dir,
    psqlPath: path.join(bin, 'psql'),
    psql(sql, input) {
      const r = spawnSync(path.join(bin, 'psql'), ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '-h', '127.0.0.1', '-p', String(port), '-U', 'lens', '-d', 'postgres', '-c', sql], {
        input, env: { ...process.env, PGPASSWORD: PG_PASSWORD }, maxBuffer: 64 * 1024 * 1024, encoding: 'utf8',
      });
      if (r.error || r.status !== 0) throw new Error(`psql failed: ${r.error?.message ?? ''}${r.stderr}`);
    },
    stop() {
      if (stopped) return;
      stopped = true;
      runAs(path.join(bin, 'pg_ctl'), ['-D', data, '-m', 'immediate', '-w', 'stop']);
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
  // The process must not leave a server behind, even when a test run is interrupted.
  process.once('exit', () => cluster.stop());
  return cluster;
}

/** awaitly-postgres's DDL (awaitly-4-api.md §7). */
export function adapterTableSql(table = 'awaitly_snapshots'): string {
  return `CREATE TABLE IF NOT EXISTS ${table} (id TEXT PRIMARY KEY, snapshot JSONB NOT NULL, updated_at TIMESTAMPTZ DEFAULT NOW());
CREATE INDEX IF NOT EXISTS ${table}_updated_at_idx ON ${table} (updated_at DESC);`;
}

export interface FixtureRow {
  id: string;
  snapshot: string;
  updated_at: string;
}

/** Inserts rows the way awaitly-postgres's save does (the JSON text into JSONB). */
export async function loadRows(url: string, rows: readonly FixtureRow[], table = 'awaitly_snapshots'): Promise<void> {
  const c = new Client({ connectionString: url });
  await c.connect();
  try {
    await c.query(adapterTableSql(table));
    await c.query(
      `INSERT INTO ${table} (id, snapshot, updated_at) SELECT * FROM unnest($1::text[], $2::jsonb[], $3::timestamptz[])
       ON CONFLICT (id) DO UPDATE SET snapshot = EXCLUDED.snapshot, updated_at = EXCLUDED.updated_at`,
      [rows.map((r) => r.id), rows.map((r) => r.snapshot), rows.map((r) => r.updated_at)],
    );
  } finally {
    await c.end();
  }
}

/** Registers before/after hooks in the current describe: one cluster for its tests. */
export function withPostgres(): () => PgCluster {
  let cluster: PgCluster | undefined;
  before(async function () {
    this.timeout(120000);
    cluster = await startPgCluster();
  });
  after(() => cluster?.stop());
  return () => {
    if (!cluster) throw new Error('the PostgreSQL test cluster did not start (see the before-all hook failure)');
    return cluster;
  };
}
