// UTF-8 <-> string without TextDecoder/Buffer (shared/ has no platform APIs). Invalid sequences decode to U+FFFD.

const CHUNK = 8192;

/** Decodes bytes [start, end) as UTF-8; invalid bytes become U+FFFD (one per invalid byte). */
export function decodeUtf8(bytes: Uint8Array, start = 0, end = bytes.length): string {
  let ascii = true;
  for (let i = start; i < end; i++) {
    if (bytes[i] >= 0x80) {
      ascii = false;
      break;
    }
  }
  if (ascii) {
    if (end - start <= CHUNK) return String.fromCharCode.apply(null, bytes.subarray(start, end) as unknown as number[]);
    let text = '';
    for (let i = start; i < end; i += CHUNK) {
      text += String.fromCharCode.apply(null, bytes.subarray(i, Math.min(end, i + CHUNK)) as unknown as number[]);
    }
    return text;
  }
  const units: number[] = [];
  let text = '';
  let i = start;
  while (i < end) {
    const b0 = bytes[i];
    let codePoint = 0xfffd;
    let size = 1;
    if (b0 < 0x80) {
      codePoint = b0;
    } else if (b0 >= 0xc2 && b0 <= 0xdf && i + 1 < end && (bytes[i + 1] & 0xc0) === 0x80) {
      codePoint = ((b0 & 0x1f) << 6) | (bytes[i + 1] & 0x3f);
      size = 2;
    } else if (b0 >= 0xe0 && b0 <= 0xef && i + 2 < end) {
      const b1 = bytes[i + 1];
      const b2 = bytes[i + 2];
      const cp = ((b0 & 0x0f) << 12) | ((b1 & 0x3f) << 6) | (b2 & 0x3f);
      if ((b1 & 0xc0) === 0x80 && (b2 & 0xc0) === 0x80 && cp >= 0x800 && (cp < 0xd800 || cp > 0xdfff)) {
        codePoint = cp;
        size = 3;
      }
    } else if (b0 >= 0xf0 && b0 <= 0xf4 && i + 3 < end) {
      const b1 = bytes[i + 1];
      const b2 = bytes[i + 2];
      const b3 = bytes[i + 3];
      const cp = ((b0 & 0x07) << 18) | ((b1 & 0x3f) << 12) | ((b2 & 0x3f) << 6) | (b3 & 0x3f);
      if ((b1 & 0xc0) === 0x80 && (b2 & 0xc0) === 0x80 && (b3 & 0xc0) === 0x80 && cp >= 0x10000 && cp <= 0x10ffff) {
        codePoint = cp;
        size = 4;
      }
    }
    if (codePoint > 0xffff) {
      codePoint -= 0x10000;
      units.push(0xd800 | (codePoint >> 10), 0xdc00 | (codePoint & 0x3ff));
    } else {
      units.push(codePoint);
    }
    if (units.length >= CHUNK) {
      text += String.fromCharCode.apply(null, units);
      units.length = 0;
    }
    i += size;
  }
  return text + String.fromCharCode.apply(null, units);
}

/** True when bytes [start, end) are well-formed UTF-8. */
export function isValidUtf8(bytes: Uint8Array, start = 0, end = bytes.length): boolean {
  let i = start;
  while (i < end) {
    const b0 = bytes[i];
    if (b0 < 0x80) {
      i++;
      continue;
    }
    const size = b0 >= 0xc2 && b0 <= 0xdf ? 2 : b0 >= 0xe0 && b0 <= 0xef ? 3 : b0 >= 0xf0 && b0 <= 0xf4 ? 4 : 0;
    if (size === 0) return false;
    const min = size === 2 ? 0x80 : size === 3 ? 0x800 : 0x10000;
    if (i + size > end) return false;
    let cp = b0 & (0xff >> (size + 1));
    for (let k = 1; k < size; k++) {
      const next = bytes[i + k];
      if ((next & 0xc0) !== 0x80) return false;
      cp = (cp << 6) | (next & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return false;
    i += size;
  }
  return true;
}

/** Encodes a string as UTF-8 bytes (lone surrogates become U+FFFD). */
export function encodeUtf8(text: string): Uint8Array {
  const out: number[] = [];
  for (let i = 0; i < text.length; i++) {
    let codePoint = text.charCodeAt(i);
    if (codePoint >= 0xd800 && codePoint <= 0xdbff && i + 1 < text.length) {
      const low = text.charCodeAt(i + 1);
      if (low >= 0xdc00 && low <= 0xdfff) {
        codePoint = 0x10000 + ((codePoint - 0xd800) << 10) + (low - 0xdc00);
        i++;
      } else {
        codePoint = 0xfffd;
      }
    } else if (codePoint >= 0xd800 && codePoint <= 0xdfff) {
      codePoint = 0xfffd;
    }
    if (codePoint < 0x80) out.push(codePoint);
    else if (codePoint < 0x800) out.push(0xc0 | (codePoint >> 6), 0x80 | (codePoint & 0x3f));
    else if (codePoint < 0x10000)
      out.push(0xe0 | (codePoint >> 12), 0x80 | ((codePoint >> 6) & 0x3f), 0x80 | (codePoint & 0x3f));
    else
      out.push(
        0xf0 | (codePoint >> 18),
        0x80 | ((codePoint >> 12) & 0x3f),
        0x80 | ((codePoint >> 6) & 0x3f),
        0x80 | (codePoint & 0x3f),
      );
  }
  return Uint8Array.from(out);
}
