/**
 * MurmurHash3 x86_32 (Austin Appleby's public-domain algorithm), the hash scikit-learn's
 * FeatureHasher and HashingVectorizer use (sklearn.utils.murmurhash3_32), over bytes. 32-bit
 * integer arithmetic only (Math.imul, shifts), so every engine gives the same value.
 */

const C1 = 0xcc9e2d51;
const C2 = 0x1b873593;

/** The signed 32-bit MurmurHash3 of bytes[0..length) with `seed` (scikit-learn's positive=False). */
export function murmurhash3(bytes: Uint8Array, length = bytes.length, seed = 0): number {
  let h = seed | 0;
  const blocks = length & ~3;
  for (let i = 0; i < blocks; i += 4) {
    let k = bytes[i] | (bytes[i + 1] << 8) | (bytes[i + 2] << 16) | (bytes[i + 3] << 24);
    k = Math.imul(k, C1);
    k = (k << 15) | (k >>> 17);
    h ^= Math.imul(k, C2);
    h = (h << 13) | (h >>> 19);
    h = (Math.imul(h, 5) + 0xe6546b64) | 0;
  }
  const tail = length & 3;
  if (tail > 0) {
    let k = bytes[blocks];
    if (tail > 1) k ^= bytes[blocks + 1] << 8;
    if (tail > 2) k ^= bytes[blocks + 2] << 16;
    k = Math.imul(k, C1);
    k = (k << 15) | (k >>> 17);
    h ^= Math.imul(k, C2);
  }
  h ^= length;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h | 0;
}

/**
 * UTF-8 of `text` into `buffer` (grown when too small); returns the buffer and the byte
 * count. A lone surrogate is encoded as U+FFFD, as TextEncoder does (Python would refuse it).
 */
export function utf8(text: string, buffer: Uint8Array): { bytes: Uint8Array; length: number } {
  if (buffer.length < text.length * 3) buffer = new Uint8Array(text.length * 3);
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    let c = text.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdfff) {
      const next = text.charCodeAt(i + 1);
      if (c <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
        c = 0x10000 + ((c - 0xd800) << 10) + (next - 0xdc00);
        i++;
      } else c = 0xfffd;
    }
    if (c < 0x80) buffer[n++] = c;
    else if (c < 0x800) {
      buffer[n++] = 0xc0 | (c >> 6);
      buffer[n++] = 0x80 | (c & 63);
    } else if (c < 0x10000) {
      buffer[n++] = 0xe0 | (c >> 12);
      buffer[n++] = 0x80 | ((c >> 6) & 63);
      buffer[n++] = 0x80 | (c & 63);
    } else {
      buffer[n++] = 0xf0 | (c >> 18);
      buffer[n++] = 0x80 | ((c >> 12) & 63);
      buffer[n++] = 0x80 | ((c >> 6) & 63);
      buffer[n++] = 0x80 | (c & 63);
    }
  }
  return { bytes: buffer, length: n };
}
