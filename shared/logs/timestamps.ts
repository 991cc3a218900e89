// RFC 3339 timestamps <-> microseconds since the Unix epoch (audit MicroTime has 6 fractional digits; the legacy
// format has 9, which are truncated). Microseconds fit a float64 exactly, so times compare and subtract exactly.

const DIGIT_0 = 48;

function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146097 + dayOfEra - 719468;
}

/** Reads the character codes of a timestamp through `at`, so bytes and strings share one parser. */
function parseWith(at: (index: number) => number, start: number, end: number): number {
  const length = end - start;
  if (length < 19) return NaN;
  const num = (index: number, count: number): number => {
    let value = 0;
    for (let k = 0; k < count; k++) {
      const digit = at(index + k) - DIGIT_0;
      if (digit < 0 || digit > 9) return -1;
      value = value * 10 + digit;
    }
    return value;
  };
  const year = num(start, 4);
  const month = num(start + 5, 2);
  const day = num(start + 8, 2);
  const hour = num(start + 11, 2);
  const minute = num(start + 14, 2);
  const second = num(start + 17, 2);
  const sep = at(start + 10);
  if (
    year < 0 ||
    month < 1 ||
    month > 12 ||
    day < 1 ||
    day > 31 ||
    hour < 0 ||
    hour > 23 ||
    minute < 0 ||
    minute > 59 ||
    second < 0 ||
    second > 60 ||
    at(start + 4) !== 45 ||
    at(start + 7) !== 45 ||
    (sep !== 84 && sep !== 116 && sep !== 32) ||
    at(start + 13) !== 58 ||
    at(start + 16) !== 58
  ) {
    return NaN;
  }
  let index = start + 19;
  let micros = 0;
  if (index < end && at(index) === 46) {
    index++;
    let digits = 0;
    while (index < end) {
      const digit = at(index) - DIGIT_0;
      if (digit < 0 || digit > 9) break;
      if (digits < 6) micros = micros * 10 + digit;
      digits++;
      index++;
    }
    if (digits === 0) return NaN;
    for (let k = digits; k < 6; k++) micros *= 10;
  }
  let offsetMinutes = 0;
  if (index >= end) return NaN;
  const zone = at(index);
  if (zone === 90 || zone === 122) {
    index++;
  } else if (zone === 43 || zone === 45) {
    const offsetHours = num(index + 1, 2);
    const offsetMins = num(index + 4, 2);
    if (offsetHours < 0 || offsetMins < 0 || at(index + 3) !== 58) return NaN;
    offsetMinutes = (offsetHours * 60 + offsetMins) * (zone === 45 ? -1 : 1);
    index += 6;
  } else {
    return NaN;
  }
  if (index !== end) return NaN;
  const days = daysFromCivil(year, month, day);
  const seconds = days * 86400 + hour * 3600 + minute * 60 + second - offsetMinutes * 60;
  return seconds * 1_000_000 + micros;
}

function digits2(bytes: Uint8Array, index: number): number {
  const a = bytes[index] - DIGIT_0;
  const b = bytes[index + 1] - DIGIT_0;
  return a >= 0 && a <= 9 && b >= 0 && b <= 9 ? a * 10 + b : -1;
}

/** Microseconds since the epoch for an RFC 3339 timestamp held in bytes [start, end), or NaN. */
// Consecutive events mostly share the minute: the last valid "2006-01-02T15:04" prefix (as 4 little-endian words) and
// its value, so that the next timestamp of that minute only parses seconds and fraction.
let minuteWord0 = 0;
let minuteWord1 = 0;
let minuteWord2 = 0;
let minuteWord3 = 0;
let minuteMicros = NaN;

/** `view`, when given, is a DataView over exactly `bytes` and enables the same-minute shortcut. */
export function parseTimestampBytes(bytes: Uint8Array, start: number, end: number, view?: DataView): number {
  // Fast path for the MicroTime layout every API server writes: 2006-01-02T15:04:05.000000Z
  if (end - start === 27 && bytes[start + 26] === 90 && bytes[start + 19] === 46 && bytes[start + 10] === 84) {
    if (view !== undefined) {
      const w0 = view.getInt32(start, true);
      const w1 = view.getInt32(start + 4, true);
      const w2 = view.getInt32(start + 8, true);
      const w3 = view.getInt32(start + 12, true);
      if (w0 === minuteWord0 && w1 === minuteWord1 && w2 === minuteWord2 && w3 === minuteWord3) {
        const second = digits2(bytes, start + 17);
        const f1 = digits2(bytes, start + 20);
        const f2 = digits2(bytes, start + 22);
        const f3 = digits2(bytes, start + 24);
        if ((second | f1 | f2 | f3) >= 0 && second <= 60 && bytes[start + 16] === 58) {
          return minuteMicros + second * 1_000_000 + f1 * 10000 + f2 * 100 + f3;
        }
      }
    }
    const century = digits2(bytes, start);
    const yy = digits2(bytes, start + 2);
    const month = digits2(bytes, start + 5);
    const day = digits2(bytes, start + 8);
    const hour = digits2(bytes, start + 11);
    const minute = digits2(bytes, start + 14);
    const second = digits2(bytes, start + 17);
    const f1 = digits2(bytes, start + 20);
    const f2 = digits2(bytes, start + 22);
    const f3 = digits2(bytes, start + 24);
    if (
      (century | yy | month | day | hour | minute | second | f1 | f2 | f3) >= 0 &&
      month >= 1 &&
      month <= 12 &&
      day >= 1 &&
      day <= 31 &&
      hour <= 23 &&
      minute <= 59 &&
      second <= 60 &&
      bytes[start + 4] === 45 &&
      bytes[start + 7] === 45 &&
      bytes[start + 13] === 58 &&
      bytes[start + 16] === 58
    ) {
      const days = daysFromCivil(century * 100 + yy, month, day);
      const minuteStart = (days * 86400 + hour * 3600 + minute * 60) * 1_000_000;
      if (view !== undefined) {
        minuteWord0 = view.getInt32(start, true);
        minuteWord1 = view.getInt32(start + 4, true);
        minuteWord2 = view.getInt32(start + 8, true);
        minuteWord3 = view.getInt32(start + 12, true);
        minuteMicros = minuteStart;
      }
      return minuteStart + second * 1_000_000 + f1 * 10000 + f2 * 100 + f3;
    }
  }
  return parseWith((index) => (index < end ? bytes[index] : -1), start, end);
}

/** Microseconds since the epoch for an RFC 3339 timestamp string, or NaN. */
export function parseTimestamp(text: string): number {
  return parseWith((index) => (index < text.length ? text.charCodeAt(index) : -1), 0, text.length);
}

/**
 * A user-typed time: full RFC 3339, or a prefix such as `2026-01-02`, `2026-01-02T15:04` (UTC assumed when no zone).
 * Returns microseconds since the epoch or NaN.
 */
export function parseUserTime(text: string): number {
  const exact = parseTimestamp(text);
  if (!Number.isNaN(exact)) return exact;
  const match = /^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?))?(Z|[+-]\d{2}:\d{2})?$/.exec(text);
  if (!match) return NaN;
  let clock = match[2] ?? '00:00:00';
  if (clock.length === 5) clock += ':00';
  return parseTimestamp(`${match[1]}T${clock}${match[3] ?? 'Z'}`);
}

/** Formats microseconds since the epoch as `2026-01-02T15:04:05.123456Z`. */
export function formatTimestamp(micros: number): string {
  if (!Number.isFinite(micros)) return '';
  const millis = Math.floor(micros / 1000);
  const iso = new Date(millis).toISOString(); // 2026-01-02T15:04:05.123Z
  const sub = String(((micros % 1000) + 1000) % 1000).padStart(3, '0');
  return iso.slice(0, 23) + sub + 'Z';
}

const DURATION_UNITS: Record<string, number> = {
  ns: 0.001,
  us: 1,
  µs: 1,
  ms: 1000,
  s: 1_000_000,
  m: 60_000_000,
  h: 3_600_000_000,
};

/** A duration such as `500ms`, `1.5s`, `2m`, `250us` → microseconds; a bare number means milliseconds. */
export function parseDuration(text: string): number {
  const match = /^(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h)?$/.exec(text);
  if (!match) return NaN;
  return Number(match[1]) * DURATION_UNITS[match[2] ?? 'ms'];
}

/** Formats microseconds as a short human duration (`850µs`, `12.3ms`, `4.20s`). */
export function formatDuration(micros: number): string {
  if (!Number.isFinite(micros)) return '';
  if (Math.abs(micros) < 1000) return `${Math.round(micros)}µs`;
  if (Math.abs(micros) < 1_000_000) return `${(micros / 1000).toFixed(1)}ms`;
  return `${(micros / 1_000_000).toFixed(2)}s`;
}
