// Extracts the indexed fields of one JSON audit event straight from its UTF-8 bytes, without JSON.parse:
// known keys are read, everything else (bodies of hundreds of KB) is skipped structurally. Keys may come in any
// order (Go order, or sorted by re-serialisers); the last duplicate key wins, as in JSON.parse.

import {
  M_GROUP as M_GROUP_ID,
  M_SOURCEIP as M_SOURCEIP_ID,
  S_APIGROUP as S_APIGROUP_ID,
  S_APIVERSION as S_APIVERSION_ID,
  S_AUDITID as S_AUDITID_ID,
  S_DECISION as S_DECISION_ID,
  S_IMPERSONATED as S_IMPERSONATED_ID,
  S_LEVEL as S_LEVEL_ID,
  S_NAME as S_NAME_ID,
  S_NS as S_NS_ID,
  S_REASON as S_REASON_ID,
  S_RESOURCE as S_RESOURCE_ID,
  S_STAGE as S_STAGE_ID,
  S_SUBRESOURCE as S_SUBRESOURCE_ID,
  S_URI as S_URI_ID,
  S_USER as S_USER_ID,
  S_USERAGENT as S_USERAGENT_ID,
  S_VERB as S_VERB_ID,
} from './event-schema.ts';
import type { EventSink } from './segment-builder.ts';
import { hashBytes } from './byte-dictionary.ts';
import { parseTimestampBytes } from './timestamps.ts';

// Local copies: imported bindings are slower to read in the hot loop under some loaders.
const M_GROUP = M_GROUP_ID;
const M_SOURCEIP = M_SOURCEIP_ID;
const S_APIGROUP = S_APIGROUP_ID;
const S_APIVERSION = S_APIVERSION_ID;
const S_AUDITID = S_AUDITID_ID;
const S_DECISION = S_DECISION_ID;
const S_IMPERSONATED = S_IMPERSONATED_ID;
const S_LEVEL = S_LEVEL_ID;
const S_NAME = S_NAME_ID;
const S_NS = S_NS_ID;
const S_REASON = S_REASON_ID;
const S_RESOURCE = S_RESOURCE_ID;
const S_STAGE = S_STAGE_ID;
const S_SUBRESOURCE = S_SUBRESOURCE_ID;
const S_URI = S_URI_ID;
const S_USER = S_USER_ID;
const S_USERAGENT = S_USERAGENT_ID;
const S_VERB = S_VERB_ID;

export const SCAN_EVENT = 0;
export const SCAN_NOT_JSON = 1;
export const SCAN_NOT_EVENT = 2;
/** A JSON object that is a container of events (EventList, array wrapper, Azure records). */
export const SCAN_CONTAINER = 3;

const QUOTE = 34;
const BACKSLASH = 92;
const COLON = 58;
const COMMA = 44;
const OPEN_OBJECT = 123;
const CLOSE_OBJECT = 125;
const OPEN_ARRAY = 91;
const CLOSE_ARRAY = 93;

function bytesOf(text: string): Uint8Array {
  return Uint8Array.from(text, (c) => c.charCodeAt(0));
}

const K_KIND = bytesOf('kind');
const K_API_VERSION = bytesOf('apiVersion');
const K_LEVEL = bytesOf('level');
const K_AUDIT_ID = bytesOf('auditID');
const K_STAGE = bytesOf('stage');
const K_REQUEST_URI = bytesOf('requestURI');
const K_VERB = bytesOf('verb');
const K_USER = bytesOf('user');
const K_IMPERSONATED_USER = bytesOf('impersonatedUser');
const K_SOURCE_IPS = bytesOf('sourceIPs');
const K_USER_AGENT = bytesOf('userAgent');
const K_OBJECT_REF = bytesOf('objectRef');
const K_RESPONSE_STATUS = bytesOf('responseStatus');
const K_RECEIVED = bytesOf('requestReceivedTimestamp');
const K_STAGE_TIMESTAMP = bytesOf('stageTimestamp');
const K_TIMESTAMP = bytesOf('timestamp');
const K_ANNOTATIONS = bytesOf('annotations');
const K_USERNAME = bytesOf('username');
const K_GROUPS = bytesOf('groups');
const K_RESOURCE = bytesOf('resource');
const K_NAMESPACE = bytesOf('namespace');
const K_NAME = bytesOf('name');
const K_API_GROUP = bytesOf('apiGroup');
const K_SUBRESOURCE = bytesOf('subresource');
const K_CODE = bytesOf('code');
const K_DECISION = bytesOf('authorization.k8s.io/decision');
const K_REASON = bytesOf('authorization.k8s.io/reason');
const K_ITEMS = bytesOf('items');
const K_RECORDS = bytesOf('records');
const V_EVENT = bytesOf('Event');
const V_EVENT_LIST = bytesOf('EventList');
const V_AUDIT_PREFIX = bytesOf('audit.k8s.io/');

const W_USER = 0;
const W_IMPERSONATED = 1;
const W_OBJECT_REF = 2;
const W_RESPONSE_STATUS = 3;
const W_ANNOTATIONS = 4;

const KIND_ABSENT = 0;
const KIND_EVENT = 1;
const KIND_LIST = 2;
const KIND_OTHER = 3;

function isWhitespace(byte: number): boolean {
  return byte === 32 || byte === 10 || byte === 13 || byte === 9;
}

/**
 * Scans one JSON value that should be an audit Event. Reuse one scanner per thread: it keeps scratch buffers and
 * reports errors through `errorPosition`/`errorMessage`.
 */
export class JsonEventScanner {
  private b: Uint8Array = new Uint8Array(0);
  private end = 0;
  private pos = 0;
  // The last string read: [strStart, strEnd) in strBytes (the input, or the scratch buffer when it had escapes).
  private strBytes: Uint8Array = new Uint8Array(0);
  private strStart = 0;
  private strEnd = 0;
  private strHash = 0;
  private scratch = new Uint8Array(1024);
  private keyScratch = new Uint8Array(256);
  private depthStack = new Uint8Array(1024);
  errorPosition = 0;
  errorMessage = '';
  /** Set by a SCAN_NOT_EVENT result: why the object is not an audit event. */
  notEventReason = '';
  private sink!: EventSink;

  /** Scans bytes[start, end), which must hold exactly one JSON value (surrounding whitespace allowed). */
  scan(bytes: Uint8Array, start: number, end: number, sink: EventSink): number {
    this.b = bytes;
    this.end = end;
    this.pos = start;
    this.sink = sink;
    this.reset();
    this.skipWhitespace();
    if (this.pos >= end) return this.fail('empty');
    if (bytes[this.pos] !== OPEN_OBJECT) {
      if (bytes[this.pos] === OPEN_ARRAY) {
        if (this.skipValue() && this.atEndAfterWhitespace()) return SCAN_CONTAINER;
        return SCAN_NOT_JSON;
      }
      return this.fail('not JSON: expected "{"');
    }
    const result = this.scanEventObject();
    if (result === SCAN_NOT_JSON) return result;
    if (!this.atEndAfterWhitespace()) return this.fail('unexpected text after the JSON object');
    return result;
  }

  private atEndAfterWhitespace(): boolean {
    this.skipWhitespace();
    return this.pos >= this.end;
  }

  private fail(message: string): number {
    this.errorPosition = this.pos;
    this.errorMessage = message;
    return SCAN_NOT_JSON;
  }

  private skipWhitespace(): void {
    const b = this.b;
    while (this.pos < this.end && isWhitespace(b[this.pos])) this.pos++;
  }

  private scanEventObject(): number {
    const b = this.b;
    this.pos++; // {
    let kind = KIND_ABSENT;
    let apiVersionOk = true;
    let hasAuditId = false;
    let hasStage = false;
    let hasContainerKey = false;
    this.skipWhitespace();
    if (this.pos < this.end && b[this.pos] === CLOSE_OBJECT) {
      this.pos++;
      this.notEventReason = 'empty object';
      return SCAN_NOT_EVENT;
    }
    for (;;) {
      this.skipWhitespace();
      if (!this.readKey()) return SCAN_NOT_JSON;
      const kb = this.strBytes;
      const ks = this.strStart;
      const kl = this.strEnd - ks;
      if (!this.expectColon()) return SCAN_NOT_JSON;
      const valueByte = b[this.pos];
      let handled = false;
      switch (kl) {
        case 4:
          if (eq(kb, ks, kl, K_KIND)) {
            handled = true;
            if (valueByte === QUOTE) {
              if (!this.readString()) return SCAN_NOT_JSON;
              kind = eqStr(this, V_EVENT) ? KIND_EVENT : eqStr(this, V_EVENT_LIST) ? KIND_LIST : KIND_OTHER;
            } else {
              kind = KIND_OTHER;
              if (!this.skipValue()) return SCAN_NOT_JSON;
            }
          } else if (eq(kb, ks, kl, K_VERB)) {
            handled = this.stringField(S_VERB);
          } else if (eq(kb, ks, kl, K_USER)) {
            handled = true;
            if (!this.userObject(false)) return SCAN_NOT_JSON;
          }
          break;
        case 5:
          if (eq(kb, ks, kl, K_LEVEL)) handled = this.stringField(S_LEVEL);
          else if (eq(kb, ks, kl, K_STAGE)) hasStage = handled = this.stringField(S_STAGE);
          else if (eq(kb, ks, kl, K_ITEMS)) hasContainerKey = valueByte === OPEN_ARRAY;
          break;
        case 7:
          if (eq(kb, ks, kl, K_AUDIT_ID)) hasAuditId = handled = this.stringField(S_AUDITID);
          else if (eq(kb, ks, kl, K_RECORDS)) hasContainerKey = valueByte === OPEN_ARRAY;
          break;
        case 9:
          if (eq(kb, ks, kl, K_SOURCE_IPS)) {
            handled = true;
            if (!this.stringArray(M_SOURCEIP)) return SCAN_NOT_JSON;
          } else if (eq(kb, ks, kl, K_USER_AGENT)) {
            handled = this.stringField(S_USERAGENT);
          } else if (eq(kb, ks, kl, K_OBJECT_REF)) {
            handled = true;
            if (!this.objectRef()) return SCAN_NOT_JSON;
          } else if (eq(kb, ks, kl, K_TIMESTAMP)) {
            handled = this.timeField(2);
          }
          break;
        case 10:
          if (eq(kb, ks, kl, K_REQUEST_URI)) handled = this.stringField(S_URI);
          else if (eq(kb, ks, kl, K_API_VERSION)) {
            if (valueByte === QUOTE) {
              handled = true;
              if (!this.readString()) return SCAN_NOT_JSON;
              apiVersionOk = startsWithStr(this, V_AUDIT_PREFIX);
            } else {
              apiVersionOk = false;
            }
          }
          break;
        case 11:
          if (eq(kb, ks, kl, K_ANNOTATIONS)) {
            handled = true;
            if (!this.annotations()) return SCAN_NOT_JSON;
          }
          break;
        case 14:
          if (eq(kb, ks, kl, K_STAGE_TIMESTAMP)) handled = this.timeField(0);
          else if (eq(kb, ks, kl, K_RESPONSE_STATUS)) {
            handled = true;
            if (!this.responseStatus()) return SCAN_NOT_JSON;
          }
          break;
        case 16:
          if (eq(kb, ks, kl, K_IMPERSONATED_USER)) {
            handled = true;
            if (!this.userObject(true)) return SCAN_NOT_JSON;
          }
          break;
        case 24:
          if (eq(kb, ks, kl, K_RECEIVED)) handled = this.timeField(1);
          break;
      }
      if (this.errorMessage !== '') return SCAN_NOT_JSON;
      if (!handled && !this.skipValue()) return SCAN_NOT_JSON;
      this.skipWhitespace();
      const next = b[this.pos];
      if (next === COMMA) {
        this.pos++;
        continue;
      }
      if (next === CLOSE_OBJECT) {
        this.pos++;
        break;
      }
      return this.fail(this.pos >= this.end ? 'unexpected end of line inside an object' : 'expected "," or "}"');
    }
    if (kind === KIND_LIST || (kind === KIND_ABSENT && hasContainerKey && !hasAuditId)) return SCAN_CONTAINER;
    if (kind === KIND_OTHER) {
      this.notEventReason = 'not an audit event (kind is not "Event")';
      return SCAN_NOT_EVENT;
    }
    if (!apiVersionOk) {
      this.notEventReason = 'not an audit event (apiVersion is not audit.k8s.io/*)';
      return SCAN_NOT_EVENT;
    }
    if (!hasAuditId && !hasStage) {
      this.notEventReason = 'not an audit event (no auditID or stage)';
      return SCAN_NOT_EVENT;
    }
    return SCAN_EVENT;
  }

  /** Reads `"key"` into strBytes/strStart/strEnd (the key may be copied to keyScratch when it had escapes). */
  private readKey(): boolean {
    if (this.b[this.pos] !== QUOTE) {
      this.fail(this.pos >= this.end ? 'unexpected end of line inside an object' : 'expected a quoted key');
      return false;
    }
    if (!this.readString()) return false;
    if (this.strBytes === this.scratch) {
      // Keep the key apart from the scratch buffer, which the value may reuse.
      const length = this.strEnd - this.strStart;
      if (length > this.keyScratch.length) this.keyScratch = new Uint8Array(length * 2);
      this.keyScratch.set(this.scratch.subarray(0, length));
      this.strBytes = this.keyScratch;
      this.strStart = 0;
      this.strEnd = length;
    }
    return true;
  }

  private expectColon(): boolean {
    this.skipWhitespace();
    if (this.b[this.pos] !== COLON) {
      this.fail('expected ":" after a key');
      return false;
    }
    this.pos++;
    this.skipWhitespace();
    if (this.pos >= this.end) {
      this.fail('unexpected end of line: missing value');
      return false;
    }
    return true;
  }

  /** A string value → the sink; non-string values are skipped (returns false so the caller skips them). */
  private stringField(column: number): boolean {
    if (this.b[this.pos] !== QUOTE) return false;
    if (!this.readString()) return true; // errorMessage is set
    this.sink.setString(column, this.strBytes, this.strStart, this.strEnd, this.strHash);
    return true;
  }

  private timeField(which: 0 | 1 | 2): boolean {
    if (this.b[this.pos] !== QUOTE) return false;
    if (!this.readString()) return true;
    const micros = parseTimestampBytes(this.strBytes, this.strStart, this.strEnd);
    if (which === 0) this.sink.setTime(micros);
    else if (which === 1) this.sink.setReceived(micros);
    else this.sink.setLegacyTimestamp(micros);
    return true;
  }

  /** Walks a nested object, handing each key to `nestedKey(which, …)`, which returns whether it consumed the value. */
  private walkObject(which: number): boolean {
    const b = this.b;
    if (b[this.pos] !== OPEN_OBJECT) return this.skipValue();
    this.pos++;
    this.skipWhitespace();
    if (b[this.pos] === CLOSE_OBJECT) {
      this.pos++;
      return true;
    }
    for (;;) {
      this.skipWhitespace();
      if (!this.readKey()) return false;
      const kb = this.strBytes;
      const ks = this.strStart;
      const kl = this.strEnd - ks;
      if (!this.expectColon()) return false;
      const consumed = this.nestedKey(which, kb, ks, kl);
      if (this.errorMessage !== '') return false;
      if (!consumed && !this.skipValue()) return false;
      this.skipWhitespace();
      const next = b[this.pos];
      if (next === COMMA) {
        this.pos++;
        continue;
      }
      if (next === CLOSE_OBJECT) {
        this.pos++;
        return true;
      }
      this.fail(this.pos >= this.end ? 'unexpected end of line inside an object' : 'expected "," or "}"');
      return false;
    }
  }

  private userObject(impersonated: boolean): boolean {
    return this.walkObject(impersonated ? W_IMPERSONATED : W_USER);
  }

  private objectRef(): boolean {
    return this.walkObject(W_OBJECT_REF);
  }

  private responseStatus(): boolean {
    return this.walkObject(W_RESPONSE_STATUS);
  }

  private annotations(): boolean {
    return this.walkObject(W_ANNOTATIONS);
  }

  private nestedKey(which: number, kb: Uint8Array, ks: number, kl: number): boolean {
    switch (which) {
      case W_USER:
      case W_IMPERSONATED:
        if (kl === 8 && eq(kb, ks, kl, K_USERNAME)) return this.stringField(which === W_USER ? S_USER : S_IMPERSONATED);
        if (which === W_USER && kl === 6 && eq(kb, ks, kl, K_GROUPS)) return this.stringArray(M_GROUP) || true;
        return false;
      case W_OBJECT_REF:
        return this.objectRefKey(kb, ks, kl);
      case W_RESPONSE_STATUS:
        return kl === 4 && eq(kb, ks, kl, K_CODE) && this.statusCode();
      default:
        if (kl === 29 && eq(kb, ks, kl, K_DECISION)) return this.stringField(S_DECISION);
        if (kl === 27 && eq(kb, ks, kl, K_REASON)) return this.stringField(S_REASON);
        return false;
    }
  }

  private objectRefKey(kb: Uint8Array, ks: number, kl: number): boolean {
    {
      switch (kl) {
        case 4:
          return eq(kb, ks, kl, K_NAME) && this.stringField(S_NAME);
        case 8:
          return (
            (eq(kb, ks, kl, K_RESOURCE) && this.stringField(S_RESOURCE)) ||
            (eq(kb, ks, kl, K_API_GROUP) && this.stringField(S_APIGROUP))
          );
        case 9:
          return eq(kb, ks, kl, K_NAMESPACE) && this.stringField(S_NS);
        case 10:
          return eq(kb, ks, kl, K_API_VERSION) && this.stringField(S_APIVERSION);
        case 11:
          return eq(kb, ks, kl, K_SUBRESOURCE) && this.stringField(S_SUBRESOURCE);
        default:
          return false;
      }
    }
  }

  /** An integer status code; anything else is left to be skipped as an ordinary value. */
  private statusCode(): boolean {
    {
      const b = this.b;
      let value = 0;
      let digits = 0;
      let p = this.pos;
      while (p < this.end && b[p] >= 48 && b[p] <= 57 && digits < 9) {
        value = value * 10 + (b[p] - 48);
        p++;
        digits++;
      }
      const after = b[p];
      if (digits === 0 || !(p >= this.end || isWhitespace(after) || after === COMMA || after === CLOSE_OBJECT)) {
        return false; // not a plain integer: skip it as an ordinary value
      }
      this.pos = p;
      this.sink.setCode(value);
      return true;
    }
  }

  /** An array of strings → multi-valued column; non-string elements are ignored. */
  private stringArray(column: number): boolean {
    const b = this.b;
    if (b[this.pos] !== OPEN_ARRAY) return this.skipValue();
    this.pos++;
    this.sink.clearMulti(column);
    this.skipWhitespace();
    if (b[this.pos] === CLOSE_ARRAY) {
      this.pos++;
      return true;
    }
    for (;;) {
      this.skipWhitespace();
      if (b[this.pos] === QUOTE) {
        if (!this.readString()) return false;
        this.sink.addMultiValue(column, this.strBytes, this.strStart, this.strEnd);
      } else if (!this.skipValue()) {
        return false;
      }
      this.skipWhitespace();
      const next = b[this.pos];
      if (next === COMMA) {
        this.pos++;
        continue;
      }
      if (next === CLOSE_ARRAY) {
        this.pos++;
        return true;
      }
      this.fail(this.pos >= this.end ? 'unexpected end of line inside an array' : 'expected "," or "]"');
      return false;
    }
  }

  /**
   * Reads a string at pos (which is a quote); its unescaped content ends up in strBytes[strStart, strEnd) and its
   * dictionary hash in strHash (computed in the same pass, so interning does not read the bytes twice).
   */
  private readString(): boolean {
    const b = this.b;
    const start = this.pos + 1;
    const end = this.end;
    let hash = 0x811c9dc5;
    for (let p = start; p < end; p++) {
      const c = b[p];
      if (c === QUOTE) {
        this.pos = p + 1;
        this.strBytes = b;
        this.strStart = start;
        this.strEnd = p;
        this.strHash = hash >>> 0;
        return true;
      }
      if (c === BACKSLASH) return this.readEscapedString(start);
      hash = Math.imul(hash ^ c, 0x01000193);
    }
    this.pos = end;
    this.fail('unterminated string');
    return false;
  }

  private readEscapedString(start: number): boolean {
    const b = this.b;
    let p = start;
    for (;;) {
      const quote = b.indexOf(QUOTE, p);
      if (quote < 0 || quote >= this.end) {
        this.pos = this.end;
        this.fail('unterminated string');
        return false;
      }
      let slashes = 0;
      for (let k = quote - 1; k >= start && b[k] === BACKSLASH; k--) slashes++;
      if ((slashes & 1) === 1) {
        p = quote + 1;
        continue;
      }
      this.pos = quote + 1;
      if (!this.unescape(start, quote)) return false;
      this.strHash = hashBytes(this.strBytes, this.strStart, this.strEnd);
      return true;
    }
  }

  private unescape(start: number, end: number): boolean {
    const b = this.b;
    if (this.scratch.length < (end - start) * 3) this.scratch = new Uint8Array((end - start) * 3 + 16);
    const out = this.scratch;
    let o = 0;
    for (let p = start; p < end; p++) {
      const c = b[p];
      if (c !== BACKSLASH) {
        out[o++] = c;
        continue;
      }
      const e = b[++p];
      switch (e) {
        case 34:
        case 92:
        case 47:
          out[o++] = e;
          break;
        case 98:
          out[o++] = 8;
          break;
        case 102:
          out[o++] = 12;
          break;
        case 110:
          out[o++] = 10;
          break;
        case 114:
          out[o++] = 13;
          break;
        case 116:
          out[o++] = 9;
          break;
        case 117: {
          let cp = hex4(b, p + 1, end);
          if (cp < 0) {
            this.pos = p - 1;
            this.fail('invalid \\u escape');
            return false;
          }
          p += 4;
          if (cp >= 0xd800 && cp <= 0xdbff && b[p + 1] === BACKSLASH && b[p + 2] === 117) {
            const low = hex4(b, p + 3, end);
            if (low >= 0xdc00 && low <= 0xdfff) {
              cp = 0x10000 + ((cp - 0xd800) << 10) + (low - 0xdc00);
              p += 6;
            }
          }
          if (cp >= 0xd800 && cp <= 0xdfff) cp = 0xfffd;
          o = writeUtf8(out, o, cp);
          break;
        }
        default:
          this.pos = p - 1;
          this.fail('invalid escape in a string');
          return false;
      }
    }
    this.strBytes = out;
    this.strStart = 0;
    this.strEnd = o;
    return true;
  }

  /** Skips any JSON value at pos, checking that brackets balance and strings terminate. */
  private skipValue(): boolean {
    const b = this.b;
    const end = this.end;
    const first = b[this.pos];
    if (first === QUOTE) return this.skipString();
    if (first !== OPEN_OBJECT && first !== OPEN_ARRAY) {
      // number, true, false, null: up to the next delimiter
      let p = this.pos;
      while (p < end) {
        const c = b[p];
        if (c === COMMA || c === CLOSE_OBJECT || c === CLOSE_ARRAY || isWhitespace(c)) break;
        if (c === QUOTE || c === OPEN_OBJECT || c === OPEN_ARRAY || c === COLON) {
          this.pos = p;
          this.fail('invalid value');
          return false;
        }
        p++;
      }
      if (p === this.pos) {
        this.fail('missing value');
        return false;
      }
      if (!validLiteral(b, this.pos, p)) {
        this.fail('invalid value');
        return false;
      }
      this.pos = p;
      return true;
    }
    const stack = this.depthStack;
    let depth = 0;
    let p = this.pos;
    while (p < end) {
      const c = b[p];
      if (c === QUOTE) {
        this.pos = p;
        if (!this.skipString()) return false;
        p = this.pos;
        continue;
      }
      if (c === OPEN_OBJECT || c === OPEN_ARRAY) {
        if (depth >= stack.length) {
          this.pos = p;
          this.fail('nesting too deep');
          return false;
        }
        stack[depth++] = c;
      } else if (c === CLOSE_OBJECT || c === CLOSE_ARRAY) {
        if (depth === 0 || stack[depth - 1] !== c - 2) {
          this.pos = p;
          this.fail(`unexpected "${String.fromCharCode(c)}"`);
          return false;
        }
        depth--;
        if (depth === 0) {
          this.pos = p + 1;
          return true;
        }
      }
      p++;
    }
    this.pos = end;
    this.fail('unexpected end of line inside a value');
    return false;
  }

  private skipString(): boolean {
    const b = this.b;
    const start = this.pos + 1;
    let p = start;
    for (;;) {
      const quote = b.indexOf(QUOTE, p);
      if (quote < 0 || quote >= this.end) {
        this.pos = this.end;
        this.fail('unterminated string');
        return false;
      }
      let slashes = 0;
      let k = quote - 1;
      while (k >= start && b[k] === BACKSLASH) {
        slashes++;
        k--;
      }
      if ((slashes & 1) === 0) {
        this.pos = quote + 1;
        return true;
      }
      p = quote + 1;
    }
  }

  /** Resets the error state before scanning the next value. */
  reset(): void {
    this.errorMessage = '';
    this.errorPosition = 0;
    this.notEventReason = '';
  }
}

function eq(bytes: Uint8Array, start: number, length: number, key: Uint8Array): boolean {
  if (length !== key.length) return false;
  for (let i = 0; i < length; i++) if (bytes[start + i] !== key[i]) return false;
  return true;
}

function eqStr(scanner: JsonEventScanner, value: Uint8Array): boolean {
  const s = scanner as unknown as { strBytes: Uint8Array; strStart: number; strEnd: number };
  return eq(s.strBytes, s.strStart, s.strEnd - s.strStart, value);
}

function startsWithStr(scanner: JsonEventScanner, prefix: Uint8Array): boolean {
  const s = scanner as unknown as { strBytes: Uint8Array; strStart: number; strEnd: number };
  if (s.strEnd - s.strStart < prefix.length) return false;
  return eq(s.strBytes, s.strStart, prefix.length, prefix);
}

function hex4(bytes: Uint8Array, start: number, end: number): number {
  if (start + 4 > end) return -1;
  let value = 0;
  for (let i = start; i < start + 4; i++) {
    const c = bytes[i];
    const digit = c >= 48 && c <= 57 ? c - 48 : c >= 97 && c <= 102 ? c - 87 : c >= 65 && c <= 70 ? c - 55 : -1;
    if (digit < 0) return -1;
    value = value * 16 + digit;
  }
  return value;
}

function writeUtf8(out: Uint8Array, o: number, cp: number): number {
  if (cp < 0x80) out[o++] = cp;
  else if (cp < 0x800) {
    out[o++] = 0xc0 | (cp >> 6);
    out[o++] = 0x80 | (cp & 0x3f);
  } else if (cp < 0x10000) {
    out[o++] = 0xe0 | (cp >> 12);
    out[o++] = 0x80 | ((cp >> 6) & 0x3f);
    out[o++] = 0x80 | (cp & 0x3f);
  } else {
    out[o++] = 0xf0 | (cp >> 18);
    out[o++] = 0x80 | ((cp >> 12) & 0x3f);
    out[o++] = 0x80 | ((cp >> 6) & 0x3f);
    out[o++] = 0x80 | (cp & 0x3f);
  }
  return o;
}

const LITERAL_TRUE = bytesOf('true');
const LITERAL_FALSE = bytesOf('false');
const LITERAL_NULL = bytesOf('null');

function validLiteral(bytes: Uint8Array, start: number, end: number): boolean {
  const length = end - start;
  const first = bytes[start];
  if (first === 116) return eq(bytes, start, length, LITERAL_TRUE);
  if (first === 102) return eq(bytes, start, length, LITERAL_FALSE);
  if (first === 110) return eq(bytes, start, length, LITERAL_NULL);
  // JSON number: -?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?
  let p = start;
  if (bytes[p] === 45) p++;
  if (p >= end) return false;
  if (bytes[p] === 48) p++;
  else if (bytes[p] >= 49 && bytes[p] <= 57) while (p < end && bytes[p] >= 48 && bytes[p] <= 57) p++;
  else return false;
  if (p < end && bytes[p] === 46) {
    p++;
    const digitsStart = p;
    while (p < end && bytes[p] >= 48 && bytes[p] <= 57) p++;
    if (p === digitsStart) return false;
  }
  if (p < end && (bytes[p] === 101 || bytes[p] === 69)) {
    p++;
    if (bytes[p] === 43 || bytes[p] === 45) p++;
    const digitsStart = p;
    while (p < end && bytes[p] >= 48 && bytes[p] <= 57) p++;
    if (p === digitsStart) return false;
  }
  return p === end;
}
