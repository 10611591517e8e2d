// The cache's compact JSON form gives back exactly what a JSON round trip gives.
import * as assert from 'node:assert/strict';
import { pack, unpack } from '../../src/typed/packJson';

const viaJson = (v: unknown) => JSON.parse(JSON.stringify(v)) as unknown;
const viaPack = (v: unknown) => unpack(JSON.parse(JSON.stringify(pack(v))) as ReturnType<typeof pack>);

describe('packJson (the check cache on disk)', () => {
  it('round-trips like JSON: numbers of every sign, strings that look like numbers, nesting, repeats, undefined, __proto__ keys', () => {
    const shared = { start: { line: 1, column: 2 }, end: { line: 1, column: 9 }, startOffset: 0, endOffset: 7 };
    const values: unknown[] = [
      0, -0, 1.5, -3, -2.25, 1e300, Number.NaN, Infinity, -Infinity, '', '-1', '0', 'x', null, true, false,
      [], {}, [undefined, 1, () => 1, null], { a: undefined, b: 1, c: () => 0 },
      { files: ['/a/b.ts', '/a/b.ts', '/a/c.ts'], range: shared, again: shared, nested: [[[-1, 'é\u2028"\\'], { k: [0] }]] },
      JSON.parse('{"__proto__": {"polluted": true}, "x": [{"__proto__": 1}]}'),
      { date: new Date(0), list: [{ a: 1, b: 2 }, { b: 2, a: 1 }, { a: 1 }] },
    ];
    for (const v of values) assert.deepEqual(viaPack(v), viaJson(v), JSON.stringify(v));
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
    assert.equal(Object.getPrototypeOf(viaPack(values[21])), Object.prototype);
  });

  it('is smaller than JSON when strings and shapes repeat', () => {
    const steps = Array.from({ length: 200 }, (_, i) => ({ file: '/project/src/workflows/checkout.ts', rule: 'cached under options.key when the key property is present', range: { start: { line: i, column: 4 }, end: { line: i, column: 40 } } }));
    assert.ok(JSON.stringify(pack(steps)).length * 3 < JSON.stringify(steps).length);
  });
});
