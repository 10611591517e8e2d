// Per-file sets of names under which a member access (`x.name`) can reach a declaration the analysis reads.
// Asking the checker for the symbol of `x.name` types `x`; when `x` is a value inside a workflow callback
// (`order.lines.map(...)`, a key `order.customerId`), that means inferring the whole callback. These sets let
// the callers skip the question when no file declares anything under that name: an exact pre-filter, since a
// member symbol carries the name of its declaration or of the alias (export specifier, import-equals,
// JavaScript assignment) that leads to it.
import { isConstVariable, isInConstObject, isJavaScriptFile, propertyNameText, ts, plainTs } from './ts-util';

const T = plainTs;

export interface MemberNames {
  /** Variables and parameters of source files (not .d.ts), plus alias names: what resolveWorkflowDef follows. */
  values: Set<string>;
  /**
   * What key evaluation reads: const variables, enum members and const-object properties of source files,
   * declarations annotated with a string literal type (also in .d.ts), plus alias names.
   */
  constants: Set<string>;
}

const cache = new WeakMap<ts.SourceFile, MemberNames>();

export function memberNames(sf: ts.SourceFile): MemberNames {
  const hit = cache.get(sf);
  if (hit) return hit;
  const values = new Set<string>();
  const constants = new Set<string>();
  const source = !sf.isDeclarationFile;
  const js = isJavaScriptFile(sf.fileName);
  const add = (name: ts.PropertyName | ts.BindingName | ts.ModuleExportName | undefined, toValues: boolean): void => {
    const text = name && (T.isStringLiteral(name) ? name.text : propertyNameText(name as ts.PropertyName));
    if (text === undefined) return;
    if (toValues) values.add(text);
    constants.add(text);
  };
  const literalTyped = (type: ts.TypeNode | undefined): boolean =>
    !!type && T.isLiteralTypeNode(type) && T.isStringLiteral(type.literal);
  const visit = (n: ts.Node): void => {
    if (T.isVariableDeclaration(n) || T.isParameter(n)) {
      if (T.isIdentifier(n.name)) {
        if (source) values.add(n.name.text);
        // constInitializer reads const variables with an initializer; literalType reads literal annotations.
        const constant = T.isVariableDeclaration(n) && source && !!n.initializer && isConstVariable(n);
        if (constant || literalTyped(n.type)) constants.add(n.name.text);
      }
    } else if (T.isPropertySignature(n) || T.isPropertyDeclaration(n)) {
      if (literalTyped(n.type)) {
        const text = propertyNameText(n.name);
        if (text !== undefined) constants.add(text);
      }
    } else if (T.isEnumMember(n)) {
      if (source) add(n.name, false);
    } else if (T.isPropertyAssignment(n) || T.isShorthandPropertyAssignment(n)) {
      if (source && isInConstObject(n)) add(n.name, false);
    } else if (T.isExportSpecifier(n) || T.isImportEqualsDeclaration(n)) {
      add(n.name, true);
    } else if (js && T.isBinaryExpression(n) && n.operatorToken.kind === T.SyntaxKind.EqualsToken && T.isPropertyAccessExpression(n.left)) {
      // JavaScript assignment declarations (exports.x = wf, module.exports.x = wf, this.x = wf) may alias a variable.
      add(n.left.name, true);
    }
    T.forEachChild(n, visit);
  };
  visit(sf);
  const out = { values, constants };
  cache.set(sf, out);
  return out;
}
