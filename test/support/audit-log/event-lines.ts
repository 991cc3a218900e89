// The JSON lines of one request's events, in the order and shape the API server writes them: members in the Go
// struct's order, empty ones left out, RequestReceived without status or annotations, timestamps as MicroTime.
// Built by string concatenation (the parts every stage shares are built once per request): serialising an object
// per event would be several times slower.
import type { AuditRequest } from './traffic.ts';

const PAD2 = Array.from({ length: 60 }, (_, i) => String(i).padStart(2, '0'));

/** Formats microseconds since the epoch as RFC 3339 with 6 fractional digits, caching the date part. */
export class MicroClock {
  private day = -1;
  private dayPrefix = '';

  format(us: number): string {
    const seconds = Math.floor(us / 1e6);
    const day = Math.floor(seconds / 86400);
    if (day !== this.day) {
      this.day = day;
      this.dayPrefix = new Date(day * 86400000).toISOString().slice(0, 11);
    }
    const inDay = seconds - day * 86400;
    const hours = Math.floor(inDay / 3600);
    const minutes = Math.floor((inDay % 3600) / 60);
    const micros = String(us - seconds * 1e6).padStart(6, '0');
    return `${this.dayPrefix}${PAD2[hours]}:${PAD2[minutes]}:${PAD2[inDay % 60]}.${micros}Z`;
  }
}

export interface TimedLine {
  timeUs: number;
  line: string;
}

const userAgents = new Map<string, string>();
function userAgentJson(userAgent: string): string {
  let json = userAgents.get(userAgent);
  if (!json) userAgents.set(userAgent, (json = JSON.stringify(userAgent)));
  return json;
}

/**
 * The events of a request received at receivedUs: RequestReceived, ResponseStarted for long-running requests,
 * ResponseComplete; or the single ResponseStarted of a failed login. Times never go backwards within a request.
 */
export function eventLines(
  request: AuditRequest,
  auditId: string,
  receivedUs: number,
  startedDelayUs: number,
  clock: MicroClock,
): TimedLine[] {
  const received = clock.format(receivedUs);
  const head = `{"kind":"Event","apiVersion":"audit.k8s.io/v1","level":"${request.level}","auditID":"${auditId}","stage":"`;
  const user = request.unauthenticated ? '{}' : request.identity.userJson;
  const middle =
    `","requestURI":"${request.uri}","verb":"${request.verb}","user":${user}` +
    (request.impersonated ? `,"impersonatedUser":${request.impersonated}` : '') +
    `,"sourceIPs":["${request.sourceIP}"],"userAgent":${userAgentJson(request.identity.userAgent)}` +
    (request.objectRef ? `,"objectRef":${request.objectRef}` : '');
  const times = `,"requestReceivedTimestamp":"${received}","stageTimestamp":"`;
  const annotations = `","annotations":{${request.annotations}}}\n`;

  const completeUs = receivedUs + Math.max(60, Math.round(request.latencyMs * 1000));
  if (request.unauthenticated) {
    return [
      {
        timeUs: completeUs,
        line: `${head}ResponseStarted${middle},"responseStatus":${request.status}${times}${clock.format(completeUs)}"}\n`,
      },
    ];
  }
  const lines: TimedLine[] = [{ timeUs: receivedUs, line: `${head}RequestReceived${middle}${times}${received}"}\n` }];
  if (request.longRunning) {
    const startedUs = receivedUs + startedDelayUs;
    lines.push({
      timeUs: startedUs,
      line:
        `${head}ResponseStarted${middle},"responseStatus":{"metadata":{},"code":${request.code}}` +
        `${times}${clock.format(startedUs)}${annotations}`,
    });
  }
  const finalUs = request.longRunning ? Math.max(completeUs, receivedUs + startedDelayUs + 1) : completeUs;
  lines.push({
    timeUs: finalUs,
    line:
      `${head}ResponseComplete${middle},"responseStatus":${request.status}` +
      (request.requestObject ? `,"requestObject":${request.requestObject}` : '') +
      (request.responseObject ? `,"responseObject":${request.responseObject}` : '') +
      `${times}${clock.format(finalUs)}${annotations}`,
  });
  return lines;
}
