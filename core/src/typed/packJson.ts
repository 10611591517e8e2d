// A compact JSON form for the check cache's large entries: every string once (a table), every object as its
// shape's number and its values, so a project's analysis (thousands of steps, each repeating its file path,
// ranges and rule texts) is read in a quarter of the bytes. Same values as a JSON round trip: undefined
// properties are dropped, undefined in arrays becomes null.
//   string → -(table index + 1); number ≥ 0 → itself; other numbers → [-1, n]; null, true, false → themselves;
//   array → [0, ...items]; object → [shape index + 1, ...values].

export interface Packed {
  strings: string[];
  shapes: string[][];
  root: unknown;
}

export function pack(value: unknown): Packed {
  const strings: string[] = [];
  const stringIndex = new Map<string, number>();
  const shapes: string[][] = [];
  const shapeIndex = new Map<string, number>();
  const encode = (v: unknown): unknown => {
    switch (typeof v) {
      case 'string': {
        let i = stringIndex.get(v);
        if (i === undefined) {
          i = strings.length;
          strings.push(v);
          stringIndex.set(v, i);
        }
        return -(i + 1);
      }
      case 'number':
        return v >= 0 ? v : [-1, Number.isFinite(v) ? v : null];
      case 'boolean':
        return v;
      case 'object': {
        if (v === null) return null;
        if (typeof (v as { toJSON?: unknown }).toJSON === 'function') return encode(JSON.parse(JSON.stringify(v)));
        if (Array.isArray(v)) return [0, ...v.map((x) => (x === undefined || typeof x === 'function' || typeof x === 'symbol' ? null : encode(x)))];
        const keys = Object.keys(v).filter((k) => {
          const x = (v as Record<string, unknown>)[k];
          return x !== undefined && typeof x !== 'function' && typeof x !== 'symbol';
        });
        const id = keys.join('\u0000');
        let s = shapeIndex.get(id);
        if (s === undefined) {
          s = shapes.length;
          shapes.push(keys);
          shapeIndex.set(id, s);
        }
        return [s + 1, ...keys.map((k) => encode((v as Record<string, unknown>)[k]))];
      }
      default:
        throw new TypeError(`cannot pack a ${typeof v}`);
    }
  };
  const root = encode(value);
  return { strings, shapes, root };
}

export function unpack(packed: Packed): unknown {
  const { strings, shapes } = packed;
  const decode = (v: unknown): unknown => {
    if (typeof v === 'number') return v < 0 ? strings[-v - 1] : v;
    if (!Array.isArray(v)) return v;
    const tag = v[0] as number;
    if (tag === -1) return v[1];
    if (tag === 0) {
      const out = new Array<unknown>(v.length - 1);
      for (let i = 1; i < v.length; i++) out[i - 1] = decode(v[i]);
      return out;
    }
    const keys = shapes[tag - 1]!;
    const out: Record<string, unknown> = {};
    for (let i = 0; i < keys.length; i++) {
      const k = keys[i]!;
      // As JSON.parse does: "__proto__" is an own property, never the prototype.
      if (k === '__proto__') Object.defineProperty(out, k, { value: decode(v[i + 1]), enumerable: true, writable: true, configurable: true });
      else out[k] = decode(v[i + 1]);
    }
    return out;
  };
  return decode(packed.root);
}
