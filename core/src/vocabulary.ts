// The words for what a resume does with a step, in one place: the hover, the code lens, the inlay hint, the tree and
// the CLI say the same thing the same way. A state is a verb phrase whose subject is the step ("skipped", "replays
// failure", "runs"), so counts agree in number: "1 runs", "3 run"; "1 replays failure", "2 replay failure".

/** The replay states of a step (core/src/replay's StepPlan['state']). */
export type StepState = 'skipped' | 'replay-failure' | 'runs' | 'maybe' | 'not-reached';

/** Code order of a resume: restored first, then the failure that ends it, what runs, what may, what never comes. */
export const STATE_ORDER: readonly StepState[] = ['skipped', 'replay-failure', 'runs', 'maybe', 'not-reached'];

const WORDS: Record<StepState, { one: string; many: string }> = {
  skipped: { one: 'skipped', many: 'skipped' },
  'replay-failure': { one: 'replays failure', many: 'replay failure' },
  runs: { one: 'runs', many: 'run' },
  maybe: { one: 'may be skipped', many: 'may be skipped' },
  'not-reached': { one: 'not reached', many: 'not reached' },
};

/** What happens to one step: "skipped", "replays failure", "runs", "may be skipped", "not reached". */
export function stateLabel(state: StepState): string {
  return WORDS[state].one;
}

/** A count of steps in a state, the verb agreeing with it: "1 runs", "3 run", "0 run". */
export function stateCount(state: StepState, n: number): string {
  return `${n} ${n === 1 ? WORDS[state].one : WORDS[state].many}`;
}

/**
 * "3 skipped · 1 replays failure · 1 runs · 2 not reached": the states with steps, in STATE_ORDER; `always` ones
 * are shown even at 0 (the lens always says how many run).
 */
export function stateSummary(states: Iterable<StepState>, always: readonly StepState[] = ['runs']): string {
  const counts = new Map<StepState, number>();
  for (const s of states) counts.set(s, (counts.get(s) ?? 0) + 1);
  return STATE_ORDER.filter((s) => (counts.get(s) ?? 0) > 0 || always.includes(s)).map((s) => stateCount(s, counts.get(s) ?? 0)).join(' · ');
}

const FAILURE_NAME_KEYS = ['type', 'code', 'name', 'message', '_tag'];

/**
 * What a saved failure is called wherever it is shown (inlay hint, tree, timeline, snapshot state): CARD_DECLINED
 * from `{ type: 'CARD_DECLINED', … }`, the string itself, else its code, name, message or _tag; else its JSON,
 * shortened to 40 characters.
 */
export function failureName(error: unknown): string {
  if (typeof error === 'string') return error;
  if (typeof error === 'object' && error !== null) {
    for (const k of FAILURE_NAME_KEYS) {
      const v = (error as Record<string, unknown>)[k];
      if (typeof v === 'string') return v;
    }
  }
  return shorten(JSON.stringify(error) ?? String(error));
}

/** The same from the failure's stored JSON text (shortened beyond 300 characters, so maybe not JSON any more). */
export function failureNameOfJson(json: string): string {
  try {
    return failureName(JSON.parse(json));
  } catch {
    return shorten(json);
  }
}

function shorten(text: string): string {
  return text.length > 40 ? `${text.slice(0, 39)}…` : text;
}
