// The project's own generator of realistic Kubernetes audit logs (audit.k8s.io/v1 Events, JSON lines), for tests,
// benchmarks and the bundled sample. Deterministic: the same options give the same bytes. A simulated cluster
// (test/support/audit-log/cluster.ts) sends a Poisson stream of requests (traffic.ts) whose level its audit policy
// decides (policy.ts); each request becomes two or three events (event-lines.ts) written in stageTimestamp order.
// The request rate adapts so that the log fills `size` bytes over `hours`. Output is ASCII only.
import { closeSync, openSync, writeSync } from 'node:fs';
import { buildCluster } from './audit-log/cluster.ts';
import { eventLines, MicroClock, type TimedLine } from './audit-log/event-lines.ts';
import { Random } from './audit-log/random.ts';
import { TimeQueue } from './audit-log/time-queue.ts';
import { CLUSTER_MIX, Traffic, type TrafficOptions } from './audit-log/traffic.ts';

export interface GeneratorOptions {
  /** The log stops at the last whole line that fits in this many bytes. */
  size: number;
  seed?: number;
  /** The time the log spans. */
  hours?: number;
  /** The first request's time (RFC 3339). */
  start?: string;
  preset?: PresetName;
}

export interface GeneratorStats {
  bytes: number;
  events: number;
  requests: number;
  nodes: number;
  first: string;
  last: string;
}

export type PresetName = 'cluster' | 'sample';

const PRESETS: Record<PresetName, TrafficOptions> = {
  cluster: { mix: CLUSTER_MIX, bigBodies: true },
  // The bundled sample: a few hours of a small cluster where people are busy, so that the little it holds shows
  // every kind of event (writes with bodies, denials, secrets, exec, impersonation) and no 200 KB bodies.
  sample: {
    mix: {
      systemReads: 30,
      nodeLeases: 6,
      leaderElection: 3,
      systemWrites: 10,
      peopleWrites: 30,
      peopleReads: 12,
      nonResource: 7,
      failedLogins: 1,
    },
    bigBodies: false,
  },
};

/** What `npm run sample` writes to electron/backend/logs-service/sample/sample-audit.log. */
export const SAMPLE_LOG_OPTIONS: GeneratorOptions = {
  preset: 'sample',
  size: 1_000_000,
  seed: 2025,
  hours: 6,
  start: '2025-03-10T08:00:00Z',
};

const DEFAULTS = { seed: 42, hours: 24, start: '2024-05-14T00:00:00Z' };
/** A first guess of the bytes one request's events take; corrected as the log grows. */
const BYTES_PER_REQUEST_GUESS = 2400;
/** Each kubelet renews its lease every 10 s, and lease renewals are about a tenth of all requests. */
const LEASE_SHARE = 0.1;
const LEASE_INTERVAL_S = 10;

const SIZE_UNITS: Record<string, number> = { b: 1, kb: 1e3, kib: 1024, mb: 1e6, mib: 2 ** 20, gb: 1e9, gib: 2 ** 30 };

/** "100MB", "1GiB", "2.5MiB", "4096" → bytes. */
export function parseSize(text: string): number {
  const match = /^(\d+(?:\.\d+)?)\s*([kmg]i?b|b)?$/i.exec(text.trim());
  if (!match) throw new Error(`not a size: "${text}" (examples: 100MB, 1GiB, 4096)`);
  return Math.floor(Number(match[1]) * SIZE_UNITS[(match[2] ?? 'b').toLowerCase()]!);
}

/** Generates a log into `sink`, which receives the bytes in order, in chunks. */
export function generateAuditLog(options: GeneratorOptions, sink: (chunk: Buffer) => void): GeneratorStats {
  const seed = options.seed ?? DEFAULTS.seed;
  const hours = options.hours ?? DEFAULTS.hours;
  const start = options.start ?? DEFAULTS.start;
  const startUs = Date.parse(start) * 1000;
  if (!Number.isFinite(startUs)) throw new Error(`not a time: "${start}"`);
  if (!(hours > 0)) throw new Error(`--hours must be positive, got ${hours}`);
  if (!(options.size > 0)) throw new Error(`--size must be positive, got ${options.size}`);
  const aimUs = startUs + hours * 3600e6 * 0.998;

  const random = new Random(seed);
  const requestsPerSecond = options.size / BYTES_PER_REQUEST_GUESS / (hours * 3600);
  const nodeCount = Math.max(3, Math.min(250, Math.round(requestsPerSecond * LEASE_SHARE * LEASE_INTERVAL_S)));
  const traffic = new Traffic(random, buildCluster(random, nodeCount), PRESETS[options.preset ?? 'cluster']);
  const clock = new MicroClock();
  const queue = new TimeQueue();
  const out = new ChunkWriter(sink);

  let meanGapUs = (hours * 3600e6) / (options.size / BYTES_PER_REQUEST_GUESS);
  let producedBytes = 0;
  let requests = 0;
  let events = 0;
  let first = '';
  let lastLine = '';
  let timeUs = startUs;
  let full = false;

  const emit = (item: TimedLine): void => {
    if (out.bytes + item.line.length > options.size) {
      full = true;
      return;
    }
    out.write(item.line);
    events++;
    if (!first) first = clock.format(item.timeUs);
    lastLine = item.line;
  };

  while (!full) {
    timeUs += Math.max(1, Math.round(random.exponential(meanGapUs)));
    while (!full && queue.peekTime() <= timeUs) emit(queue.pop());
    if (full) break;
    const request = traffic.next(timeUs);
    const lines = eventLines(request, random.uuid(), timeUs, random.int(300, 6000), clock);
    requests++;
    for (const item of lines) {
      producedBytes += item.line.length;
      // A RequestReceived is due now: everything earlier has been written already.
      if (item.timeUs === timeUs && queue.peekTime() > timeUs) emit(item);
      else queue.push(item);
    }
    // Aim the remaining requests at the remaining time (a little early: the last requests' stages come later).
    const remainingRequests = Math.max(1, (options.size - producedBytes) / (producedBytes / requests));
    meanGapUs = Math.max(aimUs - timeUs, 1e6) / remainingRequests;
  }
  out.flush();
  const last = /"stageTimestamp":"([^"]+)"/.exec(lastLine)?.[1] ?? '';
  return { bytes: out.bytes, events, requests, nodes: nodeCount, first, last };
}

/** Writes a log to a file. */
export function writeAuditLog(path: string, options: GeneratorOptions): GeneratorStats {
  const fd = openSync(path, 'w');
  try {
    return generateAuditLog(options, (chunk) => {
      writeSync(fd, chunk);
    });
  } finally {
    closeSync(fd);
  }
}

/** A (small) log in memory. */
export function auditLogBytes(options: GeneratorOptions): Buffer {
  const chunks: Buffer[] = [];
  generateAuditLog(options, (chunk) => chunks.push(Buffer.from(chunk)));
  return Buffer.concat(chunks);
}

/** Collects ASCII lines in a large buffer and hands it to the sink when full. */
class ChunkWriter {
  bytes = 0;
  private readonly buffer = Buffer.allocUnsafe(8 << 20);
  private used = 0;

  constructor(private readonly sink: (chunk: Buffer) => void) {}

  write(line: string): void {
    if (this.used + line.length > this.buffer.length) {
      this.flush();
      if (line.length > this.buffer.length) {
        this.sink(Buffer.from(line, 'latin1'));
        this.bytes += line.length;
        return;
      }
    }
    this.used += this.buffer.write(line, this.used, 'latin1');
    this.bytes += line.length;
  }

  flush(): void {
    if (this.used > 0) this.sink(this.buffer.subarray(0, this.used));
    this.used = 0;
  }
}
