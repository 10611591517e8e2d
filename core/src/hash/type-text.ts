// Type text as the definition hash sees it, the same whichever compiler printed it. TypeScript 5.9/6.0 (the
// JS API) and 7 (the native checker) print some types differently; these rules fold the known differences so
// a hash never depends on the engine. Each rule names the difference it removes.

/** Members of a union or intersection at the top level of `text`, split outside brackets and quotes. */
function splitTopLevel(text: string, sep: '|' | '&'): string[] {
  const parts: string[] = [];
  let depth = 0;
  let quote = '';
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quote) {
      if (c === '\\') i++;
      else if (c === quote) quote = '';
      continue;
    }
    if (c === '"' || c === "'" || c === '`') quote = c;
    else if (c === '(' || c === '[' || c === '{' || c === '<') depth++;
    else if (c === ')' || c === ']' || c === '}' || (c === '>' && text[i - 1] !== '=')) depth--;
    else if (c === sep && depth === 0) {
      parts.push(text.slice(start, i).trim());
      start = i + 1;
    }
  }
  parts.push(text.slice(start).trim());
  return parts.filter((p) => p !== '');
}

/**
 * Engine-independent type text:
 * - union and intersection members in sorted order at the top level (7 orders union members by declaration,
 *   5.9 by type id, so `"a" | "b"` may print as `"b" | "a"`);
 * - string literals in double quotes (both print them so; a quote style option would otherwise leak in);
 * - runs of whitespace as one space.
 */
export function normalizeTypeText(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  const union = splitTopLevel(flat, '|');
  if (union.length > 1) return union.map(normalizeTypeText).sort().join(' | ');
  const inter = splitTopLevel(flat, '&');
  if (inter.length > 1) return inter.map(normalizeTypeText).sort().join(' & ');
  return flat;
}

/** A compiler's own lib .d.ts (lib.es5.d.ts, lib.dom.d.ts, …), wherever the engine keeps it. */
export function isCompilerLibFile(fileName: string): boolean {
  return /\/lib\.[\w.]+\.d\.ts$/.test(fileName) && /\/(typescript|@typescript\/[^/]+)\/lib\//.test(fileName);
}
