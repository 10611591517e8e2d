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

/** A shape's number, found by walking its keys in a trie (no joined key string per object: 50k objects per entry). */
interface ShapeNode {
  next: Map<string, ShapeNode>;
  index: number;
}

const skipped = (x: unknown) => x === undefined || typeof x === 'function' || typeof x === 'symbol';

export function pack(value: unknown): Packed {
  const strings: string[] = [];
  const stringIndex = new Map<string, number>();
  const shapes: string[][] = [];
  const root: ShapeNode = { next: new Map(), index: -1 };
  const shapeOf = (keys: string[]): number => {
    let node = root;
    for (const k of keys) {
      let child = node.next.get(k);
      if (!child) node.next.set(k, (child = { next: new Map(), index: -1 }));
      node = child;
    }
    if (node.index < 0) {
      node.index = shapes.length;
      shapes.push(keys);
    }
    return node.index;
  };
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
        if (Array.isArray(v)) {
          const out = new Array<unknown>(v.length + 1);
          out[0] = 0;
          for (let i = 0; i < v.length; i++) out[i + 1] = skipped(v[i]) ? null : encode(v[i]);
          return out;
        }
        const o = v as Record<string, unknown>;
        let keys = Object.keys(o);
        if (keys.some((k) => skipped(o[k]))) keys = keys.filter((k) => !skipped(o[k]));
        const out = new Array<unknown>(keys.length + 1);
        out[0] = shapeOf(keys) + 1;
        for (let i = 0; i < keys.length; i++) out[i + 1] = encode(o[keys[i]!]);
        return out;
      }
      default:
        throw new TypeError(`cannot pack a ${typeof v}`);
    }
  };
  return { strings, shapes, root: encode(value) };
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
