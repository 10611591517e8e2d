// Whether a file command was given a store instead of files, and the store path itself, loaded on demand: apart
// from store.ts so validate and check can ask without loading the store drivers (pg, libSQL, bson: ~50 ms of a run
// over files). In dist/cli.js the require below is mapped to dist/cli-store.js (esbuild.mjs).

/** True when the arguments name a store (the file commands hand over to store.ts). */
export function namesStore(args: readonly string[]): boolean {
  return args.some((a) => a === '--store' || a.startsWith('--store='));
}

export type StoreModule = typeof import('./store');

/** The store path, required only for --store or a command's help (`require`, not import(): see commands/index.ts). */
export const storeModule = (): StoreModule => require('./store') as StoreModule;
