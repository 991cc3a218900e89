// SIMULATOR (test only): a stand-in for the kubelet on one simulated control-plane node rooted in a temp folder.
// It polls <root>/etc/kubernetes/manifests; when kube-apiserver.yaml changes as a parsed object it stops the
// running stand-in apiserver and starts a new "container" (a process with a fresh id), after the kubelet's own
// hostPath checks (type File must exist, DirectoryOrCreate is created). Crashed containers are restarted with a
// short back-off, like CrashLoopBackOff. State for the crictl shim lives in <root>/var/lib/auditscope-sim.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  openSync,
  closeSync,
  readdirSync,
  readFileSync,
  renameSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { standInApiServerBundle } from './bundle.ts';
import { podIdentity, readPod } from './pod-view.ts';
import { installCrictlShim } from './shims.ts';

export interface SimulatedNodeOptions {
  /** The node's "/" (e.g. the rig's layout root). */
  root: string;
  /** Loopback port the stand-in serves /livez on. */
  port: number;
  /** Poll interval of the manifests folder (default 40 ms). */
  pollMs?: number;
}

interface Container {
  id: string;
  state: 'running' | 'exited';
  createdNs: string;
  attempt: number;
  process?: ChildProcess;
  exited?: Promise<void>;
  /** Stopped by the kubelet (pod changed), not crashed: no back-off. */
  killed?: boolean;
}

const MANIFEST = 'etc/kubernetes/manifests/kube-apiserver.yaml';

export class SimulatedControlPlane {
  readonly stateDir: string;
  readonly livezUrl: string;
  /** Kubelet-side messages (manifest errors, hostPath check failures), newest last. */
  readonly events: string[] = [];
  private containers: Container[] = [];
  private currentIdentity: string | null = null;
  private podText = '';
  private attempt = 0;
  private restartAt = 0;
  private timer?: NodeJS.Timeout;
  private busy = false;
  private bundle = '';

  constructor(private readonly options: SimulatedNodeOptions) {
    this.stateDir = join(options.root, 'var/lib/auditscope-sim');
    this.livezUrl = `http://127.0.0.1:${options.port}/livez`;
  }

  static async start(options: SimulatedNodeOptions): Promise<SimulatedControlPlane> {
    const node = new SimulatedControlPlane(options);
    node.bundle = await standInApiServerBundle();
    mkdirSync(join(node.stateDir, 'logs'), { recursive: true, mode: 0o755 });
    installCrictlShim(options.root, node.stateDir);
    node.saveState();
    await node.tick();
    node.timer = setInterval(() => void node.tick(), options.pollMs ?? 40);
    return node;
  }

  /** Ids of all containers, newest first (as `crictl ps -a -q`). */
  containerIds(): string[] {
    return this.containers.map((c) => c.id).reverse();
  }

  runningContainerId(): string | null {
    return this.containers.filter((c) => c.state === 'running').pop()?.id ?? null;
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    while (this.busy) await new Promise((resolve) => setTimeout(resolve, 10));
    await this.killRunning();
  }

  /** Resolves once a container is running whose id is not in `known` (or rejects after timeoutMs). */
  async waitForNewContainer(known: readonly string[], timeoutMs = 5000): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      const id = this.runningContainerId();
      if (id && !known.includes(id)) return id;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    throw new Error(
      `no new kube-apiserver container within ${timeoutMs} ms; kubelet events: ${this.events.slice(-3).join(' | ')}`,
    );
  }

  private async tick(): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    try {
      await this.reconcile();
    } finally {
      this.busy = false;
    }
  }

  private note(message: string): void {
    if (this.events[this.events.length - 1] !== message) this.events.push(message);
  }

  private async reconcile(): Promise<void> {
    const dir = join(this.options.root, 'etc/kubernetes/manifests');
    // The kubelet reads every regular file not starting with "."; anything that is not a Pod is an error.
    for (const name of existsSync(dir) ? readdirSync(dir) : []) {
      if (name.startsWith('.') || name === 'kube-apiserver.yaml' || !statSync(join(dir, name)).isFile()) continue;
      try {
        readPod(readFileSync(join(dir, name), 'utf8'));
        this.note(`static pod from ${name} would start a second pod`);
      } catch (error) {
        this.note(`Can't process manifest file ${name}: ${(error as Error).message}`);
      }
    }
    const path = join(this.options.root, MANIFEST);
    let text: string | null = null;
    let identity: string | null = null;
    try {
      text = readFileSync(path, 'utf8');
      readPod(text);
      identity = podIdentity(text);
    } catch (error) {
      if (text !== null) this.note(`Can't process manifest file kube-apiserver.yaml: ${(error as Error).message}`);
    }
    if (identity !== this.currentIdentity) {
      this.currentIdentity = identity;
      this.podText = text ?? '';
      await this.killRunning();
      this.attempt = 0;
      this.restartAt = 0;
    }
    if (identity === null) return;
    const running = this.containers.some((c) => c.state === 'running');
    if (!running && Date.now() >= this.restartAt) await this.startContainer();
  }

  private hostPathProblem(): string | null {
    const pod = readPod(this.podText);
    for (const volume of pod.volumes) {
      if (volume.hostPath === undefined) continue;
      const onHost = join(this.options.root, volume.hostPath);
      if (volume.type === 'File' && !(existsSync(onHost) && statSync(onHost).isFile()))
        return `MountVolume.SetUp failed for volume "${volume.name}": hostPath type check failed: ${volume.hostPath} is not a file`;
      if (volume.type === 'Directory' && !(existsSync(onHost) && statSync(onHost).isDirectory()))
        return `MountVolume.SetUp failed for volume "${volume.name}": hostPath type check failed: ${volume.hostPath} is not a directory`;
      if (volume.type === 'DirectoryOrCreate') mkdirSync(onHost, { recursive: true, mode: 0o755 });
    }
    return null;
  }

  private backOff(): void {
    this.attempt++;
    this.restartAt = Date.now() + Math.min(1000, 50 * 2 ** this.attempt);
  }

  private async startContainer(): Promise<void> {
    const problem = this.hostPathProblem();
    if (problem) {
      this.note(problem);
      this.backOff();
      return;
    }
    const id = randomBytes(32).toString('hex');
    const podFile = join(this.stateDir, `pod-${id}.yaml`);
    writeFileSync(podFile, this.podText);
    const logFd = openSync(join(this.stateDir, 'logs', `${id}.log`), 'a', 0o644);
    const child = spawn(
      process.execPath,
      [this.bundle, '--root', this.options.root, '--pod', podFile, '--port', String(this.options.port)],
      {
        stdio: ['ignore', logFd, logFd],
      },
    );
    closeSync(logFd);
    const container: Container = {
      id,
      state: 'running',
      createdNs: `${BigInt(Date.now()) * 1_000_000n}`,
      attempt: this.attempt,
      process: child,
    };
    container.exited = new Promise((resolve) => {
      child.once('exit', () => {
        container.state = 'exited';
        container.process = undefined;
        this.saveState();
        if (!container.killed) this.backOff();
        resolve();
      });
    });
    this.containers.push(container);
    this.saveState();
  }

  private async killRunning(): Promise<void> {
    for (const container of this.containers) {
      if (container.state !== 'running' || !container.process) continue;
      container.killed = true;
      container.process.kill('SIGKILL');
      await container.exited;
    }
  }

  private saveState(): void {
    const lines = this.containers.map((c) => `${c.id} kube-apiserver ${c.state} ${c.createdNs} ${c.attempt}\n`);
    const tmp = join(this.stateDir, '.containers.tmp');
    writeFileSync(tmp, lines.join(''), { mode: 0o644 });
    renameSync(tmp, join(this.stateDir, 'containers'));
  }
}
