// Number, size, time and duration formatting for the explorer.

const integer = new Intl.NumberFormat('en-US');

export function formatCount(value: number): string {
  return integer.format(value);
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toFixed(value >= 100 ? 0 : 1)} ${units[unit]}`;
}

export function formatLatency(micros: number | null): string {
  if (micros === null || !Number.isFinite(micros)) return '';
  if (micros < 1000) return `${Math.round(micros)} µs`;
  if (micros < 1_000_000) return `${Math.round(micros / 1000)} ms`;
  if (micros < 60_000_000) return `${(micros / 1_000_000).toFixed(micros < 10_000_000 ? 2 : 1)} s`;
  return `${(micros / 60_000_000).toFixed(1)} min`;
}

/** "2024-05-14 10:00:01.123" (UTC), compact for tables; the full RFC 3339 text stays in the detail view. */
export function formatTableTime(text: string): string {
  if (!text) return '';
  const match = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2}:\d{2})(\.\d{1,3})?/.exec(text);
  return match ? `${match[1]} ${match[2]}${(match[3] ?? '.000').padEnd(4, '0')}` : text;
}

export function formatMicrosTime(micros: number): string {
  const date = new Date(micros / 1000);
  if (Number.isNaN(date.getTime())) return '';
  return date
    .toISOString()
    .replace('T', ' ')
    .replace(/\.\d+Z$/, 'Z');
}

export function formatSpan(micros: number): string {
  const seconds = micros / 1e6;
  if (seconds < 60) return `${Math.round(seconds)} s`;
  if (seconds < 3600) return `${Math.round(seconds / 60)} min`;
  if (seconds < 86400 * 2) return `${(seconds / 3600).toFixed(seconds < 36000 ? 1 : 0)} h`;
  return `${Math.round(seconds / 86400)} days`;
}

/** What the HTTP code means in a few words. */
export function statusText(code: number | null): string {
  if (code === null) return '';
  const texts: Record<number, string> = {
    101: 'Switching Protocols',
    200: 'OK',
    201: 'Created',
    202: 'Accepted',
    204: 'No Content',
    304: 'Not Modified',
    400: 'Bad Request',
    401: 'Unauthorized',
    403: 'Forbidden',
    404: 'Not Found',
    409: 'Conflict',
    422: 'Unprocessable Entity',
    429: 'Too Many Requests',
    500: 'Internal Server Error',
    503: 'Service Unavailable',
    504: 'Gateway Timeout',
  };
  return texts[code] ?? '';
}
