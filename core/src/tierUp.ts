// V8's tier-up for a burst of TypeScript work. A cold program load (parse, bind) and the analysis run a large share
// of TypeScript's ~9 MB of compiler code once or a few times each. With V8's default budget (--interrupt-budget=67584
// in Node 20) the optimising compiler is asked for hundreds of those functions within the first second, and many are
// thrown away again: loading the bench's first program and analysing its 2,000-line file compiled 580 functions
// (95 deoptimisations) against 172 (22) with a budget six times larger, and took 374-413 ms against 307-309 ms in
// one process (704-714 against 443-473 ms pinned to one core). The language server's first lens there went from
// 512-528 ms to 325-353 ms and a cold `check` of the 500-file project got 5-12% faster; edit → lens did not move, and
// hovers' p95 rose ~3-5 ms (hot functions are still optimised, a little later). `validate` keeps the default: no
// budget measured better for it. (`npm run bench` prints the first lens and a cold check with the default too.)
import { setFlagsFromString } from 'node:v8';

export const TYPESCRIPT_INTERRUPT_BUDGET = 400_000;

/** As a node flag: the VS Code client starts the language server with it (extension/src/client.ts). */
export const TIER_UP_NODE_FLAG = `--interrupt-budget=${TYPESCRIPT_INTERRUPT_BUDGET}`;

const KEEP_DEFAULT_VAR = 'AWAITLY_LENS_V8_TIER_UP';

/**
 * The environment of a process that keeps V8's default (the benches' comparison runs). V8 rejects code cached under
 * other flags, so it gets a code cache of its own under `cacheHome`, and the others' stays as it was.
 */
export function defaultTierUpEnv(cacheHome: string): Record<string, string> {
  return { [KEEP_DEFAULT_VAR]: 'default', XDG_CACHE_HOME: cacheHome };
}

/**
 * The flag to set at run time, or undefined: when node was started with its own --interrupt-budget (the user's, or
 * the client's, wins), when AWAITLY_LENS_V8_TIER_UP=default asks for V8's default (the benches' comparison runs), or
 * on an embedder's runtime. Plain Node starts V8 with --no-freeze-flags-after-init, so its flags may change later;
 * an embedder (Electron, which VS Code starts language servers on; NW.js) may freeze them, and a change then aborts
 * the process. There the flag comes on the command line or not at all.
 */
export function tierUpFlag(execArgv: readonly string[], env: NodeJS.ProcessEnv, versions: NodeJS.ProcessVersions = process.versions): string | undefined {
  if (env[KEEP_DEFAULT_VAR] === 'default') return undefined;
  if (execArgv.some((a) => /^--interrupt[-_]budget(=|$)/.test(a))) return undefined;
  const embedded = versions as NodeJS.ProcessVersions & { electron?: string; nw?: string };
  if (embedded.electron !== undefined || embedded.nw !== undefined) return undefined;
  return TIER_UP_NODE_FLAG;
}

/**
 * Sets the budget for the rest of this process (every thread: the flag is the process's), before TypeScript runs.
 * V8 reads it whenever a function's budget is (re)set, so setting it after start-up takes effect.
 */
export function tierUpForTypeScript(): void {
  const flag = tierUpFlag(process.execArgv, process.env);
  if (!flag) return;
  try {
    setFlagsFromString(flag);
  } catch {
    // Only speed depends on it.
  }
}
