// Checksums and names for the files awaitly-lens keeps in caches (the check cache under node_modules/.cache, V8's
// code cache in the user's cache folder), in one place. Neither is SHA-256: a forger could write any cache file
// whatever its checksum, so a digest buys nothing here, and node:crypto's load alone was ~7 ms of a CLI start.
// Both are for this machine's caches only (words in its byte order): never compared across machines.

// node:zlib, for crc32 alone, required at the first large checksum (its stream modules are ~2 ms of a start-up).
let nodeZlib: typeof import('node:zlib') | undefined;

/** From this size zlib's native CRC-32 pays for loading node:zlib; below it a loop in JS is quicker. */
const NATIVE_FROM_BYTES = 256 * 1024;

/**
 * A 32-bit checksum of bytes that catches a torn, cut or edited cache file. From NATIVE_FROM_BYTES on, zlib's
 * CRC-32 (native: ~1 ms for a 1 MB check output, where the JS loop took ~9 ms, run before V8 optimises it); below
 * it (the CLI's 150 kB code cache, a small project's output) a multiply-xor over 32-bit words, whose every step is
 * a bijection, so a change to any one word always changes the sum. Which one is fixed by the length, so a writer
 * and a reader of the same bytes always agree.
 */
export function checksum(data: Uint8Array): number {
  if (data.length >= NATIVE_FROM_BYTES) return (nodeZlib ??= require('node:zlib') as typeof import('node:zlib')).crc32(data);
  // An unaligned view is copied (Uint8Array's slice: a Buffer's is a view).
  const aligned = data.byteOffset % 4 === 0 ? data : Uint8Array.prototype.slice.call(data, 0, data.length & ~3);
  const words = new Int32Array(aligned.buffer, aligned.byteOffset, data.length >> 2);
  let h = 0x811c9dc5 ^ data.length;
  for (let i = 0; i < words.length; i++) h = Math.imul(h ^ words[i]!, 0x01000193);
  for (let i = data.length & ~3; i < data.length; i++) h = Math.imul(h ^ data[i]!, 0x01000193);
  return h >>> 0;
}

/** checksum() as 8 hex digits. */
export const checksumHex = (data: Uint8Array): string => checksum(data).toString(16).padStart(8, '0');

const fmix = (h: number): number => {
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
};

/**
 * 64 bits of a string as 16 hex digits, for cache file names only: what a name stands for is stored in the file (or
 * checked by what reads it) and compared whole, so two names that collide only evict each other.
 */
export function nameHash(text: string): string {
  let a = 0x811c9dc5 ^ text.length;
  let b = 0x9e3779b9;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x5bd1e995) ^ (b >>> 15);
  }
  return fmix(a).toString(16).padStart(8, '0') + fmix(b).toString(16).padStart(8, '0');
}
