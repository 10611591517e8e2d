// What the output header says about step result types and the cache, without TypeScript: check's reporters and
// the warm path (a cache hit, typed/warmCache.ts) use this and never load the compiler.
import type { EngineName } from './engine';

export const ENGINES: readonly EngineName[] = ['native', 'js'];

/** What the output header says about result types. */
export interface EngineReport {
  /** The engine that gave the result types, or 'none' when the run needed none (rules only). */
  name: EngineName | 'none';
  compiler: string;
  /** Why the requested (or default) engine did not run, when it did not. */
  note?: string;
  /** What the persisted cache gave this run (check only). */
  cache?: string;
}

/** The header's words for a cache hit. */
export const CACHE_HIT = 'from the cache: no file changed, nothing re-checked';

export function engineText(r: EngineReport): string {
  if (r.name === 'none') return `no result types needed (rules only)${r.cache ? `; ${r.cache}` : ''}`;
  return `result types from ${r.compiler}${r.note ? ` (${r.note})` : ''}${r.cache ? `; ${r.cache}` : ''}`;
}
