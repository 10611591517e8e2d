// Result types on the JS compiler API (the `js` engine): the analysis asks the project's own checker inline,
// while it walks each step (includeResultTypes), as the language server's typed worker and `check --engine js` do.
// nativeEngine.ts computes the same on TypeScript 7; hash/type-text.ts folds what the two print differently.
import { ts, plainTs as T } from '../analysis/ts-util';
import { isCompilerLibFile, normalizeTypeText } from '../hash/type-text';
import type { ResultType } from './engine';

const FLAT = T.TypeFormatFlags.NoTruncation | T.TypeFormatFlags.UseStructuralFallback;

export function resultTypeOf(call: ts.CallExpression, checker: ts.TypeChecker): ResultType {
  const t = checker.getTypeAtLocation(call);
  const awaited = checker.getAwaitedType(t) ?? t;
  return { display: normalizeTypeText(checker.typeToString(awaited, undefined, T.TypeFormatFlags.NoTruncation)), shape: typeShape(awaited, checker, 0) };
}

/**
 * The structure of a type, independent of where it is declared: properties (sorted) expanded a few levels
 * deep, so a changed field of an interface changes the shape while a renamed alias does not.
 * nativeEngine.ts computes the same on TypeScript 7's API; keep the two in step.
 */
export function typeShape(t: ts.Type, checker: ts.TypeChecker, depth: number): string {
  const flat = () => normalizeTypeText(checker.typeToString(t, undefined, FLAT));
  if (depth > 3) return flat();
  if (t.isUnion()) return t.types.map((u) => typeShape(u, checker, depth + 1)).sort().join(' | ');
  if (t.isIntersection()) return t.types.map((u) => typeShape(u, checker, depth + 1)).sort().join(' & ');
  if (checker.isArrayType(t)) {
    const [el] = checker.getTypeArguments(t as ts.TypeReference);
    return el ? `Array<${typeShape(el, checker, depth + 1)}>` : flat();
  }
  if (checker.isTupleType(t)) return `[${checker.getTypeArguments(t as ts.TypeReference).map((a) => typeShape(a, checker, depth + 1)).join(', ')}]`;
  if (t.flags & T.TypeFlags.Object && t.getCallSignatures().length === 0) {
    const props = checker.getPropertiesOfType(t);
    if (props.length === 0 || props.length > 40) return flat();
    const decl = props[0]!.valueDeclaration ?? props[0]!.declarations?.[0];
    // Library types (Date, Map, ...) are identified by name; expanding them would only add noise.
    if (decl && isCompilerLibFile(decl.getSourceFile().fileName)) return flat();
    const fields = props.map((p) => {
      const optional = p.flags & T.SymbolFlags.Optional ? '?' : '';
      return `${p.name}${optional}: ${typeShape(checker.getTypeOfSymbol(p), checker, depth + 1)}`;
    });
    return `{ ${fields.sort().join('; ')} }`;
  }
  return flat();
}
