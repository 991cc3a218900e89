// One indexed audit event as the UI, the CLI and exports see it: the single definition shared by the log engine
// and the IPC contract.

export interface EventRow {
  id: number;
  time: string;
  received: string;
  /** Microseconds, or null when a timestamp is missing. */
  latencyMicros: number | null;
  stage: string;
  level: string;
  verb: string;
  user: string;
  groups: string[];
  ns: string;
  resource: string;
  subresource: string;
  name: string;
  apigroup: string;
  apiversion: string;
  code: number | null;
  auditid: string;
  sourceips: string[];
  useragent: string;
  decision: string;
  reason: string;
  impersonated: string;
  uri: string;
  node: string;
  cluster: string;
  file: string;
  line: number;
}
