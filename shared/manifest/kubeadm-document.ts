// Locating the ClusterConfiguration in a kubeadm config (the ConfigMap's data.ClusterConfiguration string, or a
// multi-document kubeadm config file) and the shape of its apiServer section.
import { isMap, isSeq, type Document, type YAMLMap } from 'yaml';
import { detectLayout, type BlockLayout } from './block-layout.ts';
import { parseDocuments, refuseTemplates } from './parse-guards.ts';
import { ManifestRefusal } from './result.ts';
import type { SourceText } from './source-text.ts';
import { findPair, getString, type AnyPair } from './yaml-nodes.ts';

export interface KubeadmClusterConfig {
  source: SourceText;
  document: Document.Parsed;
  root: YAMLMap;
  apiVersion: string;
  /** v1beta4 writes extraArgs as a list of {name, value}; older versions as a map. */
  argsForm: 'list' | 'map';
  apiServerPair?: AnyPair;
  layout: BlockLayout;
}

export function loadClusterConfiguration(source: SourceText): KubeadmClusterConfig {
  refuseTemplates(source);
  const documents = parseDocuments(source);
  const found = documents.filter(
    (document) => isMap(document.contents) && getString(document.contents, 'kind') === 'ClusterConfiguration',
  );
  if (found.length === 0) {
    const kinds = documents
      .map((document) => (isMap(document.contents) ? getString(document.contents, 'kind') : undefined))
      .filter(Boolean);
    throw new ManifestRefusal(
      'not-apiserver-manifest',
      `no kubeadm ClusterConfiguration found${kinds.length ? ` (kinds present: ${kinds.join(', ')})` : ''}`,
    );
  }
  if (found.length > 1)
    throw new ManifestRefusal(
      'not-apiserver-manifest',
      'more than one ClusterConfiguration document',
      found[1]!.range[0],
    );
  const document = found[0]!;
  const root = document.contents as YAMLMap;
  const apiVersion = getString(root, 'apiVersion') ?? '';
  if (!/^kubeadm\.k8s\.io\/v1beta[234]$/.test(apiVersion)) {
    throw new ManifestRefusal(
      'not-apiserver-manifest',
      `unsupported ClusterConfiguration apiVersion "${apiVersion}" (expected kubeadm.k8s.io/v1beta2, v1beta3 or v1beta4)`,
      root.range?.[0],
    );
  }
  const apiServerPair = findPair(root, 'apiServer');
  const apiServer = apiServerPair?.value;
  const extraArgs = isMap(apiServer) ? findPair(apiServer, 'extraArgs')?.value : undefined;
  const argsForm = isSeq(extraArgs)
    ? 'list'
    : isMap(extraArgs)
      ? 'map'
      : apiVersion.endsWith('v1beta4')
        ? 'list'
        : 'map';
  return { source, document, root, apiVersion, argsForm, apiServerPair, layout: detectLayout(source, root) };
}
