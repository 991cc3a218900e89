// SIMULATOR (test only): a `kubectl` stand-in for the simulated control-plane node. It answers the commands the
// apply runner uses — `get --raw /livez` (the health check through admin.conf's credentials), `get configmap NAME
// -o jsonpath={.data.KEY}` and `patch configmap NAME --type merge --patch-file F` — against the stand-in apiserver
// (every call is an authenticated HTTP request to it, so a server that is down or refuses the token fails as
// kubectl would) and ConfigMaps kept as JSON files in the simulator's state folder.
import { readFileSync } from 'node:fs';
import { request } from 'node:http';
import { parse } from 'yaml';
import { readConfigMap, writeConfigMap, type SimConfigMap } from './configmaps.ts';

interface Invocation {
  state: string;
  kubeconfig?: string;
  namespace: string;
  server?: string;
  output?: string;
  type?: string;
  patchFile?: string;
  patch?: string;
  raw?: string;
  words: string[];
}

function fail(message: string, code = 1): never {
  process.stderr.write(message.endsWith('\n') ? message : message + '\n');
  process.exit(code);
}

function parseArgv(argv: string[]): Invocation {
  const out: Invocation = { state: '', namespace: 'default', words: [] };
  const takes: Record<string, keyof Invocation> = {
    '--state': 'state',
    '--kubeconfig': 'kubeconfig',
    '-n': 'namespace',
    '--namespace': 'namespace',
    '--server': 'server',
    '-s': 'server',
    '-o': 'output',
    '--output': 'output',
    '--type': 'type',
    '--patch-file': 'patchFile',
    '-p': 'patch',
    '--patch': 'patch',
    '--raw': 'raw',
    // Accepted and not needed by a plain-HTTP simulator.
    '--tls-server-name': 'words',
    '--request-timeout': 'words',
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const eq = arg.indexOf('=');
    const name = arg.startsWith('-') && eq > 0 ? arg.slice(0, eq) : arg;
    const field = takes[name];
    if (field) {
      const value = eq > 0 && arg.startsWith('-') ? arg.slice(eq + 1) : argv[++i];
      if (value === undefined) fail(`error: flag needs an argument: ${name}`);
      if (field !== 'words') (out as unknown as Record<string, string>)[field] = value;
    } else if (arg.startsWith('-')) fail(`error: unknown flag: ${arg} (kubectl simulator)`);
    else out.words.push(arg);
  }
  if (!out.state) fail('kubectl (simulator): --state is missing from the shim', 2);
  return out;
}

interface Credentials {
  server: string;
  token?: string;
}

function credentials(inv: Invocation): Credentials {
  if (!inv.kubeconfig) fail('error: the simulator needs --kubeconfig (there is no in-cluster config on a node)');
  let text: string;
  try {
    text = readFileSync(inv.kubeconfig, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    fail(
      code === 'ENOENT'
        ? `error: stat ${inv.kubeconfig}: no such file or directory`
        : `error: open ${inv.kubeconfig}: permission denied`,
    );
  }
  const config = parse(text) as {
    'current-context'?: string;
    contexts?: { name: string; context: { cluster: string; user: string } }[];
    clusters?: { name: string; cluster: { server: string } }[];
    users?: { name: string; user: { token?: string } }[];
  };
  const context = config.contexts?.find((c) => c.name === config['current-context'])?.context;
  if (!context) fail(`error: current-context "${config['current-context'] ?? ''}" is not set or does not exist`);
  const server = config.clusters?.find((c) => c.name === context.cluster)?.cluster.server;
  const token = config.users?.find((u) => u.name === context.user)?.user.token;
  if (!server && !inv.server) fail('error: no server found for cluster "' + context.cluster + '"');
  return { server: (inv.server ?? server!).replace(/\/+$/, ''), token };
}

function call(creds: Credentials, path: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve) => {
    const url = new URL(creds.server + path);
    const req = request(
      url,
      { headers: creds.token ? { authorization: `Bearer ${creds.token}` } : {}, timeout: 3000 },
      (response) => {
        let body = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => (body += chunk));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
      },
    );
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', () =>
      fail(`The connection to the server ${url.host} was refused - did you specify the right host or port?`),
    );
    req.end();
  });
}

function refuseStatus(status: number, body: string): void {
  if (status === 401) fail('error: You must be logged in to the server (Unauthorized)');
  if (status === 403) fail(`Error from server (Forbidden): ${body.trim()}`);
  if (status !== 200) fail(`Error from server (InternalError): the server answered ${status}: ${body.trim()}`);
}

function existingConfigMap(inv: Invocation, name: string): SimConfigMap {
  const found = readConfigMap(inv.state, inv.namespace, name);
  if (!found) fail(`Error from server (NotFound): configmaps "${name}" not found`);
  return found;
}

async function main(): Promise<void> {
  const inv = parseArgv(process.argv.slice(2));
  const creds = credentials(inv);
  const [verb, kind, name] = inv.words;
  if (verb === 'get' && inv.raw !== undefined) {
    const answer = await call(creds, inv.raw);
    refuseStatus(answer.status, answer.body);
    process.stdout.write(answer.body);
    return;
  }
  const isConfigMap = kind === 'configmap' || kind === 'configmaps' || kind === 'cm';
  if (!isConfigMap || !name) fail(`kubectl (simulator): unsupported command: ${inv.words.join(' ')}`);
  // Every ConfigMap operation goes through the API server: it must be up and accept the credentials.
  const ready = await call(creds, '/readyz');
  refuseStatus(ready.status, ready.body);
  if (verb === 'get') {
    const configMap = existingConfigMap(inv, name);
    const jsonpath = /^jsonpath=\{\.data\.([A-Za-z0-9_.-]+)\}$/.exec(inv.output ?? '');
    if (inv.output === 'json') process.stdout.write(JSON.stringify(configMap, null, 2) + '\n');
    else if (jsonpath) process.stdout.write(configMap.data?.[jsonpath[1]!] ?? '');
    else fail(`kubectl (simulator): unsupported output ${inv.output ?? '(table)'}`);
    return;
  }
  if (verb === 'patch') {
    if (inv.type !== 'merge') fail('kubectl (simulator): only --type merge is supported');
    if (inv.patch === undefined && inv.patchFile === undefined) fail('error: must specify --patch or --patch-file');
    const patchText = inv.patch ?? readFileSync(inv.patchFile!, 'utf8');
    let patch: { data?: Record<string, string | null> };
    try {
      patch = JSON.parse(patchText) as typeof patch;
    } catch (error) {
      fail(`error: unable to parse "${patchText.slice(0, 60)}": ${(error as Error).message}`);
    }
    const configMap = existingConfigMap(inv, name);
    const data = { ...configMap.data };
    for (const [key, value] of Object.entries(patch.data ?? {})) {
      if (value === null) delete data[key];
      else data[key] = value;
    }
    writeConfigMap(inv.state, { ...configMap, data });
    process.stdout.write(`configmap/${name} patched\n`);
    return;
  }
  fail(`kubectl (simulator): unsupported command: ${inv.words.join(' ')}`);
}

void main();
