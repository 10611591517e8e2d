// Fuzzes the source analysis (`npm run fuzz:workflows -- [--iterations N] [--seed S] [--differential K] [--fixtures D] [--rules-only]`, default
// 10,000 and K 100): mutates real workflow sources in memory (never on disk) through the incremental API, then runs
// everything the CLI and the language server run on the result: analyzeFile (rules included), definition hashes, the
// lock and its comparison with the unmutated lock, and a replay plan against a snapshot built from the workflow's keys.
// A crash is any exception; each is printed with its seed and iteration so it can be replayed. Every K mutations the
// long-lived project's whole analysis (edited incrementally, its results cached across edits) is compared with a fresh
// project's given the same texts: they must be equal (K 0: never). Exits 1 on crashes or disagreements.
import { isDeepStrictEqual } from 'node:util';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createAnalysisProject, type ProjectAnalysis } from '../core/src/analysis/index';
import { reuseCounts } from '../core/src/analysis/step-reuse';
import { buildLock, definitionHash, diffLocks } from '../core/src/hash/index';
import { checkSnapshotAgainstCode, planReplay, readReplayInput } from '../core/src/replay/index';
import { mulberry32 } from '../core/test/support/prng';

// The fixtures mutated (--fixtures workflows-4x: the 4.x ones, with awaitly 4.5.1 installed; an absolute folder with a
// tsconfig.json, such as the corpus scripts/corpus.ts assembles from awaitly's own code, is taken as it is).
const FIXTURES = process.argv.includes('--fixtures') ? process.argv[process.argv.indexOf('--fixtures') + 1]! : 'workflows';
const ROOT = path.resolve(__dirname, '..', 'test-fixtures', FIXTURES);
// --rules-only: both projects without result types, as the language server's rules analysis runs; mostly the same file
// edited again, as someone typing.
const RULES_ONLY = process.argv.includes('--rules-only');
const open = () => createAnalysisProject({ tsconfig: path.join(ROOT, 'tsconfig.json'), ...(RULES_ONLY ? { includeResultTypes: false } : {}) });


/** Fragments that stress the walker, key evaluation and the rules when spliced in anywhere. */
const FRAGMENTS = [
  'step(', 'step.retry(', 'step.all(', 'step.map(', 'step.try(', 'step.withResource(', 'steps.', 'await ', 'async ', '=>', '() => ',
  "'k'", '`k:${x}`', '`${', '}`', '{ key: ', '{ key: undefined }', "{ key: '' }", 'Date.now()', 'crypto.randomUUID()', 'for (const x of xs) ',
  'if (a) ', 'else ', 'while (x) ', 'switch (x) { case 1: ', 'try { ', '} catch { ', ')', '(', '{', '}', '[', ']', ',', ';', '\n', '...', '?.', '??',
  'const step = ', 'function helper(step) { return step("h", () => ok(1)); }', 'helper(step)', 'createWorkflow(', '.run(', 'durable.run(',
  '"__proto__"', '/*', '*/', '//', 'new Date()', 'Math.random()', 'x as any', '!', 'satisfies K', '<T>', 'enum E { A = "a" }', 'E.A',
];

type Mutation = (text: string, r: () => number) => string;
const pick = <T>(xs: readonly T[], r: () => number): T => xs[Math.floor(r() * xs.length)]!;
const at = (text: string, r: () => number) => Math.floor(r() * (text.length + 1));

const MUTATIONS: Array<[string, Mutation]> = [
  ['insert fragment', (t, r) => { const i = at(t, r); return t.slice(0, i) + pick(FRAGMENTS, r) + t.slice(i); }],
  ['delete span', (t, r) => { const i = at(t, r); return t.slice(0, i) + t.slice(i + 1 + Math.floor(r() * 40)); }],
  ['duplicate line', (t, r) => { const ls = t.split('\n'); const i = Math.floor(r() * ls.length); ls.splice(i, 0, ls[i]!); return ls.join('\n'); }],
  ['swap lines', (t, r) => { const ls = t.split('\n'); const i = Math.floor(r() * ls.length); const j = Math.floor(r() * ls.length); [ls[i], ls[j]] = [ls[j]!, ls[i]!]; return ls.join('\n'); }],
  ['truncate', (t, r) => t.slice(0, at(t, r))],
  ['replace char', (t, r) => { const i = at(t, r); return t.slice(0, i) + pick(['(', ')', '{', '}', '`', "'", '"', '$', '\\', '\u2028', '\0'], r) + t.slice(i + 1); }],
  ['rename identifier', (t, r) => t.replace(pick(['step', 'key', 'deps', 'ok', 'run', 'await'], r), pick(['stp', 'k', 'step', 'x', ''], r))],
];

// Edits as typed, which leave the text valid: what the language server mostly sees, and where it takes the steps of
// the statements an edit left alone from the analysis before (step-reuse.ts). With --rules-only, most mutations.
const TYPED: Array<[string, Mutation]> = [
  ['edit a string', (t, r) => {
    const strings = [...t.matchAll(/'[^'\n\\]*'|`[^`\n\\$]*`/g)];
    if (!strings.length) return t;
    const m = pick(strings, r);
    const i = m.index! + 1 + Math.floor(r() * (m[0].length - 1));
    return t.slice(0, i) + pick(['x', '-', ':', '1', ''], r) + t.slice(i);
  }],
  // A declaration a key may read (`const key = \`short:${orderId}\``), its value retyped: the steps reading it must change.
  ['edit a declared string', (t, r) => {
    const declared = [...t.matchAll(/\b(?:const|let)\s+[\w$]+\s*=\s*(['`])[^'`\n\\]*\1/g)];
    if (!declared.length) return t;
    const m = pick(declared, r);
    const i = m.index! + m[0].length - 1;
    return t.slice(0, i) + pick(['x', ':1', ''], r) + t.slice(i);
  }],
  ['insert a line', (t, r) => {
    const ls = t.split('\n');
    const i = Math.floor(r() * ls.length);
    ls.splice(i, 0, pick(LINES, r));
    return ls.join('\n');
  }],
];

const ALL = [...MUTATIONS, ...TYPED];

/** Whole lines as typed: statements of a workflow body (valid or not where they land), comments. */
const LINES = [
  "    await step('typed', () => deps.fetchUser('1'));", "    await step('typed', () => deps.fetchUser('1'), { key: 'typed:1' });",
  "    const typed = await step('typed', () => deps.fetchUser('1'));", '    // a note', '/* a note */', '    total += 1;',
  '    let x = 1;', '    x = 2;', '    if (x) return x;', '    assertOk(x);', '    console.log(x);', "    const key = 'k';", '    {', '    }',
  // Names the fixtures' keys read: a declaration that shadows one, an assignment, a narrowing (steps after must change).
  "    const orderId = 'shadowed';", "    orderId = 'assigned';", '    if (!user) return;', "    const order = { id: 'o' };", '    const page = 2;',
];

function main(): void {
  const args = process.argv.slice(2);
  const iterations = args.includes('--iterations') ? Number(args[args.indexOf('--iterations') + 1]) : 10_000;
  const seed = args.includes('--seed') ? Number(args[args.indexOf('--seed') + 1]) : 20261127;
  const every = args.includes('--differential') ? Number(args[args.indexOf('--differential') + 1]) : 100;
  const r = mulberry32(seed);
  const project = open();
  const baseline = project.analyzeProject();
  const baseLock = buildLock(baseline);
  const files = project.sourceFiles().filter((f) => baseline.workflows.some((w) => w.files.includes(f)));
  const originals = new Map(files.map((f) => [f, fs.readFileSync(f, 'utf8')]));
  const current = new Map(originals);
  let last: string | undefined;
  let crashes = 0;
  let disagreements = 0;
  let compared = 0;
  let workflowsSeen = 0;
  const started = Date.now();
  console.log(`fuzz-workflows: ${iterations} mutations over ${files.length} files of ${path.relative(process.cwd(), ROOT)}, seed ${seed}`);

  for (let n = 1; n <= iterations; n++) {
    const file = RULES_ONLY && last !== undefined && r() < 0.8 ? last : pick(files, r);
    last = file;
    // Mostly stack mutations on the file's current text; sometimes start over from the original.
    const base = r() < 0.2 ? originals.get(file)! : current.get(file)!;
    // Rules only: mostly edits as typed, which the server's step reuse sees most (the others break more than they keep).
    const [name, mutate] = RULES_ONLY && r() < 0.6 ? pick(TYPED, r) : pick(ALL, r);
    const text = mutate(base, r);
    current.set(file, text.length > 20_000 ? originals.get(file)! : text);
    try {
      project.updateFile(file, current.get(file)!);
      const result = project.analyzeFile(file);
      for (const w of result.workflows) {
        workflowsSeen++;
        definitionHash(w);
        const keys = w.steps.map((s) => s.key?.value ?? s.key?.pattern ?? s.id?.text ?? 'x');
        const snapshot = { formatVersion: 1, workflowName: w.name?.value ?? w.label, steps: Object.fromEntries(keys.map((k, i) => [k, i % 3 === 2 ? { ok: false, error: 'E', cause: { type: 'thrown', stringRepresentation: 'E' } } : { ok: true, value: i }])), execution: { status: 'running', lastUpdated: '2026-01-01T00:00:00.000Z' }, metadata: { definitionHash: 'v1:0', stepOrder: keys } };
        const input = readReplayInput(snapshot)!;
        planReplay(w, input, project.semantics);
        planReplay(w, input, { line: '4.x', source: 'override' });
        checkSnapshotAgainstCode(JSON.stringify(snapshot, null, 1), snapshot, result.workflows, project.semantics);
      }
      if (n % 250 === 0) diffLocks(baseLock, buildLock(project.analyzeProject()));
      if (every > 0 && n % every === 0) {
        compared++;
        const why = disagreement(project.analyzeProject(), current, originals);
        if (why) {
          disagreements++;
          if (disagreements <= 10) console.log(`\nDISAGREEMENT #${disagreements} at iteration ${n} (seed ${seed}): ${why}`);
        }
      }
    } catch (error) {
      crashes++;
      if (crashes <= 10) {
        console.log(`\nCRASH #${crashes} at iteration ${n} (seed ${seed}), ${name} in ${path.relative(ROOT, file)}:`);
        console.log(error instanceof Error ? error.stack : String(error));
      }
      // Start the file over so one bad text does not repeat the same crash.
      current.set(file, originals.get(file)!);
      try {
        project.updateFile(file, originals.get(file)!);
      } catch {
        /* reported above */
      }
    }
    if (n % 1000 === 0) console.log(`  ${n} mutations, ${crashes} crashes, ${disagreements} disagreements, ${((Date.now() - started) / n).toFixed(1)} ms each`);
  }
  console.log(`fuzz-workflows: ${iterations} mutations, ${workflowsSeen} workflow analyses, ${crashes} crash(es), ${disagreements} disagreement(s) in ${compared} comparisons with a fresh project, in ${((Date.now() - started) / 1000).toFixed(0)} s` +
    (RULES_ONLY ? `; steps taken from the analysis before ${reuseCounts.reused}, built ${reuseCounts.built}` : ''));
  process.exitCode = crashes || disagreements ? 1 : 0;
}

/** The first place two values differ, as a path and both sides. */
function firstDifference(a: unknown, b: unknown, at: string): string {
  if (a && b && typeof a === 'object' && typeof b === 'object') {
    for (const k of new Set([...Object.keys(a), ...Object.keys(b)])) {
      const x = (a as Record<string, unknown>)[k];
      const y = (b as Record<string, unknown>)[k];
      if (!isDeepStrictEqual(x, y)) return firstDifference(x, y, `${at}.${k}`);
    }
  }
  return `at ${at || '(root)'}: incremental ${JSON.stringify(a)?.slice(0, 400)}, fresh ${JSON.stringify(b)?.slice(0, 400)}`;
}

/**
 * The analysis as compared: a step's printed result type (resultType) left out. TypeScript prints a union's members in
 * the order it created their types, which a checker that lived through edits and a fresh one do not share
 * ("NOT_FOUND" | UnexpectedError against UnexpectedError | "NOT_FOUND"); the definition hash reads resultShape,
 * which is compared.
 */
function comparable(a: ProjectAnalysis): ProjectAnalysis {
  return { ...a, workflows: a.workflows.map((w) => ({ ...w, steps: w.steps.map((s) => ({ ...s, resultType: '' })) })) };
}

/** Where the incremental project's analysis differs from a fresh project's given the same texts; undefined: equal. */
function disagreement(incremental: ProjectAnalysis, current: ReadonlyMap<string, string>, originals: ReadonlyMap<string, string>): string | undefined {
  const fresh = open();
  for (const [file, text] of current) if (text !== originals.get(file)) fresh.updateFile(file, text);
  const expected = comparable(fresh.analyzeProject());
  incremental = comparable(incremental);
  if (isDeepStrictEqual(incremental, expected)) return undefined;
  const byId = (a: ProjectAnalysis) => new Map(a.workflows.map((w) => [w.id, w]));
  const [got, want] = [byId(incremental), byId(expected)];
  for (const id of new Set([...got.keys(), ...want.keys()])) {
    if (!isDeepStrictEqual(got.get(id), want.get(id))) return `workflow ${id}: ${firstDifference(got.get(id), want.get(id), '')}`;
  }
  const key = (f: ProjectAnalysis['findings'][number]) => JSON.stringify(f);
  const gotF = new Set(incremental.findings.map(key));
  const wantF = new Set(expected.findings.map(key));
  const extra = [...gotF].filter((f) => !wantF.has(f));
  const missing = [...wantF].filter((f) => !gotF.has(f));
  if (extra.length || missing.length) return `findings only incremental: ${extra.slice(0, 3).join(' | ').slice(0, 800)}; only fresh: ${missing.slice(0, 3).join(' | ').slice(0, 800)}`;
  return 'the analyses differ outside workflows and findings (order or project fields)';
}

main();
