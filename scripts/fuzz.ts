// `npm run fuzz -- --count 100000 [--seed N]`: compare core/src/snapshot with awaitly 1.35.0 and 4.5.1 on N
// generated inputs (default 10000) and on byte-level mutations of their JSON text. Prints progress,
// every kind of disagreement with a shrunk input, then
//   fuzz: N inputs, D disagreements, C crashes (seed S)
// and exits 1 if D or C is not 0. The same seed always generates the same inputs.
import { formatSummary, runFuzz } from '../core/test/support/fuzzLoop';

function parseArgs(argv: string[]): { count: number; seed: number } {
  let count = 10_000;
  let seed = Math.floor(Date.now() % 1_000_000);
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const value = (): string => {
      const eq = a.indexOf('=');
      if (eq >= 0) return a.slice(eq + 1);
      const v = argv[++i];
      if (v === undefined) throw new Error(`${a} needs a value`);
      return v;
    };
    if (a === '--count' || a.startsWith('--count=')) count = Number(value());
    else if (a === '--seed' || a.startsWith('--seed=')) seed = Number(value());
    else if (a === '--help' || a === '-h') {
      console.log('usage: npm run fuzz -- [--count N] [--seed S]');
      process.exit(0);
    } else throw new Error(`unknown argument ${a}`);
  }
  if (!Number.isInteger(count) || count < 0) throw new Error('--count must be a non-negative integer');
  if (!Number.isInteger(seed) || seed < 0) throw new Error('--seed must be a non-negative integer');
  return { count, seed };
}

let args: { count: number; seed: number };
try {
  args = parseArgs(process.argv.slice(2));
} catch (e) {
  console.error(`fuzz: ${(e as Error).message}`);
  process.exit(2);
}

console.log(`fuzz: ${args.count} inputs, seed ${args.seed} (rerun with --seed ${args.seed})`);
const every = Math.max(1000, Math.round(args.count / 20 / 1000) * 1000);
const summary = runFuzz({
  seed: args.seed,
  count: args.count,
  progressEvery: every,
  onProgress: (done, total, s) => {
    console.log(`  ${done}/${total} inputs, ${s.disagreements} disagreements, ${s.crashes} crashes, ${(s.ms / 1000).toFixed(1)} s`);
  },
});
console.log(formatSummary(summary));
process.exit(summary.disagreements > 0 || summary.crashes > 0 ? 1 : 0);
