// Where one CLI run spends its time, printed to stderr when AWAITLY_LENS_TIMINGS=1 (as ESLint's TIMING=1 and
// tsc's --extendedDiagnostics do): node's start-up, loading the TypeScript bundle, the program, the rules, the
// result types, the report. The bench reads it to show the floors of a cold run. Off, it costs one check per phase.
// The store is on globalThis: dist/cli.js and dist/cli-analysis.js are separate bundles with a copy of this module
// each, and both record into one run.

interface Store {
  phases: Map<string, number>;
  printed: boolean;
}

const KEY = Symbol.for('awaitly-lens.timings');

function store(): Store | undefined {
  if (process.env.AWAITLY_LENS_TIMINGS !== '1') return undefined;
  const g = globalThis as { [KEY]?: Store };
  return (g[KEY] ??= { phases: new Map(), printed: false });
}

/** Runs f and adds its wall time to the phase `name` (nested phases are counted in their parent too). */
export function timePhase<T>(name: string, f: () => T): T {
  const s = store();
  if (!s) return f();
  const t0 = performance.now();
  try {
    return f();
  } finally {
    s.phases.set(name, (s.phases.get(name) ?? 0) + performance.now() - t0);
  }
}

/** Each phase's total so far (none unless AWAITLY_LENS_TIMINGS=1): the server bench reads them around each edit. */
export function phaseTotals(): ReadonlyMap<string, number> {
  return store()?.phases ?? new Map();
}

/** Marks the start of main: everything before it is node's start-up and loading dist/cli.js. */
export function markStart(): void {
  const s = store();
  if (s && !s.phases.has('node start-up + loading the CLI')) s.phases.set('node start-up + loading the CLI', performance.now());
}

/** The table, once, at the end of the run (performance.now() counts from the process's start). */
export function formatTimings(): string | undefined {
  const s = store();
  if (!s || s.printed) return undefined;
  s.printed = true;
  const total = performance.now();
  const width = Math.max(...[...s.phases.keys()].map((k) => k.length), 'total'.length);
  const rows = [...s.phases].map(([name, ms]) => `  ${name.padEnd(width)}  ${ms.toFixed(1).padStart(8)} ms`);
  return `awaitly-lens timings (wall, ms since the process started; nested phases are inside their parent):\n${rows.join('\n')}\n  ${'total'.padEnd(width)}  ${total.toFixed(1).padStart(8)} ms\n`;
}
