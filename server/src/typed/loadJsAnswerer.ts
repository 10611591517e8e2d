// The JS API's answerer, required only when TypeScript 7 cannot answer. In dist/typedWorker.js (the typed worker's
// small bundle, which starts in a tenth of the server bundle's time) esbuild.mjs points this require at
// dist/server-main.js, which carries TypeScript once for the whole .vsix, compiled through V8's code cache.

export function loadJsAnswerer(): typeof import('./jsAnswerer') {
  return require('./jsAnswerer') as typeof import('./jsAnswerer');
}
