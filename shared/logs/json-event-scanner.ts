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
  MULTI_COLUMNS,
  STRING_COLUMNS,
  type ColumnSelection,
} from './event-schema.ts';
import type { EventSink } from './segment-builder.ts';
import type { LineAccelerator } from './fast-scanner-client.ts';
import { equalBytes, finishHash, HASH_SEED, hashView, mixByte, mixWord, viewOf } from './byte-dictionary.ts';
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

/** A key or value the scanner compares against, with a view for word-wise compares. */
interface Known {
  bytes: Uint8Array;
  view: DataView;
  length: number;
}

function known(text: string): Known {
  const bytes = bytesOf(text);
  return { bytes, view: viewOf(bytes), length: bytes.length };
}

// Word-at-a-time search: a 32-bit word holds a quote or a backslash when one of its bytes XORed with that byte is 0.
const QUOTES = 0x22222222;
const BACKSLASHES = 0x5c5c5c5c;
const ONES = 0x01010101;
const HIGHS = 0x80808080 | 0;

function hasQuoteOrBackslash(word: number): boolean {
  const q = word ^ QUOTES;
  const s = word ^ BACKSLASHES;
  return ((((q - ONES) & ~q) | ((s - ONES) & ~s)) & HIGHS) !== 0;
}

const K_KIND = known('kind');
const K_API_VERSION = known('apiVersion');
const K_LEVEL = known('level');
const K_AUDIT_ID = known('auditID');
const K_STAGE = known('stage');
const K_REQUEST_URI = known('requestURI');
const K_VERB = known('verb');
const K_USER = known('user');
const K_IMPERSONATED_USER = known('impersonatedUser');
const K_SOURCE_IPS = known('sourceIPs');
const K_USER_AGENT = known('userAgent');
const K_OBJECT_REF = known('objectRef');
const K_RESPONSE_STATUS = known('responseStatus');
const K_RECEIVED = known('requestReceivedTimestamp');
const K_STAGE_TIMESTAMP = known('stageTimestamp');
const K_TIMESTAMP = known('timestamp');
const K_ANNOTATIONS = known('annotations');
const K_USERNAME = known('username');
const K_GROUPS = known('groups');
const K_RESOURCE = known('resource');
const K_NAMESPACE = known('namespace');
const K_NAME = known('name');
const K_API_GROUP = known('apiGroup');
const K_SUBRESOURCE = known('subresource');
const K_CODE = known('code');
const K_DECISION = known('authorization.k8s.io/decision');
const K_REASON = known('authorization.k8s.io/reason');
const K_ITEMS = known('items');
const K_RECORDS = known('records');
const V_EVENT = known('Event');
const V_EVENT_LIST = known('EventList');
const V_AUDIT_PREFIX = known('audit.k8s.io/');

/** `"key":` as the API server writes it. */
function keyPattern(name: string): Known {
  return known(`"${name}":`);
}

// Top-level keys in Go field order of audit.k8s.io/v1 Event; ids index this list.
const TOP_ORDER_NAMES = [
  'kind',
  'apiVersion',
  'level',
  'auditID',
  'stage',
  'requestURI',
  'verb',
  'user',
  'impersonatedUser',
  'sourceIPs',
  'userAgent',
  'objectRef',
  'responseStatus',
  'requestObject',
  'responseObject',
  'requestReceivedTimestamp',
  'stageTimestamp',
  'annotations',
];
const TOP_ORDER = TOP_ORDER_NAMES.map(keyPattern);
const K_ID_KIND = 0;
const K_ID_API_VERSION = 1;
const K_ID_LEVEL = 2;
const K_ID_AUDIT_ID = 3;
const K_ID_STAGE = 4;
const K_ID_REQUEST_URI = 5;
const K_ID_VERB = 6;
const K_ID_USER = 7;
const K_ID_IMPERSONATED_USER = 8;
const K_ID_SOURCE_IPS = 9;
const K_ID_USER_AGENT = 10;
const K_ID_OBJECT_REF = 11;
const K_ID_RESPONSE_STATUS = 12;
const K_ID_RECEIVED = 15;
const K_ID_STAGE_TIMESTAMP = 16;
const K_ID_ANNOTATIONS = 17;
// Keys outside the v1 order: v1beta1 `timestamp`, and the array keys of containers.
const K_ID_TIMESTAMP = 18;
const K_ID_ITEMS = 19;
const K_ID_RECORDS = 20;
const K_UNKNOWN = 21;

/** The id of a top-level key read generically (any order, escapes), or K_UNKNOWN. */
function topKeyId(kb: Uint8Array, kv: DataView, ks: number, kl: number): number {
  switch (kl) {
    case 4:
      return eq(kb, kv, ks, kl, K_KIND)
        ? K_ID_KIND
        : eq(kb, kv, ks, kl, K_VERB)
          ? K_ID_VERB
          : eq(kb, kv, ks, kl, K_USER)
            ? K_ID_USER
            : K_UNKNOWN;
    case 5:
      return eq(kb, kv, ks, kl, K_LEVEL)
        ? K_ID_LEVEL
        : eq(kb, kv, ks, kl, K_STAGE)
          ? K_ID_STAGE
          : eq(kb, kv, ks, kl, K_ITEMS)
            ? K_ID_ITEMS
            : K_UNKNOWN;
    case 7:
      return eq(kb, kv, ks, kl, K_AUDIT_ID) ? K_ID_AUDIT_ID : eq(kb, kv, ks, kl, K_RECORDS) ? K_ID_RECORDS : K_UNKNOWN;
    case 9:
      return eq(kb, kv, ks, kl, K_SOURCE_IPS)
        ? K_ID_SOURCE_IPS
        : eq(kb, kv, ks, kl, K_USER_AGENT)
          ? K_ID_USER_AGENT
          : eq(kb, kv, ks, kl, K_OBJECT_REF)
            ? K_ID_OBJECT_REF
            : eq(kb, kv, ks, kl, K_TIMESTAMP)
              ? K_ID_TIMESTAMP
              : K_UNKNOWN;
    case 10:
      return eq(kb, kv, ks, kl, K_REQUEST_URI)
        ? K_ID_REQUEST_URI
        : eq(kb, kv, ks, kl, K_API_VERSION)
          ? K_ID_API_VERSION
          : K_UNKNOWN;
    case 11:
      return eq(kb, kv, ks, kl, K_ANNOTATIONS) ? K_ID_ANNOTATIONS : K_UNKNOWN;
    case 14:
      return eq(kb, kv, ks, kl, K_STAGE_TIMESTAMP)
        ? K_ID_STAGE_TIMESTAMP
        : eq(kb, kv, ks, kl, K_RESPONSE_STATUS)
          ? K_ID_RESPONSE_STATUS
          : K_UNKNOWN;
    case 16:
      return eq(kb, kv, ks, kl, K_IMPERSONATED_USER) ? K_ID_IMPERSONATED_USER : K_UNKNOWN;
    case 24:
      return eq(kb, kv, ks, kl, K_RECEIVED) ? K_ID_RECEIVED : K_UNKNOWN;
    default:
      return K_UNKNOWN;
  }
}

const W_USER = 0;
const W_IMPERSONATED = 1;
const W_OBJECT_REF = 2;
const W_RESPONSE_STATUS = 3;
const W_ANNOTATIONS = 4;

// Keys of the nested objects in Go field order (annotations: sorted map keys), tried as `"key":` before a generic
// key read, like the top-level keys. Indexed by W_*.
const NESTED_ORDER = [
  ['username', 'uid', 'groups', 'extra'],
  ['username', 'uid', 'groups', 'extra'],
  ['resource', 'namespace', 'name', 'uid', 'apiGroup', 'apiVersion', 'resourceVersion', 'subresource'],
  ['metadata', 'status', 'message', 'reason', 'details', 'code'],
  ['authorization.k8s.io/decision', 'authorization.k8s.io/reason'],
].map((names) => names.map(keyPattern));

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
  private view: DataView = viewOf(this.b);
  private end = 0;
  private pos = 0;
  // The last string read: [strStart, strEnd) in strBytes (the input, or the scratch buffer when it had escapes).
  private strBytes: Uint8Array = new Uint8Array(0);
  private strView: DataView = viewOf(this.strBytes);
  private strStart = 0;
  private strEnd = 0;
  private strHash = 0;
  /** The last string read by readString() was all ASCII (so it needs no UTF-8 validation). */
  private strAscii = false;
  private scratch: Uint8Array = new Uint8Array(1024);
  private scratchView = viewOf(this.scratch);
  private keyScratch = new Uint8Array(256);
  private depthStack = new Uint8Array(1024);
  // What the top-level keys said about the object being scanned.
  private kind = KIND_ABSENT;
  private apiVersionOk = true;
  private hasAuditId = false;
  private hasStage = false;
  private hasContainerKey = false;
  errorPosition = 0;
  errorMessage = '';
  /** Set by a SCAN_NOT_EVENT result: why the object is not an audit event. */
  notEventReason = '';
  private sink!: EventSink;
  /** wantString[column] / wantMulti[column] = 0: the field is not indexed (a one-shot query does not need it). */
  private wantString = new Uint8Array(STRING_COLUMNS.length).fill(1);
  private wantMulti = new Uint8Array(MULTI_COLUMNS.length).fill(1);
  // Nested objects none of whose fields are wanted are skipped whole (cheaper than walking their keys).
  private wantUser = true;
  private wantImpersonated = true;
  private wantObjectRef = true;
  private wantAnnotations = true;
  private wantTimes = true;
  private lineAccelerator: LineAccelerator | undefined;
  private columns: ColumnSelection | undefined;

  /**
   * A fast path for JSON lines held in accelerator.bytes (ingestLines uses it); it must fill the sink exactly as this
   * scanner would, and leave it every line it cannot decide alone. It follows setColumns().
   */
  setAccelerator(accelerator: LineAccelerator | undefined): void {
    this.lineAccelerator = accelerator;
    accelerator?.configure(this.columns);
  }

  get accelerator(): LineAccelerator | undefined {
    return this.lineAccelerator;
  }

  /** Which columns to fill; the rest are left absent and their values only skipped. Undefined: all of them. */
  setColumns(columns: ColumnSelection | undefined): void {
    this.columns = columns;
    this.lineAccelerator?.configure(columns);
    this.wantString.fill(columns ? 0 : 1);
    this.wantMulti.fill(columns ? 0 : 1);
    this.wantUser = this.wantImpersonated = this.wantObjectRef = this.wantAnnotations = !columns;
    this.wantTimes = columns?.times ?? true;
    if (!columns) return;
    for (const column of columns.strings) this.wantString[column] = 1;
    for (const column of columns.multis) this.wantMulti[column] = 1;
    const want = this.wantString;
    this.wantUser = want[S_USER] === 1 || this.wantMulti[M_GROUP] === 1;
    this.wantImpersonated = want[S_IMPERSONATED] === 1;
    this.wantObjectRef = [S_NS, S_RESOURCE, S_SUBRESOURCE, S_NAME, S_APIGROUP, S_APIVERSION].some((c) => want[c] === 1);
    this.wantAnnotations = want[S_DECISION] === 1 || want[S_REASON] === 1;
  }

  /** Scans bytes[start, end), which must hold exactly one JSON value (surrounding whitespace allowed). */
  scan(bytes: Uint8Array, start: number, end: number, sink: EventSink): number {
    if (bytes !== this.b) {
      this.b = bytes;
      this.view = viewOf(bytes);
    }
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

  /** The byte at pos, or -1 past the end: bytes after `end` belong to other lines and must not be read. */
  private peek(): number {
    return this.pos < this.end ? this.b[this.pos] : -1;
  }

  private skipWhitespace(): void {
    const b = this.b;
    while (this.pos < this.end && isWhitespace(b[this.pos])) this.pos++;
  }

  private scanEventObject(): number {
    const b = this.b;
    this.pos++; // {
    this.kind = KIND_ABSENT;
    this.apiVersionOk = true;
    this.hasAuditId = false;
    this.hasStage = false;
    this.hasContainerKey = false;
    this.skipWhitespace();
    if (this.pos < this.end && b[this.pos] === CLOSE_OBJECT) {
      this.pos++;
      this.notEventReason = 'empty object';
      return SCAN_NOT_EVENT;
    }
    let expect = 0;
    for (;;) {
      this.skipWhitespace();
      // Fast path: the API server writes keys in Go field order, as "key": without spaces. Try the next few keys
      // of that order (omitempty drops absent ones: a RequestReceived event jumps from objectRef over
      // responseStatus, requestObject and responseObject) before reading the key generically.
      let id = -1;
      const last = Math.min(expect + 5, TOP_ORDER.length);
      for (let k = expect; k < last; k++) {
        const key = TOP_ORDER[k];
        if (
          this.pos + key.length <= this.end &&
          equalBytes(b, this.view, this.pos, key.bytes, key.view, 0, key.length)
        ) {
          id = k;
          this.pos += key.length;
          break;
        }
      }
      if (id >= 0) {
        this.skipWhitespace();
        if (this.pos >= this.end) return this.fail('unexpected end of line: missing value');
      } else {
        if (!this.readKey()) return SCAN_NOT_JSON;
        id = topKeyId(this.strBytes, this.strView, this.strStart, this.strEnd - this.strStart);
        if (!this.expectColon()) return SCAN_NOT_JSON;
      }
      if (id < TOP_ORDER.length) expect = id + 1;
      const handled = id === K_UNKNOWN ? false : this.topValue(id, b[this.pos]);
      if (this.errorMessage !== '') return SCAN_NOT_JSON;
      if (!handled && !this.skipValue()) return SCAN_NOT_JSON;
      this.skipWhitespace();
      const next = this.peek();
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
    const kind = this.kind;
    if (kind === KIND_LIST || (kind === KIND_ABSENT && this.hasContainerKey && !this.hasAuditId)) return SCAN_CONTAINER;
    if (kind === KIND_OTHER) {
      this.notEventReason = 'not an audit event (kind is not "Event")';
      return SCAN_NOT_EVENT;
    }
    if (!this.apiVersionOk) {
      this.notEventReason = 'not an audit event (apiVersion is not audit.k8s.io/*)';
      return SCAN_NOT_EVENT;
    }
    if (!this.hasAuditId && !this.hasStage) {
      this.notEventReason = 'not an audit event (no auditID or stage)';
      return SCAN_NOT_EVENT;
    }
    return SCAN_EVENT;
  }

  /** The value of a known top-level key at pos; false leaves it to be skipped. Errors set errorMessage. */
  private topValue(id: number, valueByte: number): boolean {
    switch (id) {
      case K_ID_KIND:
        if (valueByte === QUOTE) {
          if (!this.readUnhashedString()) return true;
          this.kind = eqStr(this, V_EVENT) ? KIND_EVENT : eqStr(this, V_EVENT_LIST) ? KIND_LIST : KIND_OTHER;
          return true;
        }
        this.kind = KIND_OTHER;
        return false;
      case K_ID_API_VERSION:
        if (valueByte !== QUOTE) {
          this.apiVersionOk = false;
          return false;
        }
        if (!this.readUnhashedString()) return true;
        this.apiVersionOk = startsWithStr(this, V_AUDIT_PREFIX);
        return true;
      case K_ID_LEVEL:
        return this.stringField(S_LEVEL);
      case K_ID_AUDIT_ID:
        return (this.hasAuditId = this.stringField(S_AUDITID));
      case K_ID_STAGE:
        return (this.hasStage = this.stringField(S_STAGE));
      case K_ID_REQUEST_URI:
        return this.stringField(S_URI);
      case K_ID_VERB:
        return this.stringField(S_VERB);
      case K_ID_USER:
        if (!this.wantUser) return false;
        this.userObject(false);
        return true;
      case K_ID_IMPERSONATED_USER:
        if (!this.wantImpersonated) return false;
        this.userObject(true);
        return true;
      case K_ID_SOURCE_IPS:
        this.stringArray(M_SOURCEIP);
        return true;
      case K_ID_USER_AGENT:
        return this.stringField(S_USERAGENT);
      case K_ID_OBJECT_REF:
        if (!this.wantObjectRef) return false;
        this.objectRef();
        return true;
      case K_ID_RESPONSE_STATUS:
        this.responseStatus();
        return true;
      case K_ID_RECEIVED:
        return this.timeField(1);
      case K_ID_STAGE_TIMESTAMP:
        return this.timeField(0);
      case K_ID_ANNOTATIONS:
        if (!this.wantAnnotations) return false;
        this.annotations();
        return true;
      case K_ID_TIMESTAMP:
        return this.timeField(2);
      case K_ID_ITEMS:
      case K_ID_RECORDS:
        this.hasContainerKey = valueByte === OPEN_ARRAY;
        return false;
      default:
        return false;
    }
  }

  /** Reads `"key"` into strBytes/strStart/strEnd (the key may be copied to keyScratch when it had escapes). */
  private readKey(): boolean {
    if (this.peek() !== QUOTE) {
      this.fail(this.pos >= this.end ? 'unexpected end of line inside an object' : 'expected a quoted key');
      return false;
    }
    if (!this.readUnhashedString()) return false;
    if (this.strBytes === this.scratch) {
      // Keep the key apart from the scratch buffer, which the value may reuse.
      const length = this.strEnd - this.strStart;
      if (length > this.keyScratch.length) this.keyScratch = new Uint8Array(length * 2);
      this.keyScratch.set(this.scratch.subarray(0, length));
      this.strBytes = this.keyScratch;
      this.strView = viewOf(this.keyScratch);
      this.strStart = 0;
      this.strEnd = length;
    }
    return true;
  }

  private expectColon(): boolean {
    this.skipWhitespace();
    if (this.peek() !== COLON) {
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
    if (this.wantString[column] === 0) {
      this.skipString(); // errorMessage is set when it fails
      return true;
    }
    if (!this.readString()) return true; // errorMessage is set
    this.sink.setString(column, this.strBytes, this.strStart, this.strEnd, this.strHash, this.strView, this.strAscii);
    return true;
  }

  private timeField(which: 0 | 1 | 2): boolean {
    if (this.b[this.pos] !== QUOTE) return false;
    if (!this.wantTimes) {
      this.skipString(); // errorMessage is set when it fails
      return true;
    }
    if (!this.readUnhashedString()) return true;
    const micros = parseTimestampBytes(this.strBytes, this.strStart, this.strEnd, this.strView);
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
    if (this.peek() === CLOSE_OBJECT) {
      this.pos++;
      return true;
    }
    const order = NESTED_ORDER[which];
    let expect = 0;
    for (;;) {
      this.skipWhitespace();
      let kb: Uint8Array;
      let kv: DataView;
      let ks: number;
      let kl: number;
      let matched = -1;
      const last = Math.min(expect + 4, order.length);
      for (let k = expect; k < last; k++) {
        const key = order[k];
        if (
          this.pos + key.length <= this.end &&
          equalBytes(b, this.view, this.pos, key.bytes, key.view, 0, key.length)
        ) {
          matched = k;
          break;
        }
      }
      if (matched >= 0) {
        // The pattern is `"key":`; the key itself is bytes [1, length - 2) of it.
        const key = order[matched];
        expect = matched + 1;
        kb = key.bytes;
        kv = key.view;
        ks = 1;
        kl = key.length - 3;
        this.pos += key.length;
        this.skipWhitespace();
        if (this.pos >= this.end) {
          this.fail('unexpected end of line: missing value');
          return false;
        }
      } else {
        if (!this.readKey()) return false;
        kb = this.strBytes;
        kv = this.strView;
        ks = this.strStart;
        kl = this.strEnd - ks;
        if (!this.expectColon()) return false;
      }
      const consumed = this.nestedKey(which, kb, kv, ks, kl);
      if (this.errorMessage !== '') return false;
      if (!consumed && !this.skipValue()) return false;
      this.skipWhitespace();
      const next = this.peek();
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

  private nestedKey(which: number, kb: Uint8Array, kv: DataView, ks: number, kl: number): boolean {
    switch (which) {
      case W_USER:
      case W_IMPERSONATED:
        if (kl === 8 && eq(kb, kv, ks, kl, K_USERNAME))
          return this.stringField(which === W_USER ? S_USER : S_IMPERSONATED);
        if (which === W_USER && kl === 6 && eq(kb, kv, ks, kl, K_GROUPS)) return this.stringArray(M_GROUP) || true;
        return false;
      case W_OBJECT_REF:
        return this.objectRefKey(kb, kv, ks, kl);
      case W_RESPONSE_STATUS:
        return kl === 4 && eq(kb, kv, ks, kl, K_CODE) && this.statusCode();
      default:
        if (kl === 29 && eq(kb, kv, ks, kl, K_DECISION)) return this.stringField(S_DECISION);
        if (kl === 27 && eq(kb, kv, ks, kl, K_REASON)) return this.stringField(S_REASON);
        return false;
    }
  }

  private objectRefKey(kb: Uint8Array, kv: DataView, ks: number, kl: number): boolean {
    {
      switch (kl) {
        case 4:
          return eq(kb, kv, ks, kl, K_NAME) && this.stringField(S_NAME);
        case 8:
          return (
            (eq(kb, kv, ks, kl, K_RESOURCE) && this.stringField(S_RESOURCE)) ||
            (eq(kb, kv, ks, kl, K_API_GROUP) && this.stringField(S_APIGROUP))
          );
        case 9:
          return eq(kb, kv, ks, kl, K_NAMESPACE) && this.stringField(S_NS);
        case 10:
          return eq(kb, kv, ks, kl, K_API_VERSION) && this.stringField(S_APIVERSION);
        case 11:
          return eq(kb, kv, ks, kl, K_SUBRESOURCE) && this.stringField(S_SUBRESOURCE);
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
    if (b[this.pos] !== OPEN_ARRAY || this.wantMulti[column] === 0) return this.skipValue();
    this.pos++;
    this.sink.clearMulti(column);
    this.skipWhitespace();
    if (this.peek() === CLOSE_ARRAY) {
      this.pos++;
      return true;
    }
    for (;;) {
      this.skipWhitespace();
      if (this.peek() === QUOTE) {
        if (!this.readUnhashedString()) return false;
        this.sink.addMultiValue(column, this.strBytes, this.strStart, this.strEnd, this.strView);
      } else if (!this.skipValue()) {
        return false;
      }
      this.skipWhitespace();
      const next = this.peek();
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
   * dictionary hash in strHash, computed 4 bytes at a time in the same pass that finds the closing quote.
   */
  private readString(): boolean {
    const b = this.b;
    const view = this.view;
    const start = this.pos + 1;
    const end = this.end;
    let hash = HASH_SEED;
    let bits = 0; // OR of all bytes: high bits set means non-ASCII
    let p = start;
    // Whole words before the first quote or backslash; the word that holds one is finished byte by byte below.
    while (p + 4 <= end) {
      const word = view.getInt32(p, true);
      if (hasQuoteOrBackslash(word)) break;
      hash = mixWord(hash, word);
      bits |= word;
      p += 4;
    }
    for (; p < end; p++) {
      const c = b[p];
      if (c === QUOTE) {
        this.pos = p + 1;
        this.strBytes = b;
        this.strView = view;
        this.strStart = start;
        this.strEnd = p;
        this.strHash = finishHash(hash, p - start);
        this.strAscii = (bits & HIGHS) === 0;
        return true;
      }
      if (c === BACKSLASH) return this.readEscapedString(start);
      hash = mixByte(hash, c);
      bits |= c;
    }
    this.pos = end;
    this.fail('unterminated string');
    return false;
  }

  /** readString() for keys and timestamps, whose hash is never used: only looks for the closing quote. */
  private readUnhashedString(): boolean {
    const view = this.view;
    const start = this.pos + 1;
    const end = this.end;
    let p = start;
    while (p + 4 <= end && !hasQuoteOrBackslash(view.getInt32(p, true))) p += 4;
    const b = this.b;
    for (; p < end; p++) {
      const c = b[p];
      if (c === QUOTE) {
        this.pos = p + 1;
        this.strBytes = b;
        this.strView = view;
        this.strStart = start;
        this.strEnd = p;
        return true;
      }
      if (c === BACKSLASH) return this.readEscapedString(start);
    }
    this.pos = end;
    this.fail('unterminated string');
    return false;
  }

  /** A string with escapes: unescaped into the scratch buffer in one pass up to the closing quote. */
  private readEscapedString(start: number): boolean {
    const b = this.b;
    const end = this.end;
    const view = this.view;
    let out = this.scratch;
    let outView = this.scratchView;
    let o = 0;
    let p = start;
    for (;;) {
      if (o + 4 > out.length) {
        out = this.growScratch(o);
        outView = this.scratchView;
      }
      // Whole words without a quote or backslash are copied as they are.
      while (p + 4 <= end && o + 4 <= out.length) {
        const word = view.getInt32(p, true);
        if (hasQuoteOrBackslash(word)) break;
        outView.setInt32(o, word, true);
        p += 4;
        o += 4;
      }
      if (o + 4 > out.length) continue;
      if (p >= end) {
        this.pos = end;
        this.fail('unterminated string');
        return false;
      }
      const c = b[p];
      if (c === QUOTE) break;
      if (c !== BACKSLASH) {
        out[o++] = c;
        p++;
        continue;
      }
      if (p + 1 >= end) {
        this.pos = end;
        this.fail('unterminated string');
        return false;
      }
      const e = b[p + 1];
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
          let cp = hex4(b, p + 2, end);
          if (cp < 0) return this.failInString(start, p, 'invalid \\u escape');
          p += 4;
          if (cp >= 0xd800 && cp <= 0xdbff && b[p + 2] === BACKSLASH && b[p + 3] === 117) {
            const low = hex4(b, p + 4, end);
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
          return this.failInString(start, p, 'invalid escape in a string');
      }
      p += 2;
    }
    this.pos = p + 1;
    this.strBytes = out;
    this.strView = this.scratchView;
    this.strStart = 0;
    this.strEnd = o;
    this.strHash = hashView(out, this.scratchView, 0, o);
    this.strAscii = false;
    return true;
  }

  /** A bad escape at `at`; a string that never ends is reported as that instead. */
  private failInString(start: number, at: number, message: string): false {
    this.pos = start - 1;
    if (!this.skipString()) return false; // 'unterminated string'
    this.pos = at;
    this.fail(message);
    return false;
  }

  private growScratch(used: number): Uint8Array {
    const bigger = new Uint8Array(this.scratch.length * 2);
    bigger.set(this.scratch.subarray(0, used));
    this.scratch = bigger;
    this.scratchView = viewOf(bigger);
    return bigger;
  }

  /** Skips any JSON value at pos, checking that brackets balance and strings terminate. */
  private skipValue(): boolean {
    const b = this.b;
    const end = this.end;
    const first = this.peek();
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
    const view = this.view;
    const end = this.end;
    let p = this.pos + 1;
    for (;;) {
      while (p + 4 <= end && !hasQuoteOrBackslash(view.getInt32(p, true))) p += 4;
      // The word with a quote or backslash (or the last bytes): byte by byte, then back to words.
      const stop = Math.min(p + 4, end);
      while (p < stop) {
        const c = b[p];
        if (c === QUOTE) {
          this.pos = p + 1;
          return true;
        }
        p += c === BACKSLASH ? 2 : 1;
      }
      if (p >= end) {
        this.pos = end;
        this.fail('unterminated string');
        return false;
      }
    }
  }

  /** Resets the error state before scanning the next value. */
  reset(): void {
    this.errorMessage = '';
    this.errorPosition = 0;
    this.notEventReason = '';
  }
}

function eq(bytes: Uint8Array, view: DataView, start: number, length: number, key: Known): boolean {
  return length === key.length && equalBytes(bytes, view, start, key.bytes, key.view, 0, length);
}

function eqRaw(bytes: Uint8Array, start: number, length: number, key: Uint8Array): boolean {
  if (length !== key.length) return false;
  for (let i = 0; i < length; i++) if (bytes[start + i] !== key[i]) return false;
  return true;
}

function eqStr(scanner: JsonEventScanner, value: Known): boolean {
  const s = scanner as unknown as { strBytes: Uint8Array; strView: DataView; strStart: number; strEnd: number };
  return eq(s.strBytes, s.strView, s.strStart, s.strEnd - s.strStart, value);
}

function startsWithStr(scanner: JsonEventScanner, prefix: Known): boolean {
  const s = scanner as unknown as { strBytes: Uint8Array; strView: DataView; strStart: number; strEnd: number };
  if (s.strEnd - s.strStart < prefix.length) return false;
  return eq(s.strBytes, s.strView, s.strStart, prefix.length, prefix);
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
  if (first === 116) return eqRaw(bytes, start, length, LITERAL_TRUE);
  if (first === 102) return eqRaw(bytes, start, length, LITERAL_FALSE);
  if (first === 110) return eqRaw(bytes, start, length, LITERAL_NULL);
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
