// Signals for the end-to-end tests: with AWAITLY_LENS_TEST_STATE set, the extension writes what it has done
// (activated, server running, rows rendered) to that JSON file, so tests wait on state instead of on time.
import * as fs from 'node:fs';

const file = process.env.AWAITLY_LENS_TEST_STATE;
const state: Record<string, unknown> = {};

export function signal(key: string, value: unknown = true): void {
  if (!file) return;
  state[key] = value;
  try {
    fs.writeFileSync(file, JSON.stringify(state));
  } catch {
    // A test harness detail; never let it break the extension.
  }
}
