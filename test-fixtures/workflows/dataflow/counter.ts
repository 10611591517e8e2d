// Counts how often each piece of work really ran, so tests can compare with the analysis and the replay plan.
export const calls: Record<string, number> = {};
/** Counts one run of `label`; returns how many there were so far. */
export const bump = (label: string): number => (calls[label] = (calls[label] ?? 0) + 1);
export const resetCalls = (): void => {
  for (const k of Object.keys(calls)) delete calls[k];
};
