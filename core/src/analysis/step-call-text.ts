// What a step call looks like in a file's text: `step(` or `step.<method>(`, with type arguments or not
// (`step.getWritable<string>(`), not a member named step (`x.step(`) nor a comparison (`step < n`). Read without a
// parse by the no-workflow report (analyze-file.ts: where a file has step calls but no workflow) and by TypeScript 7's
// thread, which types these calls before the rules name their sites (typed/nativeEngine.ts). No imports, so the
// thread's bundle does not grow.
export const STEP_CALL = /(?<![\w$.])step(?:\s*\.\s*[A-Za-z_$][\w$]*)?(?:<[A-Za-z_$'"[{][^;()=]*?>)?\s*\(/;

const STEP_CALLS = new RegExp(STEP_CALL.source, 'g');

/** Where STEP_CALL matches in a text: each step call's first character. */
export function stepCallStarts(text: string): number[] {
  return [...text.matchAll(STEP_CALLS)].map((m) => m.index!);
}

/** A file that mentions awaitly and calls a step, by its text alone: where step calls are looked for ahead of the rules. */
export function mayCallAwaitlySteps(text: string): boolean {
  return text.includes('awaitly') && STEP_CALL.test(text);
}
