// The settings of awaitly-lens, one type for both ends. Path of a setting (like vscode-eslint): the schema in the
// extension's package.json → this type → the client answers `workspace/configuration` for section `awaitlyLens`
// (scoped to a workspace folder) → `LensSettings.from` normalises it here → plain options passed into core.
// Any LSP client works the same way: Neovim's `settings = { awaitlyLens = { ... } }` is answered for that section.

export type RuleSetting = 'error' | 'warning' | 'info' | 'off';

export interface LensSettings {
  /**
   * Globs (relative to the workspace folder) of JSON files to look at for snapshots. Files are recognised by
   * content, not by name: anything matched that is not a snapshot or resume state is skipped. Open JSON
   * documents are always checked. `node_modules` is never searched.
   */
  snapshotGlobs: string[];
  /** Lock file, relative to the workspace folder (or absolute). */
  lockFile: string;
  /** tsconfig.json to analyse with, relative to the workspace folder. '' = `<folder>/tsconfig.json` when it exists, else every .ts/.js file of the folder. */
  tsconfig: string;
  /** Per diagnostic code (analysis rules, snapshot rules, `unknown-snapshot-step`, `definition-changed`, ...): a severity or 'off'. */
  rules: Record<string, RuleSetting>;
  /**
   * Snapshots whose replay state hovers and code lenses show, relative to the workspace folder (or absolute).
   * Empty: the snapshot documents currently open in the editor.
   */
  activeSnapshots: string[];
}

export const SETTINGS_SECTION = 'awaitlyLens';

export namespace LensSettings {
  export const defaults: Readonly<LensSettings> = Object.freeze({
    snapshotGlobs: ['**/*.json'],
    lockFile: 'awaitly-lens.lock.json',
    tsconfig: '',
    rules: {},
    activeSnapshots: [],
  });

  const SEVERITIES = new Set<string>(['error', 'warning', 'info', 'off']);

  function strings(value: unknown, fallback: readonly string[]): string[] {
    if (typeof value === 'string') return value ? [value] : [...fallback];
    if (!Array.isArray(value)) return [...fallback];
    return value.filter((x): x is string => typeof x === 'string' && x.length > 0);
  }

  /** Raw user input (anything) → valid settings; unknown or ill-typed values fall back to the defaults. */
  export function from(raw: unknown): LensSettings {
    const o = typeof raw === 'object' && raw !== null ? (raw as Record<string, unknown>) : {};
    const rules: Record<string, RuleSetting> = {};
    if (typeof o.rules === 'object' && o.rules !== null) {
      for (const [code, value] of Object.entries(o.rules as Record<string, unknown>)) {
        const v = typeof value === 'string' ? value.toLowerCase() : value === false ? 'off' : undefined;
        if (v && SEVERITIES.has(v === 'information' ? 'info' : v)) rules[code] = (v === 'information' ? 'info' : v) as RuleSetting;
      }
    }
    return {
      snapshotGlobs: strings(o.snapshotGlobs, defaults.snapshotGlobs),
      lockFile: typeof o.lockFile === 'string' && o.lockFile ? o.lockFile : defaults.lockFile,
      tsconfig: typeof o.tsconfig === 'string' ? o.tsconfig : defaults.tsconfig,
      rules,
      activeSnapshots: strings(o.activeSnapshots ?? o.activeSnapshot, []),
    };
  }
}
