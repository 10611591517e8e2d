// What a step call looks like in a file's text: `step(` or `step.<method>(`, with type arguments or not
// (`step.getWritable<string>(`), not a member named step (`x.step(`) nor a comparison (`step < n`). Read without a
// parse by the no-workflow report (analyze-file.ts: where a file has step calls but no workflow) and by TypeScript 7's
// thread, which types these calls before the rules name their sites (typed/nativeEngine.ts). No imports, so the
// thread's bundle does not grow.
export const STEP_CALL = /(?<![\w$.])step(?:\s*\.\s*[A-Za-z_$][\w$]*)?(?:<[A-Za-z_$'"[{][^;()=]*?>)?\s*\(/;
