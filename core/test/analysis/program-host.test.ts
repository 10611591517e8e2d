// How the project is loaded (program-host.ts ProgramHost.open): the lib files of the analysis's own TypeScript,
// served from memory, and files parsed as tsc parses them for type information (JSDoc only in JavaScript).
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ProgramHost } from '../../src/analysis/program-host';
import { ts } from '../../src/analysis/ts-util';
import { mulberry32 } from '../support/prng';

describe('analysis: loading the program', () => {
  let dir: string;
  let program: ts.Program;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'awaitly-lens-program-host-'));
    const write = (name: string, text: string) => fs.writeFileSync(path.join(dir, name), text);
    write('tsconfig.json', JSON.stringify({ compilerOptions: { target: 'ES2022', lib: ['ES2022'], module: 'ESNext', moduleResolution: 'bundler', strict: true, allowJs: true, checkJs: true, noEmit: true, types: [] } }));
    write('a.ts', '/**\n * Twice n.\n * @param n a number\n */\nexport function twice(n: number) {\n  return n * 2;\n}\nexport const later = Promise.resolve(twice(2));\n');
    write('b.js', '/** @type {number} */\nexport let count = 1;\n/** @param {string} s */\nexport function len(s) {\n  return s.length;\n}\n');
    const parsed = ts.getParsedCommandLineOfConfigFile(path.join(dir, 'tsconfig.json'), {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => undefined })!;
    program = ProgramHost.open(parsed.fileNames, parsed.options).current();
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  const declaration = (file: string, name: string): ts.Node => {
    const sf = program.getSourceFile(path.join(dir, file))!;
    const found = sf.statements.find((s) => (ts.isFunctionDeclaration(s) && s.name?.text === name) || (ts.isVariableStatement(s) && s.declarationList.declarations.some((d) => ts.isIdentifier(d.name) && d.name.text === name)));
    assert.ok(found, `${name} in ${file}`);
    return found;
  };
  // Parsed as the host parses a TypeScript file (no JSDoc), in one go.
  const freshParse = (file: string, text: string) => ts.createSourceFile(file, text, { languageVersion: ts.ScriptTarget.ES2022, jsDocParsingMode: ts.JSDocParsingMode.ParseForTypeInfo }, true);
  const typeOf = (file: string, name: string): string => {
    const node = declaration(file, name);
    const named = ts.isVariableStatement(node) ? node.declarationList.declarations[0]!.name : (node as ts.FunctionDeclaration).name!;
    return program.getTypeChecker().typeToString(program.getTypeChecker().getTypeAtLocation(named));
  };

  it('serves the lib files of its own TypeScript, at the paths a ts-morph Project gives them', () => {
    const libs = program.getSourceFiles().filter((f) => program.isSourceFileDefaultLibrary(f)).map((f) => f.fileName);
    assert.ok(libs.includes('/node_modules/typescript/lib/lib.es2022.d.ts'), libs.join(', '));
    assert.ok(libs.includes('/node_modules/typescript/lib/lib.es5.d.ts'));
    assert.deepEqual(ts.sortAndDeduplicateDiagnostics([...program.getGlobalDiagnostics(), ...program.getSemanticDiagnostics()]).map((d) => ts.flattenDiagnosticMessageText(d.messageText, ' ')), []);
    assert.equal(typeOf('a.ts', 'later'), 'Promise<number>');
  });

  it('skips JSDoc in TypeScript files and keeps it in JavaScript, where it carries types', () => {
    assert.deepEqual(ts.getJSDocCommentsAndTags(declaration('a.ts', 'twice')), [], 'JSDoc of a .ts function is not parsed');
    const lib = program.getSourceFile('/node_modules/typescript/lib/lib.es5.d.ts')!;
    const documented = lib.statements.filter((s) => ts.getJSDocCommentsAndTags(s).length > 0).length;
    assert.equal(documented, 0, 'nor in the lib files');
    assert.ok(ts.getJSDocCommentsAndTags(declaration('b.js', 'len')).length > 0, 'JSDoc of a .js function is parsed');
    assert.equal(typeOf('b.js', 'count'), 'number');
    assert.equal(typeOf('b.js', 'len'), '(s: string) => number');
  });

  it('keeps the mode after an edit (incremental parse) and for a file added in memory', () => {
    const host = ProgramHost.open([path.join(dir, 'a.ts')], program.getCompilerOptions());
    host.update(path.join(dir, 'a.ts'), fs.readFileSync(path.join(dir, 'a.ts'), 'utf8').replace('n * 2', 'n * 3'));
    host.update(path.join(dir, 'c.ts'), '/** A doc. */\nexport function c() {}\n');
    const next = host.current();
    for (const file of ['a.ts', 'c.ts']) {
      const sf = next.getSourceFile(path.join(dir, file))!;
      assert.ok(sf.statements.every((s) => ts.getJSDocCommentsAndTags(s).length === 0), file);
    }
    assert.ok(next.getSourceFile(path.join(dir, 'a.ts'))!.text.includes('n * 3'));
  });

  it('parses an edit in several places one place at a time: the tree a fresh parse gives, the statements between kept', () => {
    const file = path.join(dir, 'many.ts');
    const lines = Array.from({ length: 200 }, (_, i) => `export function f${i}(n: number) { return n + ${i}; }`);
    const text = `${lines.join('\n')}\n`;
    const host = ProgramHost.open([file], program.getCompilerOptions());
    host.update(file, text);
    const before = host.current().getSourceFile(file)!;
    // An undo restoring one line and a change far below: two places, with 190 statements (~9 kB) between them.
    const edited = text.replace('n + 3;', 'n + 3 + 1;').replace('return n + 196;', 'const m = n; return m + 196;');
    host.update(file, edited);
    const after = host.current().getSourceFile(file)!;
    const fresh = freshParse(file, edited);
    const shape = (node: ts.Node): unknown[] => [ts.SyntaxKind[node.kind], node.pos, node.end, ...node.getChildren().map(shape)];
    assert.deepEqual(shape(after), shape(fresh));
    assert.equal(after.statements[100], before.statements[100], 'a statement between the two places is the old node, moved');
    assert.notEqual(after.statements[196], before.statements[196], 'the changed statement is parsed again');
  });

  it('gives the tree a fresh parse gives after random edits in one to twelve places (places merged, or one range past eight)', () => {
    const file = path.join(dir, 'random.ts');
    const fixture = fs.readFileSync(path.join(__dirname, '../../../test-fixtures/workflows/dataflow/loops.ts'), 'utf8');
    // Long enough that places lie more than 4 kB apart (each its own change) as well as close (merged).
    const base = Array.from({ length: 12 }, (_, i) => fixture.replaceAll('export ', i === 0 ? 'export ' : '')).join('\n');
    const host = ProgramHost.open([file], program.getCompilerOptions());
    host.update(file, base);
    host.current();
    const r = mulberry32(13);
    const shape = (node: ts.Node): string => `${node.kind}:${node.pos}-${node.end}(${node.getChildren().map(shape).join(',')})`;
    let text = base;
    for (let n = 0; n < 60; n++) {
      const places = 1 + Math.floor(r() * 12);
      const ats = Array.from({ length: places }, () => Math.floor(r() * text.length)).sort((a, b) => b - a);
      for (const at of ats) text = text.slice(0, at) + ['x', '\n', '', '1;\n', '/* c */'][Math.floor(r() * 5)]! + text.slice(at + Math.floor(r() * 3));
      if (r() < 0.2) text = base;
      host.update(file, text);
      const sf = host.current().getSourceFile(file)!;
      assert.equal(sf.text, text);
      assert.equal(shape(sf), shape(freshParse(file, text)), `edit ${n} (${places} places)`);
    }
  });

  it('prepares files in slices: a later program takes them parsed and bound, except one whose disk text changed', () => {
    const sub = fs.mkdtempSync(path.join(dir, 'prepare-'));
    const files = Array.from({ length: 30 }, (_, i) => path.join(sub, `m${i}.ts`));
    files.forEach((f, i) => fs.writeFileSync(f, `import { twice } from '../a';\nexport const v${i} = twice(${i});\n`));
    const host = ProgramHost.open([path.join(dir, 'a.ts')], program.getCompilerOptions());
    const first = host.current();
    let slices = 1;
    while (!host.prepare(files, 1)) slices++;
    assert.ok(slices > 1, 'a 1 ms budget takes more than one slice');
    assert.equal(host.current(), first, 'preparing makes no program');
    fs.writeFileSync(files[7]!, 'export const changed = 1;\n');
    host.addRoots(files);
    const whole = host.current();
    const bound = (f: string) => !!(whole.getSourceFile(f) as unknown as { locals?: unknown }).locals;
    assert.ok(files.filter((f) => f !== files[7]).every(bound), 'prepared files come bound, before any checker');
    assert.equal(bound(files[7]!), false, 'the changed file was parsed again');
    assert.equal(whole.getSourceFile(files[7]!)!.text, 'export const changed = 1;\n');
    const checker = whole.getTypeChecker();
    const v3 = whole.getSourceFile(files[3]!)!.statements[1]!;
    assert.equal(checker.typeToString(checker.getTypeAtLocation((v3 as ts.VariableStatement).declarationList.declarations[0]!.name)), 'number');
    assert.deepEqual(ts.getPreEmitDiagnostics(whole).map((d) => ts.flattenDiagnosticMessageText(d.messageText, ' ')), []);
  });

  it('keeps its program when a root is opened with the text it holds, and follows the edits after', () => {
    const file = path.join(dir, 'a.ts');
    const text = fs.readFileSync(file, 'utf8');
    const host = ProgramHost.open([file], program.getCompilerOptions());
    const first = host.current();
    host.update(file, text);
    assert.equal(host.current(), first, 'the same text: the same program');
    host.update(file, text.replace('n * 2', 'n * 4'));
    const edited = host.current();
    assert.notEqual(edited, first);
    assert.ok(edited.getSourceFile(file)!.text.includes('n * 4'));
    host.update(file, text);
    assert.equal(host.current().getSourceFile(file)!.text, text, 'back to the disk text, as an edit');
    // A file outside the roots joins them, with a new program.
    const other = ProgramHost.open([path.join(dir, 'b.js')], program.getCompilerOptions());
    const before = other.current();
    other.update(file, text);
    assert.notEqual(other.current(), before);
    assert.ok(other.current().getRootFileNames().includes(file));
  });
});
