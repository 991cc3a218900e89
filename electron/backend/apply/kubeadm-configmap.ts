// The kubeadm-config ConfigMap's ClusterConfiguration, read and written with kubectl on the node using kubeadm's
// admin.conf, so `kubeadm upgrade` regenerates the manifest with the audit settings.
import type { RemoteNode } from './remote-node.ts';

export const ADMIN_KUBECONFIG = '/etc/kubernetes/admin.conf';

async function kubectl(node: RemoteNode): Promise<string> {
  const path = await node.tool('kubectl');
  if (!path) throw new Error('kubectl was not found on the node');
  return path;
}

/** null when there is no kubectl, no admin.conf or no kubeadm-config ConfigMap (not a kubeadm cluster). */
export async function readClusterConfiguration(node: RemoteNode): Promise<{ text: string | null; why: string }> {
  const path = await node.tool('kubectl');
  if (!path) return { text: null, why: 'kubectl was not found on the node' };
  if (!(await node.stat(ADMIN_KUBECONFIG))) return { text: null, why: `${ADMIN_KUBECONFIG} does not exist` };
  const result = await node.exec([
    path,
    '--kubeconfig',
    node.at(ADMIN_KUBECONFIG),
    '-n',
    'kube-system',
    'get',
    'configmap',
    'kubeadm-config',
    '-o',
    'jsonpath={.data.ClusterConfiguration}',
  ]);
  if (result.code !== 0)
    return { text: null, why: `kubectl get configmap kubeadm-config failed: ${result.stderr.trim()}` };
  return { text: result.stdout, why: '' };
}

export async function writeClusterConfiguration(node: RemoteNode, text: string): Promise<void> {
  const patch = JSON.stringify({ data: { ClusterConfiguration: text } });
  await node.run(
    [
      await kubectl(node),
      '--kubeconfig',
      node.at(ADMIN_KUBECONFIG),
      '-n',
      'kube-system',
      'patch',
      'configmap',
      'kubeadm-config',
      '--type',
      'merge',
      '--patch-file',
      '/dev/stdin',
    ],
    patch,
  );
}
