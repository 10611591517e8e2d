// The step methods awaitly has and how createWorkflow derives each one's cache key (awaitly-facts.md §2;
// unchanged in 4.x per awaitly-4-api.md §4). Checked against real runs in core/test/analysis/key-rules.test.ts.
import type { StepKind } from './types';

export type KeyRule =
  /** step(), step.workflow(): `key` if the property is present (explicit undefined / '' → not cached), else id. */
  | 'own-key-or-id'
  /** step.try, fromResult, withFallback: `key ?? id`. */
  | 'key-or-id'
  /** retry, withTimeout, sleep, all, map: cached only with an explicit key; recorded under `key ?? id`. */
  | 'explicit-key'
  /** withResource: recorded (and durable-saved) under id, never cached. */
  | 'recorded-never-cached'
  /** race: a scope wrapper; nothing recorded, nothing cached. */
  | 'none'
  /** Not a method of the step awaitly passes (step.parallel anywhere, step.fromNullable inside createWorkflow/durable): the call throws. */
  | 'missing-in-workflow'
  /** streamForEach: one key per checkpointed item, `stream-foreach:<namespace>:pos-<n>`. */
  | 'stream-position';

export interface KindSpec {
  kind: StepKind;
  /** Index of the options argument holding `key` (undefined: no key option). */
  optionsArg?: number;
  /** Index of the operation argument (a function awaitly calls). */
  operationArg?: number;
  rule: KeyRule;
  /** Does a 4.x durable run see it in onBeforeStep (metadata.stepOrder)? */
  inStepOrder: boolean;
  /** Does awaitly accept a non-function (already running) operation for this kind? */
  acceptsValueOperation: boolean;
}

const spec = (kind: StepKind, optionsArg: number | undefined, operationArg: number | undefined, rule: KeyRule,
  inStepOrder = true, acceptsValueOperation = false): KindSpec => ({ kind, optionsArg, operationArg, rule, inStepOrder, acceptsValueOperation });

/** Keyed by the method name as written after `step.`. */
export const STEP_METHODS: Record<string, KindSpec> = {
  try: spec('try', 2, 1, 'key-or-id'),
  fromResult: spec('fromResult', 2, 1, 'key-or-id'),
  withFallback: spec('withFallback', 2, 1, 'key-or-id'),
  workflow: spec('workflow', 2, 1, 'own-key-or-id', true, true),
  retry: spec('retry', 2, 1, 'explicit-key', true, true),
  withTimeout: spec('withTimeout', 2, 1, 'explicit-key', true, true),
  sleep: spec('sleep', 2, undefined, 'explicit-key'),
  all: spec('all', 2, undefined, 'explicit-key'),
  // step.parallel does not exist in 1.35 or 4.x (TypeError at the call, run with both): recorded and cached never.
  parallel: spec('parallel', 2, undefined, 'missing-in-workflow', false),
  map: spec('map', 3, undefined, 'explicit-key'),
  race: spec('race', undefined, 1, 'none', false),
  withResource: spec('withResource', undefined, undefined, 'recorded-never-cached', false),
  fromNullable: spec('fromNullable', 3, 1, 'missing-in-workflow'),
  streamForEach: spec('streamForEach', undefined, undefined, 'stream-position'),
};

export const PLAIN_STEP: KindSpec = spec('step', 2, 1, 'own-key-or-id', true, true);
export const BOUND_STEP: KindSpec = spec('bound', undefined, undefined, 'own-key-or-id');

/** Methods that are static-analysis markers or helpers: they never record or cache anything themselves. */
export const MARKER_METHODS = new Set(['if', 'label', 'branch', 'arm', 'forEach', 'item', 'dep', 'getWritable', 'getReadable']);

export const RULE_TEXT: Record<KeyRule, string> = {
  'own-key-or-id': 'cached under options.key when the key property is present (undefined or empty: not cached), else under the id',
  'key-or-id': 'cached under options.key ?? id',
  'explicit-key': 'cached only when an explicit key is passed; without one it is recorded under the id but re-runs on resume',
  'recorded-never-cached': 'recorded (and durable-saved) under the id but never cached: re-runs on resume',
  none: 'a scope wrapper: nothing is recorded or cached',
  'missing-in-workflow': 'not a method of the step awaitly passes here (undefined at run time): the call throws a TypeError, so nothing is cached or recorded',
  'stream-position': 'one cache entry per checkpointed item: stream-foreach:<namespace>:pos-<n>',
};
