// JSON Pointer (RFC 6901) helpers. Paths are arrays of segments; pointers are their string form.

export type JsonPath = ReadonlyArray<string | number>;

export function escapeSegment(segment: string | number): string {
  const s = String(segment);
  // Most keys have neither character: no regex runs for them (5,000 located errors make 15,000 segments).
  return s.includes('~') || s.includes('/') ? s.replace(/~/g, '~0').replace(/\//g, '~1') : s;
}

export function toPointer(path: JsonPath): string {
  let out = '';
  for (const segment of path) out += '/' + escapeSegment(segment);
  return out;
}

export function parsePointer(pointer: string): string[] {
  if (pointer === '') return [];
  if (!pointer.startsWith('/')) throw new Error(`Not a JSON Pointer: ${JSON.stringify(pointer)}`);
  return pointer
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}
