// Test helper: starts a real OpenSearch 2.19 cluster on loopback, one JVM per node (so a test can SIGKILL one),
// from the launcher that build.sh caches per machine. Library only: import startOpenSearchCluster from a test.
import { spawn, type ChildProcess } from 'node:child_process';
import {
  appendFileSync,
  closeSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readFileSync,
  readdirSync,
  rmSync,
} from 'node:fs';
import { rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export type HealthStatus = 'green' | 'yellow' | 'red';

export interface ClusterHealth {
  status: HealthStatus;
  number_of_nodes: number;
  timed_out: boolean;
  [key: string]: unknown;
}

export interface OpenSearchCluster {
  /** One HTTP base URL per node, e.g. http://127.0.0.1:24512 (no trailing slash). */
  urls: string[];
  /** Temp folder holding every node's home, data and logs (node-<i>/logs/node.log). Removed by stop(). */
  dir: string;
  /** SIGKILLs node i (a node dying mid-operation) and resolves once its process is gone. */
  killNode(i: number): Promise<void>;
  /** Stops node i if it runs (SIGTERM), starts it again on the same ports and data, and waits until it rejoined. */
  restartNode(i: number): Promise<void>;
  /** Waits until the cluster health is at least `status`, asking any node that still runs. */
  waitForHealth(status: 'green' | 'yellow', timeoutMs?: number): Promise<ClusterHealth>;
  /** Kills every JVM of this cluster and removes `dir`. Safe to call twice. */
  stop(): Promise<void>;
}

export interface ClusterOptions {
  /** Nodes, each its own JVM (default 2). */
  nodes?: number;
  /** Heap per node in MiB (default 512). */
  heapMb?: number;
  /** How long start-up (after the build) may take before it fails (default 180 s: two cold JVMs on 2 cores). */
  startTimeoutMs?: number;
  /** Extra JVM options for every node, after the defaults (e.g. ['-XX:TieredStopAtLevel=1']). */
  jvmArgs?: string[];
}

const LAUNCHER = 'dev.auditscope.testing.opensearch.AuditscopeTestNode';
const buildScript = fileURLToPath(new URL('./build.sh', import.meta.url));

interface NodeProc {
  home: string;
  httpPort: number;
  transportPort: number;
  args: string[];
  child?: ChildProcess;
  exited?: Promise<void>;
}

interface Build {
  java: string;
  classpath: string;
  /** Class-data sharing archive recorded by build.sh, when it could make one. */
  archive?: string;
}
let built: Promise<Build> | undefined;

/** Runs build.sh once per process (it is itself a no-op once the machine's cache exists). */
function buildOnce(): Promise<Build> {
  built ??= new Promise<Build>((resolve, reject) => {
    const child = spawn('bash', [buildScript], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      const cache = out.trim();
      if (code !== 0 || !cache)
        return reject(new Error(`test/opensearch/build.sh failed (exit ${code}); see its stderr above`));
      resolve({
        java: readFileSync(join(cache, 'java'), 'utf8').trim(),
        classpath: readFileSync(join(cache, 'classpath'), 'utf8').trim(),
        archive: existsSync(join(cache, 'opensearch.jsa')) ? join(cache, 'opensearch.jsa') : undefined,
      });
    });
  }).catch((error: unknown) => {
    built = undefined; // let a later call retry
    throw error;
  });
  return built;
}

// Every cluster still running, so an exit or a signal can kill its JVMs and remove its folder synchronously.
const live = new Set<{ killNowSync(): void }>();
let exitHooked = false;

function hookProcessExit(): void {
  if (exitHooked) return;
  exitHooked = true;
  const killAll = () => {
    for (const cluster of live) cluster.killNowSync();
  };
  process.on('exit', killAll);
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.once(signal, () => {
      killAll();
      // Keep the default outcome of the signal (death) unless someone else (e.g. a test runner) handles it.
      if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
    });
  }
}

/** Free loopback ports below Linux's ephemeral range, so outgoing connections cannot take them meanwhile. */
async function freePorts(count: number): Promise<number[]> {
  const servers: Server[] = [];
  const ports: number[] = [];
  try {
    while (ports.length < count) {
      const port = 20000 + Math.floor(Math.random() * 12000);
      if (ports.includes(port)) continue;
      const server = createServer();
      const ok = await new Promise<boolean>((resolve) => {
        server.once('error', () => resolve(false));
        server.listen({ port, host: '127.0.0.1', exclusive: true }, () => resolve(true));
      });
      if (ok) {
        servers.push(server);
        ports.push(port);
      }
    }
    return ports;
  } finally {
    await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
  }
}

const DIR_PREFIX = 'auditscope-opensearch-';

/** Removes folders of test processes that died by SIGKILL (their JVMs stop by themselves: see --parent-pid). */
function sweepDeadOwnersDirs(): void {
  for (const name of readdirSync(tmpdir())) {
    const owner = Number(/^auditscope-opensearch-(\d+)-/.exec(name)?.[1]);
    if (!owner || owner === process.pid || isAlive(owner)) continue;
    rmSync(join(tmpdir(), name), { recursive: true, force: true, maxRetries: 5, retryDelay: 100 });
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'; // alive, but someone else's
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function getJson(url: string, timeoutMs: number): Promise<{ status: number; body: unknown } | undefined> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
    return { status: response.status, body: await response.json() };
  } catch {
    return undefined; // not listening yet, or gone
  }
}

function logTail(node: NodeProc, lines = 40): string {
  let text: string;
  try {
    text = readFileSync(join(node.home, 'logs', 'node.log'), 'utf8');
  } catch {
    return '(no log)';
  }
  const all = text.trimEnd().split('\n');
  // The launcher's one-line summary of a start-up failure says more than the stack trace's last lines.
  const failure = all.find((line) => line.startsWith('AUDITSCOPE_OPENSEARCH_FAILED'));
  return [...(failure ? [failure, '...'] : []), ...all.slice(-lines)].join('\n');
}

export async function startOpenSearchCluster(options: ClusterOptions = {}): Promise<OpenSearchCluster> {
  const count = options.nodes ?? 2;
  const heapMb = options.heapMb ?? 512;
  const startTimeoutMs = options.startTimeoutMs ?? 180_000;
  const { java, classpath, archive } = await buildOnce();

  sweepDeadOwnersDirs();
  // The owner's pid in the name lets a later run remove this folder if this process is SIGKILLed.
  const dir = mkdtempSync(join(tmpdir(), `${DIR_PREFIX}${process.pid}-`));
  const ports = await freePorts(2 * count);
  const clusterName = `auditscope-test-${process.pid}-${dir.slice(-6)}`;
  const seeds = ports
    .slice(count)
    .map((port) => `127.0.0.1:${port}`)
    .join(',');

  const nodes: NodeProc[] = [];
  for (let i = 0; i < count; i++) {
    const home = join(dir, `node-${i}`);
    mkdirSync(join(home, 'logs'), { recursive: true });
    mkdirSync(join(home, 'tmp'));
    const httpPort = ports[i]!;
    const transportPort = ports[count + i]!;
    const args = [
      `-Xms${heapMb}m`,
      `-Xmx${heapMb}m`,
      // As the distribution's jvm.options for Java 17: its date handling expects these locale providers.
      '-Djava.locale.providers=SPI,COMPAT',
      '-Djava.awt.headless=true',
      '-Dfile.encoding=UTF-8',
      '-Dlog4j2.disable.jmx=true',
      '-Dio.netty.noUnsafe=true',
      '-Dio.netty.noKeySetOptimization=true',
      '-Dio.netty.recycler.maxCapacityPerThread=0',
      // Fail fast instead of a half-dead node; no /tmp/hsperfdata_* left behind by a SIGKILL; temp files in our folder.
      '-XX:+ExitOnOutOfMemoryError',
      '-XX:-UsePerfData',
      `-XX:ErrorFile=${join(home, 'logs', 'hs_err_pid%p.log')}`,
      `-Djava.io.tmpdir=${join(home, 'tmp')}`,
      // The classes a node loads at start-up, pre-parsed by build.sh: about twice as fast a start on 2 cores.
      ...(archive ? [`-XX:SharedArchiveFile=${archive}`] : []),
      ...(options.jvmArgs ?? []),
      '-cp',
      classpath,
      LAUNCHER,
      `--parent-pid=${process.pid}`, // the node exits by itself if this test process dies without cleaning up
      `-Ecluster.name=${clusterName}`,
      `-Enode.name=node-${i}`,
      `-Epath.home=${home}`,
      `-Epath.data=${join(home, 'data')}`,
      `-Epath.logs=${join(home, 'logs')}`,
      `-Ehttp.port=${httpPort}`,
      `-Etransport.port=${transportPort}`,
      `-Ediscovery.seed_hosts=${seeds}`,
      // node-0 alone bootstraps the cluster, so it is always the first elected cluster manager: killing any
      // other node never costs the cluster its manager (with 2 nodes only one of them can hold the vote).
      '-Ecluster.initial_cluster_manager_nodes=node-0',
    ];
    nodes.push({ home, httpPort, transportPort, args });
  }

  const spawnNode = (node: NodeProc) => {
    // The JVM writes straight to the log file: nothing to drain here, and a crash's last words are kept.
    const logPath = join(node.home, 'logs', 'node.log');
    const log = openSync(logPath, 'a');
    const child = spawn(java, node.args, { stdio: ['ignore', log, log] });
    closeSync(log);
    child.unref(); // a test that forgets stop() must still end; the exit hook then kills the JVM
    node.child = child;
    let resolveExited = () => {};
    node.exited = new Promise<void>((resolve) => (resolveExited = resolve));
    const gone = () => {
      if (node.child === child) node.child = undefined;
      resolveExited();
    };
    child.once('exit', gone);
    child.once('error', (error) => {
      // e.g. the java binary is gone: no 'exit' may follow, so end here, with the reason where logTail looks
      appendFileSync(logPath, `could not run ${java}: ${error.message}\n`);
      gone();
    });
  };

  const killNowSync = () => {
    for (const node of nodes) {
      try {
        node.child?.kill('SIGKILL');
      } catch {
        // already gone
      }
    }
    rmSync(dir, { recursive: true, force: true, maxRetries: 5, retryDelay: 100 });
    live.delete(handle);
  };
  const handle = { killNowSync };
  hookProcessExit();
  live.add(handle);

  const urls = nodes.map((node) => `http://127.0.0.1:${node.httpPort}`);

  /** Waits until node i answers and sees `count` nodes; fails with its log tail if its JVM exits. */
  const waitForNode = async (i: number, deadline: number) => {
    const node = nodes[i]!;
    for (;;) {
      if (!node.child)
        throw new Error(
          `OpenSearch node-${i} exited during start-up; ${node.home}/logs/node.log ends:\n${logTail(node)}`,
        );
      const remaining = deadline - Date.now();
      if (remaining <= 0)
        throw new Error(
          `OpenSearch node-${i} did not join a ${count}-node cluster within ${startTimeoutMs} ms; its log ends:\n${logTail(node)}`,
        );
      const health = await getJson(
        `${urls[i]}/_cluster/health?wait_for_nodes=${count}&wait_for_status=yellow&timeout=1s&cluster_manager_timeout=1s`,
        5000,
      );
      const body = health?.body as ClusterHealth | undefined;
      if (health?.status === 200 && body && !body.timed_out) return;
      await sleep(health ? 100 : 250); // a node that answered has already made the request wait a second
    }
  };

  const stopNode = async (node: NodeProc, signal: NodeJS.Signals, graceMs: number) => {
    const { child, exited } = node;
    if (!child || !exited) return;
    child.ref(); // spawnNode unref'd it: without this the event loop may end while we wait for its exit
    child.kill(signal);
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    await exited;
    clearTimeout(timer);
  };

  const cluster: OpenSearchCluster = {
    urls,
    dir,
    async killNode(i) {
      const node = nodes[i];
      if (!node) throw new RangeError(`no node ${i} in a ${count}-node cluster`);
      await stopNode(node, 'SIGKILL', 0);
    },
    async restartNode(i) {
      const node = nodes[i];
      if (!node) throw new RangeError(`no node ${i} in a ${count}-node cluster`);
      await stopNode(node, 'SIGTERM', 30_000);
      spawnNode(node);
      await waitForNode(i, Date.now() + startTimeoutMs);
    },
    async waitForHealth(status, timeoutMs = 60_000) {
      const deadline = Date.now() + timeoutMs;
      let last = 'no node answered';
      while (Date.now() < deadline) {
        for (let i = 0; i < count; i++) {
          if (!nodes[i]!.child) continue;
          const seconds = Math.max(1, Math.min(10, Math.floor((deadline - Date.now()) / 1000)));
          const health = await getJson(
            `${urls[i]}/_cluster/health?wait_for_status=${status}&timeout=${seconds}s&cluster_manager_timeout=${seconds}s`,
            seconds * 1000 + 5000,
          );
          if (!health) continue;
          const body = health.body as ClusterHealth;
          if (health.status === 200 && !body.timed_out) return body;
          last = `node-${i} reports ${JSON.stringify(body)}`;
          break;
        }
        await sleep(250);
      }
      throw new Error(`cluster health did not reach ${status} within ${timeoutMs} ms: ${last}`);
    },
    async stop() {
      if (!live.has(handle)) return;
      live.delete(handle);
      // SIGKILL: the data is thrown away, so a graceful shutdown would only cost time.
      await Promise.all(nodes.map((node) => stopNode(node, 'SIGKILL', 0)));
      await rm(dir, { recursive: true, force: true, maxRetries: 5, retryDelay: 100 });
    },
  };

  try {
    for (const node of nodes) spawnNode(node);
    const deadline = Date.now() + startTimeoutMs;
    for (let i = 0; i < count; i++) await waitForNode(i, deadline);
    return cluster;
  } catch (error) {
    await cluster.stop();
    throw error;
  }
}
