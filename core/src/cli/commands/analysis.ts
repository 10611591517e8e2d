// What needs TypeScript, bundled on its own (dist/cli-analysis.js) so that `validate`, and check, plan
// or lock answered from the cache, start without compiling 15 MB of code. Reached only through
// cli/typescriptBackend.ts, whose require esbuild.mjs maps to this bundle.
export { analyseProject } from '../analyseProject';
export { analyzeAtRevision, RevisionError } from '../gitRevision';
export { fixDiff, fixFiles } from '../../fixes/index';
export { storeCheckContext } from '../storeContext';
