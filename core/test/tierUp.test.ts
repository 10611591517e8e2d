// V8's tier-up budget for TypeScript's work (core/src/tierUp.ts): when it is set, and that setting it in a running
// process (the language server's launcher, the CLI's TypeScript door) does what the command-line flag does.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { TIER_UP_NODE_FLAG, TYPESCRIPT_INTERRUPT_BUDGET, tierUpFlag } from '../src/tierUp';

// Calls a small function until V8 marks it for optimisation (or optimises it) and prints how many calls that took.
// The budget, when given, is set the way tierUpForTypeScript sets it: after start-up.
const CALLS_TO_OPTIMISE = `
const v8 = require('node:v8');
if (process.argv[1]) v8.setFlagsFromString(process.argv[1]);
function f(a) { let s = 0; for (let i = 0; i < 10; i++) s += a[i % a.length] * i; return s; }
const arr = [1, 2, 3];
let n = 0;
// GetOptimizationStatus bits: optimised (16), marked for optimisation (256, concurrent 512), optimising (1024).
for (; n < 1e6; n++) { f(arr); if (%GetOptimizationStatus(f) & (16 | 256 | 512 | 1024)) break; }
process.stdout.write(String(n));
`;

function callsToOptimise(nodeFlags: string[], runtimeFlag = ''): number {
  const r = spawnSync(process.execPath, ['--allow-natives-syntax', ...nodeFlags, '-e', CALLS_TO_OPTIMISE, runtimeFlag], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return Number(r.stdout);
}

describe('tierUp: V8 tier-up for TypeScript work', () => {
  it('raises the interrupt budget unless node was given one or the default is asked for', () => {
    assert.equal(tierUpFlag([], {}), `--interrupt-budget=${TYPESCRIPT_INTERRUPT_BUDGET}`);
    assert.equal(tierUpFlag(['--inspect', '--max-old-space-size=4096'], {}), `--interrupt-budget=${TYPESCRIPT_INTERRUPT_BUDGET}`);
    assert.equal(tierUpFlag(['--interrupt-budget=10000'], {}), undefined);
    assert.equal(tierUpFlag(['--interrupt_budget', '10000'], {}), undefined);
    assert.equal(tierUpFlag([], { AWAITLY_LENS_V8_TIER_UP: 'default' }), undefined);
    // Another flag that merely starts the same way is not the budget.
    assert.equal(tierUpFlag(['--interrupt-budget-for-maglev=100'], {}), `--interrupt-budget=${TYPESCRIPT_INTERRUPT_BUDGET}`);
    // The VS Code client's command line counts as the node's own.
    assert.equal(tierUpFlag([TIER_UP_NODE_FLAG], {}), undefined);
  });

  it("leaves an embedder's runtime alone (Electron, NW.js: flags there may be frozen, and changing one aborts)", () => {
    assert.equal(tierUpFlag([], {}, { ...process.versions, electron: '37.2.0' }), undefined);
    assert.equal(tierUpFlag([], {}, { ...process.versions, nw: '0.75.0' }), undefined);
    assert.equal(tierUpFlag([], {}, { ...process.versions }), TIER_UP_NODE_FLAG);
  });

  it('set in a running process, acts as the command-line flag does: later optimisation than by default', function () {
    this.timeout(20_000);
    const flag = tierUpFlag([], {})!;
    const byDefault = callsToOptimise([]);
    const atRuntime = callsToOptimise([], flag);
    const onCommandLine = callsToOptimise([flag]);
    assert.equal(atRuntime, onCommandLine);
    assert.ok(atRuntime > 3 * byDefault, `optimised after ${atRuntime} calls with the budget, ${byDefault} without`);
  });
});
