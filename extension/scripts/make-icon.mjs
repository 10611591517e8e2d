// Draws extension/media/icon.png (128x128): a snapshot page with two cached steps, a failed one and a lens.
// Plain node (zlib), so the icon can be redrawn anywhere: `node extension/scripts/make-icon.mjs`.
import { deflateSync } from 'node:zlib';
import { writeFileSync } from 'node:fs';

const N = 128;
const px = new Uint8Array(N * N * 4);
const hex = (h) => [parseInt(h.slice(1, 3), 16), parseInt(h.slice(3, 5), 16), parseInt(h.slice(5, 7), 16), 255];
function set(x, y, c, a = 1) {
  const i = (y * N + x) * 4;
  for (let k = 0; k < 3; k++) px[i + k] = Math.round(px[i + k] * (1 - a) + c[k] * a);
  px[i + 3] = Math.max(px[i + 3], Math.round(255 * a));
}
function roundRect(x0, y0, x1, y1, r, color) {
  const c = hex(color);
  for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++) {
    const dx = Math.max(x0 + r - x - 0.5, 0, x + 0.5 - (x1 - r));
    const dy = Math.max(y0 + r - y - 0.5, 0, y + 0.5 - (y1 - r));
    const d = Math.hypot(dx, dy) - r;
    if (d < 0.5) set(x, y, c, Math.min(1, 0.5 - d));
  }
}
function ring(cx, cy, r, w, color) {
  const c = hex(color);
  for (let y = 0; y < N; y++) for (let x = 0; x < N; x++) {
    const d = Math.abs(Math.hypot(x + 0.5 - cx, y + 0.5 - cy) - r) - w / 2;
    if (d < 0.5) set(x, y, c, Math.min(1, 0.5 - d));
  }
}
function line(x0, y0, x1, y1, w, color) {
  const c = hex(color);
  for (let y = 0; y < N; y++) for (let x = 0; x < N; x++) {
    const px_ = x + 0.5, py = y + 0.5;
    const t = Math.max(0, Math.min(1, ((px_ - x0) * (x1 - x0) + (py - y0) * (y1 - y0)) / ((x1 - x0) ** 2 + (y1 - y0) ** 2)));
    const d = Math.hypot(px_ - (x0 + t * (x1 - x0)), py - (y0 + t * (y1 - y0))) - w / 2;
    if (d < 0.5) set(x, y, c, Math.min(1, 0.5 - d));
  }
}
roundRect(0, 0, 128, 128, 24, '#1f2a44');
roundRect(26, 20, 84, 100, 7, '#e6edf3');
roundRect(37, 36, 73, 42, 3, '#3fb950');
roundRect(37, 52, 73, 58, 3, '#3fb950');
roundRect(37, 68, 73, 74, 3, '#f85149');
ring(89, 88, 20, 8, '#4c9aff');
line(103, 102, 116, 115, 9, '#4c9aff');

const raw = Buffer.alloc((N * 4 + 1) * N);
for (let y = 0; y < N; y++) {
  raw[y * (N * 4 + 1)] = 0;
  Buffer.from(px.buffer, y * N * 4, N * 4).copy(raw, y * (N * 4 + 1) + 1);
}
const crcTable = Array.from({ length: 256 }, (_, n) => { let c = n; for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1; return c >>> 0; });
const crc = (buf) => { let c = 0xffffffff; for (const b of buf) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8); return (c ^ 0xffffffff) >>> 0; };
function chunk(type, data) {
  const len = Buffer.alloc(4); len.writeUInt32BE(data.length);
  const td = Buffer.concat([Buffer.from(type), data]);
  const c = Buffer.alloc(4); c.writeUInt32BE(crc(td));
  return Buffer.concat([len, td, c]);
}
const ihdr = Buffer.alloc(13);
ihdr.writeUInt32BE(N, 0); ihdr.writeUInt32BE(N, 4); ihdr[8] = 8; ihdr[9] = 6;
const png = Buffer.concat([Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
writeFileSync(new URL('../media/icon.png', import.meta.url), png);
