// SIMULATOR (test only): a stand-in kube-apiserver. It reads its flags from the static pod manifest the simulated
// kubelet started it with, fails at the same points kube-apiserver does (options, policy file unreadable or not
// mounted, policy not loadable for its version, log directory not writable), then serves /livez on a loopback
// port and appends audit events for background traffic to the configured log, as the policy says.
import { appendFileSync, chmodSync, existsSync, mkdirSync, openSync, readFileSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { dirname } from 'node:path';
import { parseArgs } from 'node:util';
import { compilePolicy } from '../../shared/policy/compile.ts';
import { loadPolicyText } from '../../shared/policy/load-policy.ts';
import { parseKubeVersion } from '../../shared/policy/version.ts';
import { readPod, resolveInContainer, type PodView } from './pod-view.ts';
import { auditEventLines, BACKGROUND_REQUESTS, PROBE_REQUEST } from './traffic.ts';

const { values } = parseArgs({
  options: { root: { type: 'string' }, pod: { type: 'string' }, port: { type: 'string' } },
  strict: true,
});
const root = values.root!.replace(/\/+$/, '');
const onHost = (hostPath: string) => root + hostPath;

/** klog-style line on stderr, as `crictl logs` shows for the real apiserver. */
function log(severity: 'I' | 'E', message: string): void {
  const now = new Date();
  const stamp = `${String(now.getMonth() + 1).padStart(2, '0')}${String(now.getDate()).padStart(2, '0')} ${now.toISOString().slice(11, 26)}`;
  process.stderr.write(`${severity}${stamp} ${process.pid} simulator.go:1] ${message}\n`);
}

function fail(message: string): never {
  log('E', `"command failed" err="${message}"`);
  process.exit(1);
}

function count(pod: PodView, flag: string): void {
  const value = pod.flags.get(flag);
  if (value === undefined) return;
  if (!/^-?\d+$/.test(value))
    fail(`invalid argument "${value}" for "--${flag}" flag: strconv.ParseInt: parsing "${value}": invalid syntax`);
  if (Number(value) < 0) fail(`--${flag} ${value} can't be a negative number`);
}

/** Reads a file as the container sees it: through its mounts, or "no such file" when not mounted. */
function readInContainer(pod: PodView, containerPath: string): string | null {
  const resolved = resolveInContainer(pod, containerPath);
  if (!resolved || !existsSync(onHost(resolved.hostPath)) || !statSync(onHost(resolved.hostPath)).isFile()) return null;
  return readFileSync(onHost(resolved.hostPath), 'utf8');
}

const pod = (() => {
  try {
    return readPod(readFileSync(values.pod!, 'utf8'));
  } catch (error) {
    fail(`reading the pod: ${(error as Error).message}`);
  }
})();
const version = (() => {
  const tag = /:v?(1\.\d+)/.exec(pod.image)?.[1];
  try {
    return parseKubeVersion(tag);
  } catch {
    return parseKubeVersion(undefined);
  }
})();
log('I', `Version: v${version.major}.${version.minor}.0 (Auditscope simulator, not a real kube-apiserver)`);

// Like kube-apiserver, a backend's options are validated only when that backend is enabled.
if (pod.flags.get('audit-log-path')) {
  for (const flag of ['audit-log-maxage', 'audit-log-maxbackup', 'audit-log-maxsize']) count(pod, flag);
  const format = pod.flags.get('audit-log-format') ?? 'json';
  if (format !== 'json' && format !== 'legacy')
    fail(`invalid audit log format ${format}, allowed formats are "json,legacy"`);
}
for (const [backend, flag] of [
  ['audit-log-path', 'audit-log-mode'],
  ['audit-webhook-config-file', 'audit-webhook-mode'],
] as const) {
  const mode = pod.flags.get(flag);
  if (pod.flags.get(backend) && mode !== undefined && !['batch', 'blocking', 'blocking-strict'].includes(mode))
    fail(
      `invalid audit ${backend === 'audit-log-path' ? 'log' : 'webhook'} mode ${mode}, allowed modes are "batch,blocking,blocking-strict"`,
    );
}

const policyPath = pod.flags.get('audit-policy-file');
let policy: ReturnType<typeof compilePolicy> | undefined;
if (policyPath) {
  const text = readInContainer(pod, policyPath);
  if (text === null) {
    fail(
      `loading audit policy file: failed to read file path "${policyPath}": open ${policyPath}: no such file or directory`,
    );
  }
  const loaded = loadPolicyText(text, version);
  if (!loaded.valid || !loaded.policy) {
    const errors = [...loaded.loadErrors, ...loaded.validationErrors].map((d) => d.message).join('; ');
    fail(`loading audit policy file: failed decoding file "${policyPath}": ${errors}`);
  }
  policy = compilePolicy(loaded.policy, version);
  log('I', `Loaded audit policy ${policyPath} (${loaded.policy.rules.length} rules)`);
}

let logFile: string | undefined;
const logPath = pod.flags.get('audit-log-path');
if (logPath && logPath !== '-') {
  const dir = resolveInContainer(pod, dirname(logPath));
  if (!dir) {
    fail(
      `(simulator) the audit log directory ${dirname(logPath)} is not on any hostPath mount: events would be lost with the container`,
    );
  }
  if (dir.readOnly) fail(`open ${logPath}: read-only file system`);
  const hostDir = onHost(dir.hostPath);
  mkdirSync(hostDir, { recursive: true, mode: 0o700 });
  logFile = `${hostDir}/${logPath.slice(logPath.lastIndexOf('/') + 1)}`;
  openSync(logFile, 'a', 0o600);
  chmodSync(logFile, 0o600);
}

function audit(request: typeof PROBE_REQUEST): void {
  if (!policy || !logFile) return;
  const lines = auditEventLines(policy, request, new Date());
  if (lines.length > 0) appendFileSync(logFile, lines.join('\n') + '\n');
}

// Authentication as kube-apiserver does it for this simulator's purposes: static bearer tokens from
// --token-auth-file (CSV: token,user,uid[,groups]); anonymous requests only while --anonymous-auth is not false.
const anonymousAllowed = pod.flags.get('anonymous-auth') !== 'false';
const tokens = new Set<string>();
const tokenFile = pod.flags.get('token-auth-file');
if (tokenFile) {
  const text = readInContainer(pod, tokenFile);
  if (text === null) fail(`open ${tokenFile}: no such file or directory`);
  for (const line of text.split('\n')) if (line.trim() !== '') tokens.add(line.split(',')[0]!.trim());
}

const UNAUTHORIZED = JSON.stringify({
  kind: 'Status',
  apiVersion: 'v1',
  metadata: {},
  status: 'Failure',
  message: 'Unauthorized',
  reason: 'Unauthorized',
  code: 401,
});

const server = createServer((request, response) => {
  const bearer = /^Bearer (\S+)$/.exec(request.headers.authorization ?? '')?.[1];
  if (bearer !== undefined ? !tokens.has(bearer) : !anonymousAllowed) {
    response.writeHead(401, { 'content-type': 'application/json' }).end(UNAUTHORIZED);
    return;
  }
  audit({ ...PROBE_REQUEST, path: request.url ?? '/' });
  if (request.url === '/livez' || request.url === '/readyz' || request.url === '/healthz') {
    response.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
  } else response.writeHead(404).end('not found');
});
server.listen(Number(values.port), '127.0.0.1', () => {
  log('I', `Serving on 127.0.0.1:${values.port} (simulator, plain HTTP)`);
  setInterval(() => {
    for (const request of BACKGROUND_REQUESTS) audit(request);
  }, 50).unref();
});
server.on('error', (error) => fail(`listen: ${error.message}`));
process.on('SIGTERM', () => {
  log('I', 'received SIGTERM, shutting down');
  server.close();
  process.exit(0);
});
