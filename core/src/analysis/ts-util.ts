// Small helpers over the raw TypeScript API. The analysis walks raw nodes: wrapping every node in ts-morph objects
// would cost more than the analysis itself.
// One TypeScript for the JS-API path: ts-morph's (6.0, from @ts-morph/common, the package ts-morph itself runs on),
// which program-host.ts loads the project with, lib files included, so Program objects and this namespace always
// match. 6.0 is aligned with 7.0's defaults, which keeps this path in step with the native engine (core/src/typed).
// The repo's typescript 5.9.3 is only its own type checker and a bench baseline.
import { ts } from '@ts-morph/common';
import type { Range } from '../diagnostic';
import { lineOf } from '../text';

export { ts };

/**
 * The TypeScript namespace as a plain object. Its members are getters (TypeScript's bundle exports them that
 * way), so `T.isIdentifier(n)` or `T.SyntaxKind.IfStatement` costs a getter call; the walk does that for
 * every node. Value access goes through this copy (`T.isIdentifier`); types keep using `ts.Node`.
 */
export const plainTs: typeof ts = Object.freeze({ ...ts });
const T = plainTs;

export function nodeRange(node: ts.Node, sf: ts.SourceFile = node.getSourceFile()): Range {
  return offsetRange(sf, node.getStart(sf), node.getEnd());
}

/** The 1-based line and column of an offset of the file (offsetRange's start alone). */
export function offsetPosition(sf: ts.SourceFile, offset: number): { line: number; column: number } {
  const starts = sf.getLineStarts();
  const l = lineOf(starts, offset);
  return { line: l + 1, column: offset - starts[l]! + 1 };
}

/** The Range of two offsets of a file. */
export function offsetRange(sf: ts.SourceFile, startOffset: number, endOffset: number): Range {
  // The line search getLineAndCharacterOfPosition does, without its generic callbacks and result objects (this runs
  // several times per step, at every edit); the end's line is searched from the start's.
  const starts = sf.getLineStarts();
  const s = lineOf(starts, startOffset);
  const e = lineOf(starts, endOffset, s);
  return {
    start: { line: s + 1, column: startOffset - starts[s]! + 1 },
    end: { line: e + 1, column: endOffset - starts[e]! + 1 },
    startOffset,
    endOffset,
  };
}

export function fileOf(node: ts.Node): string {
  return node.getSourceFile().fileName;
}

/** Strips the wrappers that never change a value: parentheses, `as`, `satisfies`, `!`, `<T>x`. */
export function unwrap(expr: ts.Expression): ts.Expression {
  let e = expr;
  for (;;) {
    if (T.isParenthesizedExpression(e) || T.isAsExpression(e) || T.isSatisfiesExpression(e) ||
        T.isNonNullExpression(e) || T.isTypeAssertionExpression(e)) e = e.expression;
    else return e;
  }
}

export function isFunctionLike(node: ts.Node | undefined): node is ts.ArrowFunction | ts.FunctionExpression | ts.FunctionDeclaration | ts.MethodDeclaration {
  return !!node && (T.isArrowFunction(node) || T.isFunctionExpression(node) || T.isFunctionDeclaration(node) || T.isMethodDeclaration(node));
}

/** The symbol a name refers to, with import/export aliases followed to the declaration. */
const resolvedCache = new WeakMap<ts.TypeChecker, WeakMap<ts.Node, ts.Symbol | null>>();

export function resolvedSymbol(checker: ts.TypeChecker, node: ts.Node): ts.Symbol | undefined {
  // Key evaluation asks about the same identifier several times (constant? literal type? unstable value?).
  let perChecker = resolvedCache.get(checker);
  if (!perChecker) resolvedCache.set(checker, (perChecker = new WeakMap()));
  const hit = perChecker.get(node);
  if (hit !== undefined) return hit ?? undefined;
  const sym = resolveSymbolUncached(checker, node);
  perChecker.set(node, sym ?? null);
  return sym;
}

function resolveSymbolUncached(checker: ts.TypeChecker, node: ts.Node): ts.Symbol | undefined {
  // `{ key }`: the name denotes the property; its value is the variable (or parameter) `key`.
  const shorthand = node.parent && T.isShorthandPropertyAssignment(node.parent) && node.parent.name === node;
  let sym = shorthand ? checker.getShorthandAssignmentValueSymbol(node.parent) ?? checker.getSymbolAtLocation(node) : checker.getSymbolAtLocation(node);
  if (sym && sym.flags & T.SymbolFlags.Alias) {
    try {
      sym = checker.getAliasedSymbol(sym);
    } catch {
      /* unresolvable alias: keep the local one */
    }
  }
  return sym;
}

/** The local symbol for a name (aliases not followed): what shadowing and binding checks compare. */
export function localSymbol(checker: ts.TypeChecker, node: ts.Node): ts.Symbol | undefined {
  if (node.parent && T.isShorthandPropertyAssignment(node.parent) && node.parent.name === node) {
    return checker.getShorthandAssignmentValueSymbol(node.parent);
  }
  return checker.getSymbolAtLocation(node);
}

export function isInNodeModules(fileName: string): boolean {
  return fileName.includes('/node_modules/');
}

const SOURCE_EXT = /\.(ts|tsx|mts|cts|js|jsx|mjs|cjs)$/;
const JS_EXT = /\.(js|jsx|mjs|cjs)$/i;

/** A JavaScript file, as TypeScript tells by the extension (JSDoc types, CommonJS modules apply to these only). */
export function isJavaScriptFile(fileName: string): boolean {
  return JS_EXT.test(fileName);
}

/** A program file the analysis reads as the project's own code: a script, not a declaration file, not a dependency. */
export function isProjectSource(fileName: string): boolean {
  return SOURCE_EXT.test(fileName) && !fileName.endsWith('.d.ts') && !isInNodeModules(fileName);
}

/** Property name text of a property access / element access with a literal, else undefined. */
export function memberName(expr: ts.Expression): string | undefined {
  if (T.isPropertyAccessExpression(expr)) return expr.name.text;
  if (T.isElementAccessExpression(expr) && T.isStringLiteralLike(expr.argumentExpression)) return expr.argumentExpression.text;
  return undefined;
}

export function memberObject(expr: ts.Expression): ts.Expression | undefined {
  if (T.isPropertyAccessExpression(expr) || T.isElementAccessExpression(expr)) return expr.expression;
  return undefined;
}

/** The property of an object literal with this name (undefined if absent; 'spread' if a spread may supply it). */
export function findProperty(obj: ts.ObjectLiteralExpression, name: string): ts.ObjectLiteralElementLike | 'spread' | undefined {
  let found: ts.ObjectLiteralElementLike | 'spread' | undefined;
  for (const p of obj.properties) {
    if (T.isSpreadAssignment(p)) found = 'spread';
    else if (p.name && propertyNameText(p.name) === name) found = p;
  }
  return found;
}

export function propertyNameText(name: ts.PropertyName | ts.BindingName): string | undefined {
  if (T.isIdentifier(name) || T.isStringLiteralLike(name) || T.isNumericLiteral(name)) return name.text;
  if (T.isComputedPropertyName(name) && T.isStringLiteralLike(name.expression)) return name.expression.text;
  return undefined;
}

/** The initializer expression of a property (the identifier itself for `{ key }` shorthand). */
export function propertyValue(p: ts.ObjectLiteralElementLike): ts.Expression | undefined {
  if (T.isPropertyAssignment(p)) return p.initializer;
  if (T.isShorthandPropertyAssignment(p)) return p.name;
  return undefined;
}

/** The first declaration of a resolved symbol that is in a source file we can read. */
export function firstDeclaration(sym: ts.Symbol | undefined): ts.Declaration | undefined {
  return sym?.valueDeclaration ?? sym?.declarations?.[0];
}

export function isConstVariable(decl: ts.VariableDeclaration): boolean {
  const list = decl.parent;
  return T.isVariableDeclarationList(list) && (list.flags & T.NodeFlags.Const) !== 0;
}

/** Is this property inside an object literal that initialises a const variable (through `as`, `satisfies`, nesting)? */
export function isInConstObject(p: ts.ObjectLiteralElementLike): boolean {
  let n: ts.Node = p.parent;
  while (T.isObjectLiteralExpression(n) || T.isPropertyAssignment(n) || T.isAsExpression(n) || T.isSatisfiesExpression(n) || T.isParenthesizedExpression(n)) n = n.parent;
  return T.isVariableDeclaration(n) && isConstVariable(n);
}
