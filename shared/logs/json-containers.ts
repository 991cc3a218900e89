// Finds the byte ranges of events inside containers: JSON arrays, EventList objects (`items`), and Azure diagnostic
// batches (`records[].properties.log` holds the event as a JSON string). Ranges let the index read one event back
// from disk without re-reading the whole container.

import { decodeUtf8 } from './utf8.ts';

export interface ContainerElement {
  start: number;
  end: number;
  /** The element is a wrapper whose `properties.log` string is the event. */
  wrapped: boolean;
}

function isWhitespace(byte: number): boolean {
  return byte === 32 || byte === 10 || byte === 13 || byte === 9;
}

export function skipWhitespace(bytes: Uint8Array, pos: number, end: number): number {
  while (pos < end && isWhitespace(bytes[pos])) pos++;
  return pos;
}

/** End of the JSON value starting at pos (structural check only), or -1 when it does not end before `end`. */
export function skipJsonValue(bytes: Uint8Array, pos: number, end: number): number {
  let depth = 0;
  let p = pos;
  while (p < end) {
    const c = bytes[p];
    if (c === 34) {
      p++;
      for (;;) {
        const quote = bytes.indexOf(34, p);
        if (quote < 0 || quote >= end) return -1;
        let slashes = 0;
        for (let k = quote - 1; k >= p && bytes[k] === 92; k--) slashes++;
        p = quote + 1;
        if ((slashes & 1) === 0) break;
      }
      if (depth === 0) return p;
      continue;
    }
    if (c === 123 || c === 91) depth++;
    else if (c === 125 || c === 93) {
      depth--;
      if (depth < 0) return -1;
      if (depth === 0) return p + 1;
    } else if (depth === 0) {
      // a scalar at top level: up to the next delimiter
      let q = p;
      while (q < end && !isWhitespace(bytes[q]) && bytes[q] !== 44 && bytes[q] !== 125 && bytes[q] !== 93) q++;
      return q;
    }
    p++;
  }
  return -1;
}

/** The elements of the array starting at `pos` (a '['), or an error position. */
function arrayElements(
  bytes: Uint8Array,
  pos: number,
  end: number,
  wrapped: boolean,
): ContainerElement[] | { errorAt: number } {
  const elements: ContainerElement[] = [];
  let p = skipWhitespace(bytes, pos + 1, end);
  if (bytes[p] === 93) return elements;
  for (;;) {
    p = skipWhitespace(bytes, p, end);
    const valueEnd = skipJsonValue(bytes, p, end);
    if (valueEnd < 0) return { errorAt: p };
    elements.push({ start: p, end: valueEnd, wrapped });
    p = skipWhitespace(bytes, valueEnd, end);
    if (bytes[p] === 44) {
      p++;
      continue;
    }
    if (bytes[p] === 93) return elements;
    return { errorAt: p };
  }
}

/**
 * Elements of a container value in bytes[start, end): a top-level array, or an object with an `items` array
 * (EventList) or a `records` array (Azure). Other keys are ignored.
 */
export function containerElements(
  bytes: Uint8Array,
  start: number,
  end: number,
): ContainerElement[] | { errorAt: number; message: string } {
  const p = skipWhitespace(bytes, start, end);
  if (bytes[p] === 91) {
    const result = arrayElements(bytes, p, end, false);
    return Array.isArray(result) ? result : { ...result, message: 'malformed JSON array' };
  }
  if (bytes[p] !== 123) return { errorAt: p, message: 'expected an array or an object' };
  let q = skipWhitespace(bytes, p + 1, end);
  const elements: ContainerElement[] = [];
  while (q < end && bytes[q] !== 125) {
    const keyEnd = skipJsonValue(bytes, q, end);
    if (keyEnd < 0 || bytes[q] !== 34) return { errorAt: q, message: 'expected a quoted key' };
    const key = decodeUtf8(bytes, q + 1, keyEnd - 1);
    q = skipWhitespace(bytes, keyEnd, end);
    if (bytes[q] !== 58) return { errorAt: q, message: 'expected ":"' };
    q = skipWhitespace(bytes, q + 1, end);
    if ((key === 'items' || key === 'records') && bytes[q] === 91) {
      const result = arrayElements(bytes, q, end, key === 'records');
      if (!Array.isArray(result)) return { ...result, message: `malformed "${key}" array` };
      elements.push(...result);
    }
    const valueEnd = skipJsonValue(bytes, q, end);
    if (valueEnd < 0) return { errorAt: q, message: 'malformed value' };
    q = skipWhitespace(bytes, valueEnd, end);
    if (bytes[q] === 44) q = skipWhitespace(bytes, q + 1, end);
  }
  return elements;
}

/** The event JSON text held by an Azure diagnostic record, or undefined when the record has none. */
export function unwrapRecordEvent(recordText: string): string | undefined {
  try {
    const record = JSON.parse(recordText) as { properties?: { log?: unknown } };
    const log = record?.properties?.log;
    return typeof log === 'string' ? log : undefined;
  } catch {
    return undefined;
  }
}
