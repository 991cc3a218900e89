// Paths of the real Kubernetes test binaries (kube-apiserver, kubectl, etcd, policy-oracle), built once per
// machine by test/kube/build.sh into a version-keyed cache; set AUDITSCOPE_K8S_VERSION to pick another release.
import { spawn } from 'node:child_process';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface KubeBinaries {
  dir: string;
  kubeApiserver: string;
  kubectl: string;
  etcd: string;
  policyOracle: string;
  /** Kubernetes release as its binaries report it, e.g. "v1.36.3". */
  version: string;
}

const buildScript = join(dirname(fileURLToPath(import.meta.url)), 'build.sh');
let pending: Promise<KubeBinaries> | undefined;

/** Builds on first use (minutes when the cache is cold, milliseconds after); later calls share the result. */
export function kubeBinaries(): Promise<KubeBinaries> {
  pending ??= runBuild().then((dir) => ({
    dir,
    kubeApiserver: join(dir, 'kube-apiserver'),
    kubectl: join(dir, 'kubectl'),
    etcd: join(dir, 'etcd'),
    policyOracle: join(dir, 'policy-oracle'),
    // The cache key starts with the release: <k8s>-<etcd>-<go>-<os>-<arch>/bin.
    version: `v${basename(dirname(dir)).split('-')[0]}`,
  }));
  return pending;
}

function runBuild(): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn('bash', [buildScript], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderrTail = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      process.stderr.write(chunk); // a cold build takes minutes: show its progress
      stderrTail = (stderrTail + chunk).slice(-4000);
    });
    child.on('error', (error) => reject(new Error(`cannot run ${buildScript}: ${error.message}`)));
    child.on('close', (code) => {
      const dir = stdout.trim();
      if (code === 0 && dir.startsWith('/')) resolve(dir);
      else reject(new Error(`${buildScript} exited ${code}: ${stderrTail.trim()}`));
    });
  });
}
