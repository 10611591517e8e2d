// Counts how often each piece of work really ran, so tests can compare with the replay prediction.
export const calls: Record<string, number> = {};
export const bump = (label: string): void => {
  calls[label] = (calls[label] ?? 0) + 1;
};
export const resetCalls = (): void => {
  for (const k of Object.keys(calls)) delete calls[k];
};
