// The subcommands that need ts-morph and TypeScript, bundled on their own (dist/cli-analysis.js) so
// that `validate` starts without compiling 14 MB of code. esbuild.mjs maps the lazy requires of
// ./check, ./plan and ./lock in commands/index.ts to this bundle.
export { checkCommand } from './check';
export { planCommand } from './plan';
export { lockCommand } from './lock';
