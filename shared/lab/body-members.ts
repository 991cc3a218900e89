// Measures the request and response bodies of one audit event's JSON text, so the lab can estimate the event's
// size at a lower level (Metadata drops both bodies, Request drops the response) without re-serialising it.

export interface BodySizes {
  /** UTF-8 bytes of the top-level `"requestObject": …` member plus its separating comma (0 when absent). */
  requestObject: number;
  responseObject: number;
}

const NONE: BodySizes = Object.freeze({ requestObject: 0, responseObject: 0 });

/** Body member sizes of an event object. Text that is not a JSON object (or is malformed) yields zeros. */
export function measureBodies(text: string): BodySizes {
  // Most events (Metadata level) carry no body: skip the structural walk for them.
  if (!text.includes('"requestObject"') && !text.includes('"responseObject"')) return NONE;
  let pos = skipSpace(text, 0);
  if (text.charCodeAt(pos) !== 123 /* { */) return NONE;
  pos++;
  let requestObject = 0;
  let responseObject = 0;
  for (;;) {
    pos = skipSpace(text, pos);
    const keyStart = pos;
    if (text.charCodeAt(pos) !== 34 /* " */) return { requestObject, responseObject };
    const keyEnd = skipString(text, pos);
    if (keyEnd < 0) return { requestObject, responseObject };
    pos = skipSpace(text, keyEnd);
    if (text.charCodeAt(pos) !== 58 /* : */) return { requestObject, responseObject };
    pos = skipValue(text, skipSpace(text, pos + 1));
    if (pos < 0) return { requestObject, responseObject };
    const key = text.slice(keyStart + 1, keyEnd - 1);
    // The comma that separates the member goes with it when the member is removed.
    if (key === 'requestObject') requestObject = utf8Length(text, keyStart, pos) + 1;
    else if (key === 'responseObject') responseObject = utf8Length(text, keyStart, pos) + 1;
    pos = skipSpace(text, pos);
    if (text.charCodeAt(pos) !== 44 /* , */) return { requestObject, responseObject };
    pos++;
  }
}

function skipSpace(text: string, pos: number): number {
  for (;;) {
    const c = text.charCodeAt(pos);
    if (c === 32 || c === 10 || c === 13 || c === 9) pos++;
    else return pos;
  }
}

/** Position just after the string starting at `pos` (a quote), or -1 when it does not end. */
function skipString(text: string, pos: number): number {
  for (let i = pos + 1; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 92 /* \ */) i++;
    else if (c === 34) return i + 1;
  }
  return -1;
}

/** Position just after the JSON value starting at `pos`, or -1 when it is cut off. */
function skipValue(text: string, pos: number): number {
  const first = text.charCodeAt(pos);
  if (first === 34) return skipString(text, pos);
  if (first !== 123 && first !== 91) {
    // number, true, false, null: up to the next delimiter
    let i = pos;
    while (i < text.length) {
      const c = text.charCodeAt(i);
      if (c === 44 || c === 125 || c === 93 || c === 32 || c === 10 || c === 13 || c === 9) break;
      i++;
    }
    return i > pos ? i : -1;
  }
  let depth = 0;
  for (let i = pos; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 34) {
      i = skipString(text, i) - 1;
      if (i < 0) return -1;
    } else if (c === 123 || c === 91) depth++;
    else if (c === 125 || c === 93) {
      depth--;
      if (depth === 0) return i + 1;
    }
  }
  return -1;
}

/** UTF-8 byte length of text[start, end) (surrogate pairs count 4 bytes, lone surrogates 3 like U+FFFD). */
export function utf8Length(text: string, start: number, end: number): number {
  let bytes = 0;
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) bytes += 1;
    else if (c < 0x800) bytes += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < end) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        bytes += 4;
        i++;
      } else bytes += 3;
    } else bytes += 3;
  }
  return bytes;
}
