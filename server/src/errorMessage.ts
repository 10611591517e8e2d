// An error as the log shows it (its stack where it has one); its own module so the typed worker's bundle
// (dist/typedWorker.js) has it without the LSP library that convert.ts brings.
export function errorMessage(e: unknown): string {
  return e instanceof Error ? (e.stack ?? e.message) : String(e);
}
