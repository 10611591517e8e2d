// Which files each project file brings into a program, read from the program's own include reasons (every import,
// `/// <reference>` and type reference TypeScript resolved), and which files act on others without being imported
// (scripts, `declare global`, module augmentations, reference directives, declaration files): what a partial
// program (project.ts `partial`) needs to know which files an edit can reach. The check cache keeps it between
// runs (typed/reach.ts).
import { isInNodeModules, isJavaScriptFile, plainTs as T, ts } from './ts-util';

export interface IncludeNode {
  /** Files of the project (not under node_modules, not the compiler's libraries) this file brings in. */
  imports: string[];
  /** Package files (under node_modules) this file brings in directly. */
  external: string[];
  /** It acts on other files without being imported (actsOnOtherFiles). */
  global: boolean;
}

export interface IncludeGraph {
  /** The program's project files (each local file, sources and the .d.ts and .json files they reach). */
  files: Map<string, IncludeNode>;
  /** Package files of the program that declare globals or augment modules: their effect needs no import. */
  externalGlobals: string[];
}

/** Include reasons that name the including file (internal API, stable since TypeScript 4.2: `tsc --explainFiles`). */
interface IncludeReason {
  kind: number;
  file?: string;
}
type WithReasons = ts.Program & { getFileIncludeReasons?: () => { forEach(cb: (reasons: IncludeReason[], path: string) => void): void } };
const KINDS = (T as unknown as { FileIncludeKind?: Record<string, number> }).FileIncludeKind;

/**
 * The include graph of a program, for its local files. Undefined when this TypeScript does not expose the include
 * reasons (then nothing can be analysed partially).
 */
export function includeGraph(program: ts.Program): IncludeGraph | undefined {
  const reasons = (program as WithReasons).getFileIncludeReasons?.();
  if (!reasons || !KINDS) return undefined;
  // Reasons are keyed by TypeScript's canonical path (lower case on a case-insensitive file system).
  const byPath = new Map<string, ts.SourceFile>();
  for (const sf of program.getSourceFiles()) byPath.set((sf as ts.SourceFile & { path: string }).path, sf);
  const files = new Map<string, IncludeNode>();
  const externalGlobals: string[] = [];
  const isLocal = (sf: ts.SourceFile) => !isInNodeModules(sf.fileName) && !program.isSourceFileDefaultLibrary(sf);
  for (const sf of program.getSourceFiles()) {
    if (isLocal(sf)) {
      files.set(sf.fileName, { imports: [], external: [], global: actsOnOtherFiles(sf, true) });
    } else if (!program.isSourceFileDefaultLibrary(sf) && actsOnOtherFiles(sf, false)) {
      externalGlobals.push(sf.fileName);
    }
  }
  const edgeKinds = new Set([KINDS.Import, KINDS.ReferenceFile, KINDS.TypeReferenceDirective]);
  reasons.forEach((list, targetPath) => {
    const target = byPath.get(targetPath);
    if (!target || program.isSourceFileDefaultLibrary(target)) return;
    for (const r of list) {
      if (!edgeKinds.has(r.kind) || r.file === undefined) continue;
      const from = byPath.get(r.file);
      const node = from && files.get(from.fileName);
      if (!node) continue;
      const edges = isLocal(target) ? node.imports : node.external;
      if (!edges.includes(target.fileName)) edges.push(target.fileName);
    }
  });
  for (const node of files.values()) {
    node.imports.sort();
    node.external.sort();
  }
  return { files, externalGlobals: externalGlobals.sort() };
}

/**
 * Can this file change how other files are checked without being imported by them? A script (no import or export,
 * and in JavaScript no CommonJS require or exports either: its declarations are global), `declare global`, a module augmentation (`declare module 'x'`), a `/// <reference>`
 * directive (it adds files or libraries to every file's scope). A project's own declaration files count too (decided
 * conservatively: they are usually there for their globals). Syntax only, so a file parsed alone answers as in a program.
 */
export function actsOnOtherFiles(sf: ts.SourceFile, local: boolean): boolean {
  if (sf.fileName.endsWith('.json')) return false;
  if (local && sf.isDeclarationFile) return true;
  if (sf.referencedFiles.length > 0 || sf.typeReferenceDirectives.length > 0 || sf.libReferenceDirectives.length > 0) return true;
  let module = false;
  for (const st of sf.statements) {
    if (T.isModuleDeclaration(st) && (T.isStringLiteral(st.name) || (st.flags & T.NodeFlags.GlobalAugmentation) !== 0)) return true;
    if (T.isImportDeclaration(st) || T.isExportDeclaration(st) || T.isExportAssignment(st)
      || (T.isImportEqualsDeclaration(st) && T.isExternalModuleReference(st.moduleReference))
      || (T.canHaveModifiers(st) && T.getModifiers(st)?.some((m) => m.kind === T.SyntaxKind.ExportKeyword))) module = true;
  }
  return !module && !isCommonJsModule(sf);
}

/**
 * actsOnOtherFiles from the text alone, without parsing: false only when the text shows a module that can act on no
 * other file. It says true (may act) for a declaration file, JSON aside; for any `///` (a reference directive), `declare`
 * (`declare global`, `declare module 'x'`), `global {` or `module 'x'`; for a side-effect import (`import 'x'`: the
 * package may declare globals) or a `require(` call; and for a file with no line that starts with `import` or
 * `export` (a script). Cheap (a few regular expressions) where a parse of every file is most of a project's load: the
 * language server roots its first program at the open files and these (project.ts `startWith`). Its one blind spot, a
 * script whose only `import`/`export` lines sit in a comment or a template literal, is answered right once the program
 * is whole.
 */
export function mayActOnOtherFiles(fileName: string, text: string): boolean {
  if (fileName.endsWith('.json')) return false;
  if (/\.d\.[cm]?ts$/.test(fileName) || /\.d\.[^/]*\.ts$/.test(fileName)) return true;
  if (/\/\/\/|\bdeclare\b|\bglobal\s*\{|\bmodule\s*['"`]|\brequire\s*\(|^[ \t]*import\s*['"`]/m.test(text)) return true;
  return !/^[ \t]*(?:import|export)\b/m.test(text);
}

/**
 * A JavaScript file TypeScript's binder makes a CommonJS module (its declarations are then its own, not global): a
 * `require(x)` call anywhere, or a top-level `module.exports = …` / `exports.name = …` (`= void 0` does not count).
 * A subset of the binder's rule (it also counts nested and `Object.defineProperty(exports, …)` forms): a file it
 * misses stays a script, which only costs a whole-project run; one it wrongly called a module would be a false hit.
 */
function isCommonJsModule(sf: ts.SourceFile): boolean {
  if (!isJavaScriptFile(sf.fileName)) return false;
  for (const st of sf.statements) {
    if (!T.isExpressionStatement(st) || !T.isBinaryExpression(st.expression) || st.expression.operatorToken.kind !== T.SyntaxKind.EqualsToken) continue;
    const { left, right } = st.expression;
    if (T.isVoidExpression(right) && T.isNumericLiteral(right.expression) && right.expression.text === '0') continue;
    if (!T.isPropertyAccessExpression(left)) continue;
    const target = left.expression;
    if (T.isIdentifier(target) && target.text === 'module' && left.name.text === 'exports') return true;
    if (T.isIdentifier(target) && target.text === 'exports') return true;
    if (T.isPropertyAccessExpression(target) && T.isIdentifier(target.expression) && target.expression.text === 'module' && target.name.text === 'exports') return true;
  }
  const requires = (node: ts.Node): boolean =>
    (T.isCallExpression(node) && T.isIdentifier(node.expression) && node.expression.text === 'require' && node.arguments.length === 1) || (T.forEachChild(node, requires) ?? false);
  return requires(sf);
}
