// Shared by the CLI tests: an in-process CliIo, the built bin, temp folders, real snapshots.
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { CliIo } from '../../src/cli/command';
import { runCli } from '../../src/cli/run';
import { tempDir } from '../tempDir';

export const REPO_ROOT = path.resolve(__dirname, '../../..');
export const CLI_BIN = path.join(REPO_ROOT, 'dist', 'cli.js');

/** The awaitly lines the fixtures come from (test-fixtures/generate.mjs writes the same cases with each). */
export type AwaitlyLine = '1.35' | '4.x';

/** Real snapshots written by awaitly itself: 1.35.0 in test-fixtures/snapshots, 4.5.1 in test-fixtures/snapshots-4x. */
export function realSnapshotsDir(line: AwaitlyLine = '1.35'): string {
  return path.join(REPO_ROOT, 'test-fixtures', line === '1.35' ? 'snapshots' : 'snapshots-4x');
}

export function readRealSnapshot(name: string, line: AwaitlyLine = '1.35'): string {
  return fs.readFileSync(path.join(realSnapshotsDir(line), name), 'utf8');
}

/** Real snapshot parsed, to derive broken variants from. */
export function realSnapshot(name: string, line: AwaitlyLine = '1.35'): Record<string, any> {
  return JSON.parse(readRealSnapshot(name, line)) as Record<string, any>;
}

export class TempDir {
  readonly root = tempDir('awaitly-lens-cli-');

  write(relative: string, content: string | object): string {
    const file = path.join(this.root, relative);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content, null, 2) + '\n');
    return file;
  }

  remove(): void {
    fs.rmSync(this.root, { recursive: true, force: true });
  }
}

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the CLI in-process with captured output. */
export async function runInProcess(argv: string[], options: { cwd: string; stdin?: string }): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    cwd: options.cwd,
    stdout: (t) => void (stdout += t),
    stderr: (t) => void (stderr += t),
    readStdin: async () => {
      if (options.stdin === undefined) throw new Error('no stdin in this test');
      return options.stdin;
    },
  };
  const code = await runCli(argv, io);
  return { code, stdout, stderr };
}

let built = false;

/** Builds dist/ once per test run (esbuild.mjs), so spawned tests never run a stale bundle. */
export function ensureBuilt(): void {
  if (built || process.env.AWAITLY_LENS_SKIP_BUILD === '1') return;
  const result = spawnSync(process.execPath, ['esbuild.mjs'], { cwd: REPO_ROOT, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`build failed: ${result.stderr}`);
  built = true;
}

/** Runs `node dist/cli.js ...` as a child process. */
export function runBin(argv: string[], options: { cwd: string; stdin?: string }): CliRun {
  const result: SpawnSyncReturns<string> = spawnSync(process.execPath, [CLI_BIN, ...argv], {
    cwd: options.cwd,
    input: options.stdin ?? '',
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
  });
  if (result.error) throw result.error;
  return { code: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}
