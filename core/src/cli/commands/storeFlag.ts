// Whether a file command was given a store instead of files. Apart from store.ts so `validate` can ask
// without loading the store drivers (pg, libSQL, bson: ~50 ms of a run over files).

/** True when the arguments name a store (the file commands hand over to store.ts). */
export function namesStore(args: readonly string[]): boolean {
  return args.some((a) => a === '--store' || a.startsWith('--store='));
}
