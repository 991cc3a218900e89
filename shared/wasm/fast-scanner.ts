// AssemblyScript, compiled to WebAssembly (SIMD) by build/scripts/build-wasm.mjs: the fast path of the JSON event
// scanner for the common case, a single-line audit event as the API server writes it. It finds the indexed fields
// of one line and writes where they are into the output area; it never decides anything the JavaScript scanner
// (shared/logs/json-event-scanner.ts) would decide differently. Whatever is unusual (escapes in keys or indexed
// values, duplicate keys, literals outside status codes, containers, non-events, any syntax error) is LINE_OTHER, and
// the JavaScript scanner reads that line instead, with its exact results and error messages.

// Column numbers, output slots and line kinds, shared with the TypeScript client (shared/logs/scanner-layout.ts).
import {
  LINE_EVENT,
  LINE_OTHER,
  LINE_PARTIAL,
  M_GROUP,
  M_SOURCEIP,
  MAX_MULTI,
  OUT_ASCII,
  OUT_CODE,
  OUT_LINE_END,
  OUT_MICROS,
  OUT_MULTI,
  OUT_MULTI_COUNT,
  OUT_NEWLINE,
  OUT_OBJECT_START,
  OUT_SLOTS,
  OUT_TIMES,
  S_APIGROUP,
  S_APIVERSION,
  S_AUDITID,
  S_DECISION,
  S_IMPERSONATED,
  S_LEVEL,
  S_NAME,
  S_NS,
  S_REASON,
  S_RESOURCE,
  S_STAGE,
  S_SUBRESOURCE,
  S_URI,
  S_USER,
  S_USERAGENT,
  S_VERB,
  STRING_COLUMNS,
} from './layout.generated';

const MAX_DEPTH: usize = 1024;
/** Room for the unescaped copies of one line's indexed strings that had escapes. */
const SCRATCH_BYTES: usize = 64 * 1024;

const QUOTE: u32 = 0x22;
const BACKSLASH: u32 = 0x5c;
const NEWLINE: u32 = 0x0a;

// Nested objects the scanner walks (others are skipped whole).
const W_USER = 0;
const W_IMPERSONATED = 1;
const W_OBJECT_REF = 2;
const W_RESPONSE_STATUS = 3;
const W_ANNOTATIONS = 4;

// Top-level keys.
const K_KIND = 0;
const K_API_VERSION = 1;
const K_LEVEL = 2;
const K_AUDIT_ID = 3;
const K_STAGE = 4;
const K_REQUEST_URI = 5;
const K_VERB = 6;
const K_USER = 7;
const K_IMPERSONATED_USER = 8;
const K_SOURCE_IPS = 9;
const K_USER_AGENT = 10;
const K_OBJECT_REF = 11;
const K_RESPONSE_STATUS = 12;
const K_RECEIVED = 13;
const K_STAGE_TIMESTAMP = 14;
const K_ANNOTATIONS = 15;
const K_TIMESTAMP = 16;
const K_CONTAINER = 17; // items, records: an EventList or a wrapper, left to the JavaScript scanner
const K_UNKNOWN = 31;
// Keys of nested objects (one numbering for all of them).
const N_USERNAME = 0;
const N_GROUPS = 1;
const N_NAME = 2;
const N_RESOURCE = 3;
const N_API_GROUP = 4;
const N_NAMESPACE = 5;
const N_API_VERSION = 6;
const N_SUBRESOURCE = 7;
const N_CODE = 8;
const N_DECISION = 9;
const N_REASON = 10;
const N_UNKNOWN = 31;

let out: usize = 0;
let stack: usize = 0;
let scratch: usize = 0;
let scratchUsed: usize = 0;
let wantStrings: u32 = 0;
let wantMultis: u32 = 0;
let wantUser = false;
let wantImpersonated = false;
let wantObjectRef = false;
let wantAnnotations = false;
let wantTimes = true;

// The line being scanned ends at `end`; the last key read is [keyStart, keyStart + keyLength).
let end: usize = 0;
let keyStart: usize = 0;
let keyLength: i32 = 0;
let asciiMask: u32 = 0;
let hasAuditId = false;
let hasStage = false;

/** First free byte after the module's static data: the caller lays out its buffers from here. */
export function heapBase(): usize {
  return __heap_base;
}

/** Bytes the caller reserves for the output area, the bracket stack and the scratch area, from heapBase(). */
export function workspaceBytes(): usize {
  return ((<usize>OUT_SLOTS) << 2) + MAX_DEPTH + SCRATCH_BYTES;
}

/** Where outputs go, which string and multi columns (bit masks) to fill, and whether to read timestamps. */
export function configure(outPtr: usize, strings: u32, multis: u32, times: bool): void {
  out = outPtr;
  stack = outPtr + ((<usize>OUT_SLOTS) << 2);
  scratch = stack + MAX_DEPTH;
  wantStrings = strings;
  wantMultis = multis;
  wantUser = (strings & (1 << S_USER)) != 0 || (multis & (1 << M_GROUP)) != 0;
  wantImpersonated = (strings & (1 << S_IMPERSONATED)) != 0;
  const objectRefColumns =
    (1 << S_NS) | (1 << S_RESOURCE) | (1 << S_SUBRESOURCE) | (1 << S_NAME) | (1 << S_APIGROUP) | (1 << S_APIVERSION);
  wantObjectRef = (strings & objectRefColumns) != 0;
  wantAnnotations = (strings & ((1 << S_DECISION) | (1 << S_REASON))) != 0;
  wantTimes = times;
}

function setSlot(slot: i32, value: i32): void {
  store<i32>(out + ((<usize>slot) << 2), value);
}

/**
 * Scans the line that starts at `start` in a buffer that ends at `bufferEnd` (memory addresses; at least 32 readable
 * bytes must follow the buffer). A newline ends the line wherever it is: JSON strings cannot hold one.
 */
export function scanNext(start: usize, bufferEnd: usize): i32 {
  end = bufferEnd;
  const newline = scanEvent(start);
  if (newline != 0) {
    setSlot(OUT_NEWLINE, <i32>newline);
    setSlot(OUT_LINE_END, <i32>(newline > start && load<u8>(newline - 1) == 0x0d ? newline - 1 : newline));
    return LINE_EVENT;
  }
  const other = findNewline(start);
  if (other >= end) return LINE_PARTIAL;
  setSlot(OUT_NEWLINE, <i32>other);
  return LINE_OTHER;
}

/** An audit event on one line from `start`: returns the position of the newline after it, or 0. */
function scanEvent(start: usize): usize {
  for (let c = 0; c < STRING_COLUMNS; c++) setSlot(c * 3, -1);
  setSlot(OUT_CODE, -1);
  setSlot(OUT_TIMES, -1);
  setSlot(OUT_TIMES + 2, -1);
  setSlot(OUT_TIMES + 4, -1);
  setSlot(OUT_MULTI_COUNT, -1);
  setSlot(OUT_MULTI_COUNT + 1, -1);
  asciiMask = 0;
  scratchUsed = 0;
  hasAuditId = false;
  hasStage = false;
  let p = start;
  while (p < end && (load<u8>(p) == 32 || load<u8>(p) == 9)) p++;
  if (p >= end || load<u8>(p) != 0x7b) return 0;
  setSlot(OUT_OBJECT_START, <i32>p);
  p = skipSpace(p + 1);
  if (p >= end || load<u8>(p) == 0x7d) return 0; // {} is not an event
  let seen: u32 = 0;
  while (true) {
    p = readKey(p);
    if (p == 0) return 0;
    const id = topKeyId();
    if (id != K_UNKNOWN) {
      if ((seen & (1 << id)) != 0) return 0; // a duplicate key: the last one wins, left to JavaScript
      seen |= 1 << id;
    }
    p = topValue(id, p);
    if (p == 0) return 0;
    p = skipSpace(p);
    if (p >= end) return 0;
    const c = load<u8>(p);
    if (c == 0x2c) {
      p = skipSpace(p + 1);
      continue;
    }
    if (c != 0x7d) return 0;
    p = skipSpace(p + 1);
    break;
  }
  if (p >= end || load<u8>(p) != NEWLINE || !(hasAuditId || hasStage)) return 0;
  setSlot(OUT_ASCII, asciiMask);
  return p;
}

function topValue(id: i32, p: usize): usize {
  switch (id) {
    case K_KIND:
      return kindIsEvent(p);
    case K_API_VERSION:
      return apiVersionIsAudit(p);
    case K_LEVEL:
      return stringField(p, S_LEVEL);
    case K_AUDIT_ID:
      hasAuditId = true;
      return stringField(p, S_AUDITID);
    case K_STAGE:
      hasStage = true;
      return stringField(p, S_STAGE);
    case K_REQUEST_URI:
      return stringField(p, S_URI);
    case K_VERB:
      return stringField(p, S_VERB);
    case K_USER:
      return wantUser ? walkObject(p, W_USER) : skipValue(p);
    case K_IMPERSONATED_USER:
      return wantImpersonated ? walkObject(p, W_IMPERSONATED) : skipValue(p);
    case K_SOURCE_IPS:
      return (wantMultis & (1 << M_SOURCEIP)) != 0 ? stringArray(p, M_SOURCEIP) : skipValue(p);
    case K_USER_AGENT:
      return stringField(p, S_USERAGENT);
    case K_OBJECT_REF:
      return wantObjectRef ? walkObject(p, W_OBJECT_REF) : skipValue(p);
    case K_RESPONSE_STATUS:
      return walkObject(p, W_RESPONSE_STATUS);
    case K_RECEIVED:
      return timeField(p, 1);
    case K_STAGE_TIMESTAMP:
      return timeField(p, 0);
    case K_ANNOTATIONS:
      return wantAnnotations ? walkObject(p, W_ANNOTATIONS) : skipValue(p);
    case K_TIMESTAMP:
      return timeField(p, 2);
    case K_CONTAINER:
      return 0;
    default:
      return skipValue(p);
  }
}

/** A nested object's keys; indexed fields go to the output area, the rest is skipped. */
function walkObject(p: usize, which: i32): usize {
  if (load<u8>(p) != 0x7b) return 0;
  p = skipSpace(p + 1);
  if (p >= end) return 0;
  if (load<u8>(p) == 0x7d) return p + 1;
  let seen: u32 = 0;
  while (true) {
    p = readKey(p);
    if (p == 0) return 0;
    const id = nestedKeyId(which);
    if (id != N_UNKNOWN) {
      if ((seen & (1 << id)) != 0) return 0;
      seen |= 1 << id;
    }
    p = nestedValue(which, id, p);
    if (p == 0) return 0;
    p = skipSpace(p);
    if (p >= end) return 0;
    const c = load<u8>(p);
    if (c == 0x2c) {
      p = skipSpace(p + 1);
      continue;
    }
    return c == 0x7d ? p + 1 : 0;
  }
}

function nestedValue(which: i32, id: i32, p: usize): usize {
  switch (id) {
    case N_USERNAME:
      return stringField(p, which == W_USER ? S_USER : S_IMPERSONATED);
    case N_GROUPS:
      return which == W_USER && (wantMultis & (1 << M_GROUP)) != 0 ? stringArray(p, M_GROUP) : skipValue(p);
    case N_NAME:
      return stringField(p, S_NAME);
    case N_RESOURCE:
      return stringField(p, S_RESOURCE);
    case N_API_GROUP:
      return stringField(p, S_APIGROUP);
    case N_NAMESPACE:
      return stringField(p, S_NS);
    case N_API_VERSION:
      return stringField(p, S_APIVERSION);
    case N_SUBRESOURCE:
      return stringField(p, S_SUBRESOURCE);
    case N_CODE:
      return statusCode(p);
    case N_DECISION:
      return stringField(p, S_DECISION);
    case N_REASON:
      return stringField(p, S_REASON);
    default:
      return skipValue(p);
  }
}

function topKeyId(): i32 {
  switch (keyLength) {
    case 4:
      return key8(0x646e696b /* kind */)
        ? K_KIND
        : key8(0x62726576 /* verb */)
          ? K_VERB
          : key8(0x72657375 /* user */)
            ? K_USER
            : K_UNKNOWN;
    case 5:
      return key8(0x6c6576656c /* level */)
        ? K_LEVEL
        : key8(0x6567617473 /* stage */)
          ? K_STAGE
          : key8(0x736d657469 /* items */)
            ? K_CONTAINER
            : K_UNKNOWN;
    case 7:
      return key8(0x44497469647561 /* auditID */)
        ? K_AUDIT_ID
        : key8(0x7364726f636572 /* records */)
          ? K_CONTAINER
          : K_UNKNOWN;
    case 9:
      return key16(0x5049656372756f73, 0x73 /* sourceIPs */)
        ? K_SOURCE_IPS
        : key16(0x6e65674172657375, 0x74 /* userAgent */)
          ? K_USER_AGENT
          : key16(0x65527463656a626f, 0x66 /* objectRef */)
            ? K_OBJECT_REF
            : key16(0x6d617473656d6974, 0x70 /* timestamp */)
              ? K_TIMESTAMP
              : K_UNKNOWN;
    case 10:
      return key16(0x5574736575716572, 0x4952 /* requestURI */)
        ? K_REQUEST_URI
        : key16(0x6973726556697061, 0x6e6f /* apiVersion */)
          ? K_API_VERSION
          : K_UNKNOWN;
    case 11:
      return key16(0x697461746f6e6e61, 0x736e6f /* annotations */) ? K_ANNOTATIONS : K_UNKNOWN;
    case 14:
      return key16(0x6d69546567617473, 0x706d61747365 /* stageTimestamp */)
        ? K_STAGE_TIMESTAMP
        : key16(0x65736e6f70736572, 0x737574617453 /* responseStatus */)
          ? K_RESPONSE_STATUS
          : K_UNKNOWN;
    case 16:
      return key16(0x6e6f737265706d69, 0x7265735564657461 /* impersonatedUser */) ? K_IMPERSONATED_USER : K_UNKNOWN;
    case 24:
      return key24(0x5274736575716572, 0x5464657669656365, 0x706d617473656d69 /* requestReceivedTimestamp */)
        ? K_RECEIVED
        : K_UNKNOWN;
    default:
      return K_UNKNOWN;
  }
}

function nestedKeyId(which: i32): i32 {
  switch (which) {
    case W_USER:
    case W_IMPERSONATED:
      if (keyLength == 8 && key8(0x656d616e72657375 /* username */)) return N_USERNAME;
      return keyLength == 6 && key8(0x7370756f7267 /* groups */) ? N_GROUPS : N_UNKNOWN;
    case W_OBJECT_REF:
      switch (keyLength) {
        case 4:
          return key8(0x656d616e /* name */) ? N_NAME : N_UNKNOWN;
        case 8:
          return key8(0x656372756f736572 /* resource */)
            ? N_RESOURCE
            : key8(0x70756f7247697061 /* apiGroup */)
              ? N_API_GROUP
              : N_UNKNOWN;
        case 9:
          return key16(0x63617073656d616e, 0x65 /* namespace */) ? N_NAMESPACE : N_UNKNOWN;
        case 10:
          return key16(0x6973726556697061, 0x6e6f /* apiVersion */) ? N_API_VERSION : N_UNKNOWN;
        case 11:
          return key16(0x756f736572627573, 0x656372 /* subresource */) ? N_SUBRESOURCE : N_UNKNOWN;
        default:
          return N_UNKNOWN;
      }
    case W_RESPONSE_STATUS:
      return keyLength == 4 && key8(0x65646f63 /* code */) ? N_CODE : N_UNKNOWN;
    default:
      if (
        keyLength == 29 &&
        key32(
          0x7a69726f68747561,
          0x386b2e6e6f697461,
          0x6365642f6f692e73,
          0x6e6f697369 /* authorization.k8s.io/decision */,
        )
      )
        return N_DECISION;
      return keyLength == 27 &&
        key32(0x7a69726f68747561, 0x386b2e6e6f697461, 0x6165722f6f692e73, 0x6e6f73 /* authorization.k8s.io/reason */)
        ? N_REASON
        : N_UNKNOWN;
  }
}

// The key just read equals a key name given as little-endian 8-byte words, zero-padded (the caller's switch has
// checked the length). Loads may read past the key: the line is followed by readable memory.
function tail(offset: usize): u64 {
  const bytes = <u64>keyLength - <u64>offset;
  const word = load<u64>(keyStart + offset);
  return bytes >= 8 ? word : word & (((<u64>1) << (bytes << 3)) - 1);
}

function key8(w0: u64): bool {
  return tail(0) == w0;
}

function key16(w0: u64, w1: u64): bool {
  return load<u64>(keyStart) == w0 && tail(8) == w1;
}

function key24(w0: u64, w1: u64, w2: u64): bool {
  return load<u64>(keyStart) == w0 && load<u64>(keyStart + 8) == w1 && tail(16) == w2;
}

function key32(w0: u64, w1: u64, w2: u64, w3: u64): bool {
  return load<u64>(keyStart) == w0 && load<u64>(keyStart + 8) == w1 && load<u64>(keyStart + 16) == w2 && tail(24) == w3;
}

/** `"key"` and its colon at p; returns where the value starts. Keys with escapes go to JavaScript. */
function readKey(p: usize): usize {
  if (p >= end || load<u8>(p) != QUOTE) return 0;
  const q = findQuoteOrBackslash(p + 1);
  if (q >= end || load<u8>(q) != QUOTE) return 0;
  keyStart = p + 1;
  keyLength = <i32>(q - keyStart);
  // As the API server writes it: `"key":value`.
  if (load<u8>(q + 1) == 0x3a && q + 2 < end && !isSpace(load<u8>(q + 2))) return q + 2;
  p = skipSpace(q + 1);
  if (p >= end || load<u8>(p) != 0x3a) return 0;
  p = skipSpace(p + 1);
  return p < end ? p : 0;
}

/**
 * A string value of a column: its place and hash go to the output area when the column is wanted. A string with
 * escapes is unescaped into the scratch area first, and is not marked ASCII (as in JavaScript).
 */
function stringField(p: usize, column: i32): usize {
  if (load<u8>(p) != QUOTE) return 0;
  if ((wantStrings & (1 << column)) == 0) return skipString(p + 1);
  let start = p + 1;
  let q = findQuoteOrBackslash(start);
  if (q >= end) return 0;
  let next = q + 1;
  const stop = <u32>load<u8>(q);
  if (stop == NEWLINE) return 0;
  const escaped = stop == BACKSLASH;
  if (escaped) {
    next = unescape(start, q);
    if (next == 0) return 0;
    start = scratch + scratchUsed - unescapedLength;
    q = scratch + scratchUsed;
  }
  // The dictionary hash of shared/logs/byte-dictionary.ts: 4-byte little-endian words, then the tail bytes.
  let hash: u32 = 0x811c9dc5;
  let bits: u32 = 0;
  let i = start;
  for (; i + 4 <= q; i += 4) {
    const word = load<u32>(i);
    const h = (hash ^ word) * 0x5bd1e995;
    hash = h ^ (h >>> 13);
    bits |= word;
  }
  for (; i < q; i++) {
    const byte = <u32>load<u8>(i);
    hash = (hash ^ byte) * 0x01000193;
    bits |= byte;
  }
  hash = (hash ^ (<u32>(q - start))) * 0x85ebca6b;
  hash ^= hash >>> 16;
  const slot = column * 3;
  setSlot(slot, <i32>start);
  setSlot(slot + 1, <i32>q);
  setSlot(slot + 2, <i32>hash);
  if ((bits & 0x80808080) == 0 && !escaped) asciiMask |= 1 << column;
  return next;
}

let unescapedLength: usize = 0;

/**
 * Copies the string that starts at `start` (its first escape is at `escape`) into the scratch area, unescaped as
 * JSON.parse would; returns the position after its closing quote, or 0 (an invalid escape, a surrogate, no room).
 */
function unescape(start: usize, escape: usize): usize {
  const to = scratch + scratchUsed;
  const limit = scratch + SCRATCH_BYTES;
  if (to + (escape - start) > limit) return 0;
  memory.copy(to, start, escape - start);
  let o = to + (escape - start);
  let p = escape;
  while (true) {
    if (p >= end) return 0;
    const c = <u32>load<u8>(p);
    if (c == QUOTE) break;
    if (c == NEWLINE || o + 4 > limit) return 0;
    if (c != BACKSLASH) {
      store<u8>(o++, <u8>c);
      p++;
      continue;
    }
    if (p + 1 >= end) return 0;
    const e = <u32>load<u8>(p + 1);
    if (e == 0x75) {
      if (p + 6 > end) return 0;
      let cp: u32 = 0;
      for (let k: usize = 2; k < 6; k++) {
        const h = <u32>load<u8>(p + k);
        let digit: u32;
        if (h >= 0x30 && h <= 0x39) digit = h - 0x30;
        else if (h >= 0x61 && h <= 0x66) digit = h - 0x57;
        else if (h >= 0x41 && h <= 0x46) digit = h - 0x37;
        else return 0;
        cp = (cp << 4) | digit;
      }
      if (cp >= 0xd800 && cp <= 0xdfff) return 0; // surrogates: JavaScript pairs them or writes U+FFFD
      if (cp < 0x80) store<u8>(o++, <u8>cp);
      else if (cp < 0x800) {
        store<u8>(o++, <u8>(0xc0 | (cp >> 6)));
        store<u8>(o++, <u8>(0x80 | (cp & 0x3f)));
      } else {
        store<u8>(o++, <u8>(0xe0 | (cp >> 12)));
        store<u8>(o++, <u8>(0x80 | ((cp >> 6) & 0x3f)));
        store<u8>(o++, <u8>(0x80 | (cp & 0x3f)));
      }
      p += 6;
      continue;
    }
    const byte = escapedByte(e);
    if (byte > 0xff) return 0;
    store<u8>(o++, <u8>byte);
    p += 2;
  }
  unescapedLength = o - to;
  scratchUsed += unescapedLength;
  return p + 1;
}

/** The end of the string at p (just past its closing quote), or 0 when it has escapes or does not end. */
function plainString(p: usize): usize {
  if (load<u8>(p) != QUOTE) return 0;
  const q = findQuoteOrBackslash(p + 1);
  return q < end && load<u8>(q) == QUOTE ? q + 1 : 0;
}

/** `"Event"`: the kind of an audit event (anything else is for JavaScript to judge). */
function kindIsEvent(p: usize): usize {
  const after = plainString(p);
  const word = load<u64>(p + 1) & 0xffffffffff; // 5 bytes
  return after == p + 7 && word == 0x746e657645 /* Event */ ? after : 0;
}

/** `"audit.k8s.io/…"`: the API group of audit events. */
function apiVersionIsAudit(p: usize): usize {
  const after = plainString(p);
  if (after < p + 15) return 0;
  const tail = load<u64>(p + 9) & 0xffffffffff; // bytes 8–12 of the value
  return load<u64>(p + 1) == 0x386b2e7469647561 /* audit.k8 */ && tail == 0x2f6f692e73 /* s.io/ */ ? after : 0;
}

/** A timestamp string: its place and, in the API server's layout, its value go to the output area. */
function timeField(p: usize, which: i32): usize {
  if (load<u8>(p) != QUOTE) return 0;
  if (!wantTimes) return skipString(p + 1);
  const q = findQuoteOrBackslash(p + 1);
  if (q >= end || load<u8>(q) != QUOTE) return 0;
  setSlot(OUT_TIMES + which * 2, <i32>(p + 1));
  setSlot(OUT_TIMES + which * 2 + 1, <i32>q);
  store<f64>(out + ((<usize>OUT_MICROS + <usize>which * 2) << 2), q - p - 1 == 27 ? microTime(p + 1) : NaN);
  return q + 1;
}

/**
 * `2006-01-02T15:04:05.000000Z` at p → microseconds since the epoch, as shared/logs/timestamps.ts computes it; NaN
 * for anything else (JavaScript parses the other RFC 3339 forms).
 */
function microTime(p: usize): f64 {
  // Consecutive events mostly share the minute: its first 16 bytes and value are kept from the last timestamp.
  if (load<u64>(p) == minuteWord0 && load<u64>(p + 8) == minuteWord1) {
    const second = digits(p + 17, 2);
    const fraction = digits(p + 20, 6);
    if ((second | fraction) >= 0 && second <= 60 && load<u8>(p + 16) == 0x3a && load<u8>(p + 19) == 0x2e) {
      if (load<u8>(p + 26) == 0x5a) return <f64>(minuteMicros + <i64>second * 1000000 + <i64>fraction);
    }
  }
  if (load<u8>(p + 4) != 0x2d || load<u8>(p + 7) != 0x2d || load<u8>(p + 10) != 0x54) return NaN;
  if (load<u8>(p + 13) != 0x3a || load<u8>(p + 16) != 0x3a || load<u8>(p + 19) != 0x2e || load<u8>(p + 26) != 0x5a) {
    return NaN;
  }
  const year = digits(p, 4);
  const month = digits(p + 5, 2);
  const day = digits(p + 8, 2);
  const hour = digits(p + 11, 2);
  const minute = digits(p + 14, 2);
  const second = digits(p + 17, 2);
  const fraction = digits(p + 20, 6);
  if ((year | month | day | hour | minute | second | fraction) < 0) return NaN;
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 60) return NaN;
  minuteWord0 = load<u64>(p);
  minuteWord1 = load<u64>(p + 8);
  minuteMicros = (daysFromCivil(year, month, day) * 86400 + <i64>(hour * 3600 + minute * 60)) * 1000000;
  return <f64>(minuteMicros + <i64>second * 1000000 + <i64>fraction);
}

let minuteWord0: u64 = 0;
let minuteWord1: u64 = 0;
let minuteMicros: i64 = 0;

/** `count` decimal digits at p, or -1. */
function digits(p: usize, count: i32): i32 {
  let value = 0;
  for (let k = 0; k < count; k++) {
    const digit = <i32>load<u8>(p + <usize>k) - 0x30;
    if (digit < 0 || digit > 9) return -1;
    value = value * 10 + digit;
  }
  return value;
}

/** Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm). */
function daysFromCivil(year: i32, month: i32, day: i32): i64 {
  const y = month <= 2 ? year - 1 : year;
  const era = (y >= 0 ? y : y - 399) / 400;
  const yearOfEra = y - era * 400;
  const dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
  const dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear;
  return <i64>era * 146097 + <i64>dayOfEra - 719468;
}

/** An array of strings without escapes (groups, sourceIPs). */
function stringArray(p: usize, column: i32): usize {
  if (load<u8>(p) != 0x5b) return 0;
  const base = OUT_MULTI + column * 2 * MAX_MULTI;
  let count = 0;
  p = skipSpace(p + 1);
  if (p >= end) return 0;
  if (load<u8>(p) != 0x5d) {
    while (true) {
      if (load<u8>(p) != QUOTE || count == MAX_MULTI) return 0;
      const q = findQuoteOrBackslash(p + 1);
      if (q >= end || load<u8>(q) != QUOTE) return 0;
      setSlot(base + count * 2, <i32>(p + 1));
      setSlot(base + count * 2 + 1, <i32>q);
      count++;
      p = skipSpace(q + 1);
      if (p >= end) return 0;
      const c = load<u8>(p);
      if (c == 0x5d) break;
      if (c != 0x2c) return 0;
      p = skipSpace(p + 1);
      if (p >= end) return 0;
    }
  }
  setSlot(OUT_MULTI_COUNT + column, count);
  return p + 1;
}

/** The byte a one-letter escape (such as n or a quote after a backslash) stands for, or 0x100 when it is none. */
function escapedByte(letter: u32): u32 {
  if (letter == 0x22 || letter == 0x5c || letter == 0x2f) return letter;
  if (letter == 0x62) return 8;
  if (letter == 0x66) return 12;
  if (letter == 0x6e) return 10;
  if (letter == 0x72) return 13;
  if (letter == 0x74) return 9;
  return 0x100;
}

/** responseStatus.code: up to 9 digits followed by a delimiter, as the JavaScript scanner reads it. */
function statusCode(p: usize): usize {
  let value: i32 = 0;
  let digits = 0;
  while (p < end && digits < 9) {
    const c = <i32>load<u8>(p);
    if (c < 0x30 || c > 0x39) break;
    value = value * 10 + (c - 0x30);
    p++;
    digits++;
  }
  if (digits == 0) return 0;
  if (p < end) {
    const after = load<u8>(p);
    if (!(isSpace(after) || after == 0x2c || after == 0x7d)) return 0;
  }
  setSlot(OUT_CODE, value);
  return p;
}

/** Skips a string or a container; literals (numbers, true, false, null) are left to JavaScript. */
function skipValue(p: usize): usize {
  const c = load<u8>(p);
  if (c == QUOTE) return skipString(p + 1);
  if (c == 0x7b || c == 0x5b) return skipContainer(p);
  return 0;
}

/** From just after an opening quote to just after the closing one. */
function skipString(p: usize): usize {
  while (true) {
    const q = findQuoteOrBackslash(p);
    if (q >= end) return 0;
    const c = <u32>load<u8>(q);
    if (c == QUOTE) return q + 1;
    if (c == NEWLINE || <u32>load<u8>(q + 1) == NEWLINE) return 0;
    p = q + 2; // an escape: its next byte is never the end of the string
  }
}

/**
 * An object or array with everything inside it: brackets must pair up and strings end, as in JavaScript. Reads 16
 * bytes at a time: in a block without backslashes, the bytes inside strings are the ones after an odd number of
 * quotes (a prefix XOR of the quote bits), so only brackets outside strings need a look. A block with a backslash is
 * read token by token instead.
 */
function skipContainer(p: usize): usize {
  let depth: usize = 0;
  const quote = i8x16.splat(0x22);
  const backslash = i8x16.splat(0x5c);
  const newline = i8x16.splat(0x0a);
  const opening = i8x16.splat(0x7b); // { and [ once 0x20 is or-ed in
  const closing = i8x16.splat(0x7d); // } and ]
  const caseBit = i8x16.splat(0x20);
  while (true) {
    if (p >= end) return 0;
    const v = v128.load(p);
    const folded = v128.or(v, caseBit);
    const brackets = i8x16.bitmask(v128.or(i8x16.eq(folded, opening), i8x16.eq(folded, closing)));
    const quotes = i8x16.bitmask(i8x16.eq(v, quote));
    const newlines = i8x16.bitmask(i8x16.eq(v, newline));
    if (i8x16.bitmask(i8x16.eq(v, backslash)) != 0) {
      // Token by token: the next quote, bracket or newline.
      const marks = quotes | brackets | newlines;
      if (marks == 0) {
        p += 16;
        continue;
      }
      const at = p + <usize>ctz(marks);
      if (at >= end) return 0;
      const c = <u32>load<u8>(at);
      if (c == QUOTE) {
        p = skipString(at + 1);
        if (p == 0) return 0;
        continue;
      }
      if (c == NEWLINE) return 0;
      depth = bracket(at, c, depth);
      if (depth == 0) return at + 1;
      if (depth > MAX_DEPTH) return 0;
      p = at + 1;
      continue;
    }
    let inString = quotes;
    inString ^= inString << 1;
    inString ^= inString << 2;
    inString ^= inString << 4;
    inString ^= inString << 8;
    let marks = (brackets & ~inString) | newlines;
    while (marks != 0) {
      const at = p + <usize>ctz(marks);
      if (at >= end) return 0;
      const c = <u32>load<u8>(at);
      if (c == NEWLINE) return 0;
      depth = bracket(at, c, depth);
      if (depth == 0) return at + 1;
      if (depth > MAX_DEPTH) return 0;
      marks &= marks - 1;
    }
    if ((inString & 0x8000) != 0) {
      // The block ends inside a string: finish it from just after its opening quote.
      p = skipString(p + <usize>(31 - clz(quotes)) + 1);
      if (p == 0) return 0;
    } else {
      p += 16;
    }
  }
}

/**
 * An opening or closing bracket at `at`: the new depth. 0 means the outermost one closed; MAX_DEPTH + 1 means an
 * error (a mismatched or unexpected closing bracket, or nesting too deep).
 */
function bracket(at: usize, c: u32, depth: usize): usize {
  if (c == 0x7b || c == 0x5b) {
    if (depth >= MAX_DEPTH) return MAX_DEPTH + 1;
    store<u8>(stack + depth, <u8>c);
    return depth + 1;
  }
  if (depth == 0 || <u32>load<u8>(stack + depth - 1) != c - 2) return MAX_DEPTH + 1;
  return depth - 1;
}

/** The first quote, backslash or newline at or after p, 16 bytes at a time; a result at or past `end` means none. */
function findQuoteOrBackslash(p: usize): usize {
  const quote = i8x16.splat(0x22);
  const backslash = i8x16.splat(0x5c);
  const newline = i8x16.splat(0x0a);
  while (true) {
    const v = v128.load(p);
    const mask = i8x16.bitmask(v128.or(v128.or(i8x16.eq(v, quote), i8x16.eq(v, backslash)), i8x16.eq(v, newline)));
    if (mask != 0) return p + <usize>ctz(mask);
    p += 16;
    if (p >= end) return end;
  }
}

/** The first newline at or after p, or a position at or past `end`. */
function findNewline(p: usize): usize {
  const newline = i8x16.splat(0x0a);
  while (p < end) {
    const mask = i8x16.bitmask(i8x16.eq(v128.load(p), newline));
    if (mask != 0) return p + <usize>ctz(mask);
    p += 16;
  }
  return end;
}

function isSpace(c: u32): bool {
  return c == 32 || c == 10 || c == 13 || c == 9;
}

/** JSON whitespace within the line (a newline ends the line instead). */
function skipSpace(p: usize): usize {
  while (p < end) {
    const c = <u32>load<u8>(p);
    if (c != 32 && c != 13 && c != 9) break;
    p++;
  }
  return p;
}
