// The settings of awaitly-lens, one type for both ends. Path of a setting (like vscode-eslint): the schema in the
// extension's package.json → this type → the client answers `workspace/configuration` for section `awaitlyLens`
// (scoped to a workspace folder) → `LensSettings.from` normalises it here → plain options passed into core.
// Any LSP client works the same way: Neovim's `settings = { awaitlyLens = { ... } }` is answered for that section.

export type RuleSetting = 'error' | 'warning' | 'info' | 'off';

/** A store whose rows the Snapshot Explorer lists (awaitlyLens.stores): a URL as the CLI's --store takes it. */
export interface StoreSetting {
  /** postgres://…, libsql:/file:….db (relative to the workspace folder), mongodb-export:….jsonl|bson. */
  url: string;
  /** The adapter's table (PostgreSQL, libSQL); default awaitly_snapshots. */
  table?: string;
  /** The exported MongoDB collection's name (shown only). */
  collection?: string;
  /** The adapter's key prefix: only ids starting with it are listed. */
  prefix?: string;
}

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
  /**
   * Stores whose rows the explorer lists beside the files. A workspace's own settings may name them only in a
   * trusted workspace (package.json restricts this setting), since the server connects to what is named here.
   */
  stores: StoreSetting[];
}

export const SETTINGS_SECTION = 'awaitlyLens';

export namespace LensSettings {
  export const defaults: Readonly<LensSettings> = Object.freeze({
    snapshotGlobs: ['**/*.json'],
    lockFile: 'awaitly-lens.lock.json',
    tsconfig: '',
    rules: {},
    activeSnapshots: [],
    stores: [],
  });

  const SEVERITIES = new Set<string>(['error', 'warning', 'info', 'off']);

  function strings(value: unknown, fallback: readonly string[]): string[] {
    if (typeof value === 'string') return value ? [value] : [...fallback];
    if (!Array.isArray(value)) return [...fallback];
    return value.filter((x): x is string => typeof x === 'string' && x.length > 0);
  }

  /** A string is a URL; an object needs a non-empty url; anything else is dropped. */
  function stores(value: unknown): StoreSetting[] {
    if (!Array.isArray(value)) return [];
    const out: StoreSetting[] = [];
    for (const v of value) {
      if (typeof v === 'string' && v.trim()) out.push({ url: v.trim() });
      else if (typeof v === 'object' && v !== null && typeof (v as StoreSetting).url === 'string' && (v as StoreSetting).url.trim()) {
        const o = v as Record<string, unknown>;
        const s: StoreSetting = { url: (o.url as string).trim() };
        for (const k of ['table', 'collection', 'prefix'] as const) if (typeof o[k] === 'string' && o[k]) s[k] = o[k] as string;
        out.push(s);
      }
    }
    return out;
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
      stores: stores(o.stores),
    };
  }
}
