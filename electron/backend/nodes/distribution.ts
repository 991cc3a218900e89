// Which Kubernetes distribution runs on a node. Auditscope's apply procedure is for kubeadm-style static pods;
// k3s, RKE2 and MicroK8s configure the apiserver elsewhere and must be told apart clearly.

import type { Distribution } from '../../../shared/nodes/probe-result.ts';

export type { Distribution };

/** Node paths whose existence points at a distribution (checked under the probe's root prefix). */
export const DISTRIBUTION_MARKERS: Record<Exclude<Distribution, 'unknown'>, string[]> = {
  k3s: ['/etc/rancher/k3s', '/var/lib/rancher/k3s', '/usr/local/bin/k3s'],
  rke2: ['/etc/rancher/rke2', '/var/lib/rancher/rke2'],
  microk8s: ['/var/snap/microk8s', '/snap/microk8s'],
  kubeadm: ['/etc/kubernetes/admin.conf', '/usr/bin/kubeadm', '/usr/local/bin/kubeadm'],
};

const PROCESS_HINTS: Record<string, Exclude<Distribution, 'unknown'>> = {
  k3s: 'k3s',
  'k3s-server': 'k3s',
  'k3s-agent': 'k3s',
  rke2: 'rke2',
  kubelite: 'microk8s',
};

export const DISTRIBUTION_NOTES: Record<Distribution, string> = {
  kubeadm: 'kubeadm static pod: the audit flags live in the kube-apiserver manifest.',
  k3s:
    'k3s runs the apiserver inside the k3s process: audit flags go into /etc/rancher/k3s/config.yaml ' +
    '(kube-apiserver-arg) and need `systemctl restart k3s`. This needs a different procedure than kubeadm.',
  rke2:
    'RKE2 manages its own static pods: set audit-policy-file in /etc/rancher/rke2/config.yaml and restart ' +
    'rke2-server. This needs a different procedure than kubeadm.',
  microk8s:
    'MicroK8s reads apiserver flags from /var/snap/microk8s/current/args/kube-apiserver and needs a MicroK8s ' +
    'restart. This needs a different procedure than kubeadm.',
  unknown: 'No kube-apiserver static pod manifest and no known distribution was found.',
};

export interface DistributionEvidence {
  /** Marker paths that exist, as node paths. */
  markers: string[];
  processes: string[];
  manifestFound: boolean;
}

export function detectDistribution(evidence: DistributionEvidence): Distribution {
  for (const distribution of ['k3s', 'rke2', 'microk8s'] as const) {
    if (evidence.markers.some((path) => DISTRIBUTION_MARKERS[distribution].includes(path))) return distribution;
    if (evidence.processes.some((name) => PROCESS_HINTS[name] === distribution)) return distribution;
  }
  if (evidence.manifestFound) return 'kubeadm';
  if (evidence.markers.some((path) => DISTRIBUTION_MARKERS.kubeadm.includes(path))) return 'kubeadm';
  return 'unknown';
}
