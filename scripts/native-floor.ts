// The floor of a rules analysis that would run on TypeScript 7's own AST instead of the JS API's (not built: the
// rules walk the JS API's nodes). One cold process, run by `npm run bench` (bench-analysis.ts, (c)) as
// `node --import tsx scripts/native-floor.ts <tsconfig>`, prints as JSON the least such an analysis must do, by phase:
// load TypeScript 7's API and open the project (its Go process parses and binds every file, on all cores), get the
// ASTs of the files that mention awaitly and call a step (decoded in this process), walk down to the step calls, and
// resolve the callee of each in one batched request (the rules decide what is a step by its symbol; they also resolve
// each `deps.x` and each identifier a key reads: timed apart, for scale). What the rules then do with the answers is
// not counted: this is a floor, not an estimate.
import * as fs from 'node:fs';
import { performance } from 'node:perf_hooks';
import type * as Ast from 'typescript-native/unstable/ast';
import { callsAt, loadNative } from '../core/src/typed/nativeEngine';
import { pipelineOf } from '../core/src/typed/nativePipeline';
import { mayCallAwaitlySteps, stepCallStarts } from '../core/src/analysis/step-call-text';

const IDENTIFIER = 79; // SyntaxKind.Identifier in TypeScript 7 (80 in 5.9)

function main(): void {
  const tsconfig = process.argv[2]!;
  const phases: Record<string, number> = { 'process start to the script': performance.now() };
  let t = performance.now();
  const lap = (name: string) => {
    const now = performance.now();
    phases[name] = now - t;
    t = now;
  };
  const native = loadNative();
  if ('error' in native) throw new Error(native.error);
  const api = new native.sync.API({ cwd: tsconfig.slice(0, tsconfig.lastIndexOf('/')) || '/' });
  const snapshot = api.updateSnapshot({ openProject: tsconfig });
  const project = snapshot.getProject(tsconfig) ?? snapshot.getProjects()[0]!;
  lap('load the API, open the project (parse and bind in Go)');
  const files = project.rootFiles.filter((f) => !f.endsWith('.d.ts'));
  const wanted = files.filter((f) => mayCallAwaitlySteps(fs.readFileSync(f, 'utf8')));
  lap('read the root files, keep those that mention awaitly and call a step');
  const pipeline = pipelineOf((api as unknown as { client: unknown }).client);
  const asks = wanted.map((f) => () => project.program.getSourceFile(f));
  const sourceFiles = (pipeline ? pipeline.run(asks) : asks.map((c) => c())) as Array<Ast.SourceFile | undefined>;
  lap('get their ASTs');
  // The least walk: down to the step calls (found by their text), one descent per file (nativeEngine.ts callsAt).
  const calls: Ast.Node[] = [];
  const callees: Ast.Node[] = [];
  for (const sf of sourceFiles) {
    if (!sf) continue;
    for (const call of callsAt(sf, stepCallStarts(sf.text).map((start) => ({ start })))) {
      if (!call) continue;
      calls.push(call);
      let callee = (call as Ast.CallExpression).expression as Ast.Node;
      while (callee.kind !== IDENTIFIER && 'expression' in callee) callee = (callee as Ast.PropertyAccessExpression).expression;
      callees.push(callee);
    }
  }
  lap('walk down to the step calls');
  const resolved = callees.length > 0 ? project.checker.getSymbolAtLocation(callees).filter(Boolean).length : 0;
  lap('resolve each step call\'s callee (one batched request)');
  // For scale, not in the floor: every identifier inside the step calls (what keys and operands would resolve).
  const identifiers: Ast.Node[] = [];
  const inside = (node: Ast.Node): void => {
    if (node.kind === IDENTIFIER) identifiers.push(node);
    node.forEachChild(inside);
  };
  for (const c of calls) inside(c);
  const all = identifiers.length > 0 ? project.checker.getSymbolAtLocation(identifiers).filter(Boolean).length : 0;
  lap('for scale: walk the step calls and resolve every identifier in them (one batched request)');
  snapshot.dispose();
  api.close();
  lap('close');
  process.stdout.write(`${JSON.stringify({ phases, files: files.length, wanted: wanted.length, calls: calls.length, callees: callees.length, calleesResolved: resolved, identifiers: identifiers.length, identifiersResolved: all })}\n`);
}

main();
