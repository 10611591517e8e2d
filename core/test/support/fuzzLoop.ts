// The fuzz loop shared by `npm run fuzz` (scripts/fuzz.ts) and the mocha smoke test: N generated
// inputs, each compared with awaitly 1.35.0 and 4.5.1 through every API (validate, looksLike, assert, resume
// state, merge with a partner, analyzeSnapshotText on its JSON text), plus one byte-level mutation
// of that text, which analyzeSnapshotText must survive with sane diagnostics.
import {
  type Disagreement,
  formatDisagreement,
  runMerge,
  runOperationOrder,
  runSingle,
  runTextMutation,
  runTextVerdict,
  stats,
  textOf,
} from './compare';
import { type MutationCase, Rng, generateCase, loadSeedFiles, mutateText } from './mutations';

export interface FuzzOptions {
  seed: number;
  count: number;
  /** Called about every `progressEvery` inputs. */
  onProgress?: (done: number, total: number, summary: FuzzSummary) => void;
  progressEvery?: number;
  /** Shrink and keep this many examples per distinct kind of disagreement (default 3). */
  examplesPerSignature?: number;
  /** Share of deep/huge inputs (default 0.005). */
  hugeShare?: number;
}

export interface SignatureGroup {
  signature: string;
  count: number;
  crash: boolean;
  examples: Disagreement[];
}

export interface FuzzSummary {
  seed: number;
  inputs: number;
  checks: number;
  textMutations: number;
  disagreements: number;
  crashes: number;
  bundleDependentMessages: number;
  /** 4.5.1 error messages that differ from ours only in V8's wording (see compare.ts). */
  lineDependentMessages: number;
  ms: number;
  groups: SignatureGroup[];
}

function signatureOf(d: Disagreement): string {
  return `${d.check}${d.crash ? ' (crash)' : ''}${d.nonJson ? ' [non-JSON input]' : ''}: ${d.key}`;
}

export function runFuzz(options: FuzzOptions): FuzzSummary {
  const { seed, count } = options;
  const perSig = options.examplesPerSignature ?? 3;
  const progressEvery = options.progressEvery ?? 1000;
  const seeds = loadSeedFiles();
  const seedCases: MutationCase[] = seeds.map((s) => ({ name: `seed ${s.name}`, value: s.value, text: s.text }));
  const groups = new Map<string, SignatureGroup>();
  const started = Date.now();
  const bundleBefore = stats.bundleDependentMessages;
  const lineBefore = stats.lineDependentMessages;
  const summary: FuzzSummary = { seed, inputs: 0, checks: 0, textMutations: 0, disagreements: 0, crashes: 0, bundleDependentMessages: 0, lineDependentMessages: 0, ms: 0, groups: [] };
  const recent: MutationCase[] = [];

  /** Record a disagreement; the thunk re-runs the check with shrinking for the first few of a kind. */
  const record = (d: Disagreement | undefined, again: () => Disagreement | undefined): void => {
    if (!d) return;
    const sig = signatureOf(d);
    let g = groups.get(sig);
    if (!g) {
      g = { signature: sig, count: 0, crash: !!d.crash, examples: [] };
      groups.set(sig, g);
    }
    g.count++;
    if (d.crash) summary.crashes++;
    else summary.disagreements++;
    if (g.examples.length < perSig) g.examples.push(again() ?? d);
  };

  for (let i = 0; i < count; i++) {
    const c = generateCase(seed, i, { seeds, hugeShare: options.hugeShare ?? 0.005 });
    const rng = new Rng((seed * 31 + i * 7919 + 17) >>> 0);
    summary.inputs++;

    for (const check of ['validateSnapshot', 'looksLikeWorkflowSnapshot', 'assertValidSnapshot', 'resumeState'] as const) {
      summary.checks++;
      record(runSingle(check, c, false), () => runSingle(check, c, true));
    }

    const partner = recent.length > 0 && rng.chance(0.6) ? rng.pick(recent) : rng.pick(seedCases);
    const [base, delta] = rng.chance(0.5) ? [c, partner] : [partner, c];
    summary.checks++;
    record(runMerge(base, delta, false), () => runMerge(base, delta, true));

    if (!c.js && (c.text === undefined || c.text.length < 50_000) && rng.chance(0.25)) {
      summary.checks++;
      const other = partner.js ? undefined : partner;
      record(runOperationOrder(c, other, false), () => runOperationOrder(c, other, true));
    }

    if (!c.js) {
      const indent = rng.pick([0, 2, '\t'] as const);
      summary.checks++;
      record(runTextVerdict(c, indent, false), () => runTextVerdict(c, indent, true));
      const text = textOf(c, indent);
      if (text !== undefined && text.length <= 100_000) {
        const m = mutateText(rng, text);
        const name = `${c.name} (indent ${JSON.stringify(indent)}), text ${m.desc.join(', ')}`;
        summary.checks++;
        summary.textMutations++;
        record(runTextMutation(name, m.text, false), () => runTextMutation(name, m.text, true));
      }
    }

    if (!c.js && (c.text === undefined || c.text.length < 20_000)) {
      recent.push(c);
      if (recent.length > 64) recent.shift();
    }
    if (options.onProgress && (i + 1) % progressEvery === 0) {
      summary.ms = Date.now() - started;
      summary.groups = [...groups.values()];
      options.onProgress(i + 1, count, summary);
    }
  }
  summary.ms = Date.now() - started;
  summary.bundleDependentMessages = stats.bundleDependentMessages - bundleBefore;
  summary.lineDependentMessages = stats.lineDependentMessages - lineBefore;
  summary.groups = [...groups.values()].sort((a, b) => b.count - a.count);
  return summary;
}

export function formatSummary(s: FuzzSummary): string {
  const lines: string[] = [];
  for (const g of s.groups) {
    lines.push(`${g.count} × ${g.signature}`);
    for (const e of g.examples) lines.push(formatDisagreement(e).replace(/^/gm, '  '));
  }
  lines.push(
    `(${s.checks} checks, ${s.textMutations} byte-level text mutations, ${s.bundleDependentMessages} error messages that differ only where awaitly's own bundles differ, ${s.lineDependentMessages} 4.5.1 messages that differ only in V8's wording of the same failing call, ${(s.ms / 1000).toFixed(1)} s)`,
  );
  lines.push(`fuzz: ${s.inputs} inputs, ${s.disagreements} disagreements, ${s.crashes} crashes (seed ${s.seed})`);
  return lines.join('\n');
}
