// The Nodes section: clusters and their control-plane nodes, connection tests and probes with a status card per
// node, and the dialogs a check can need (unknown host key, secrets).
import CreateNewFolderIcon from '@mui/icons-material/CreateNewFolderOutlined';
import FileUploadIcon from '@mui/icons-material/FileUploadOutlined';
import PolicyIcon from '@mui/icons-material/PolicyOutlined';
import { Alert, Box, Button, Paper, Stack, Typography } from '@mui/material';
import { lazy, Suspense, useState } from 'react';
import type { Cluster, DetectedPaths, NodeInput, NodeProfile } from '../../../../shared/ipc/contract/nodes.ts';
import { api, errorMessage } from '../../api/client.ts';
import { Loading } from '../../shell/Loading.tsx';
import { ClusterSection } from './ClusterSection.tsx';
import { ConfirmDialog } from './ConfirmDialog.tsx';
import { HostKeyDialog } from './HostKeyDialog.tsx';
import { ImportSshConfigDialog } from './ImportSshConfigDialog.tsx';
import { NameDialog } from './NameDialog.tsx';
import { NodeCard } from './NodeCard.tsx';
import { NodeFormDialog } from './NodeFormDialog.tsx';
import { SecretDialog } from './SecretDialog.tsx';
import { useNodes } from './useNodes.ts';

// The Apply flow (its own feature), opened per cluster with that cluster's nodes.
const ApplyPanel = lazy(() => import('../apply/ApplyPanel.tsx'));

type NodeForm = { mode: 'add'; clusterId: string } | { mode: 'edit'; node: NodeProfile };
type Removal = { kind: 'cluster'; cluster: Cluster } | { kind: 'node'; node: NodeProfile };
type ClusterNaming = { mode: 'add' } | { mode: 'rename'; cluster: Cluster };

const withoutId = ({ id: _id, ...input }: NodeProfile): NodeInput => input;

export default function NodesPage() {
  const nodes = useNodes();
  const { state, prompt } = nodes;
  const [nodeForm, setNodeForm] = useState<NodeForm | null>(null);
  const [formError, setFormError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const [naming, setNaming] = useState<ClusterNaming | null>(null);
  const [removal, setRemoval] = useState<Removal | null>(null);
  const [importing, setImporting] = useState(false);
  const [secretError, setSecretError] = useState<string | null>(null);
  const [applyClusterId, setApplyClusterId] = useState<string | null>(null);

  const allNodes = state.clusters.flatMap((cluster) => cluster.nodes);
  const nodeById = (id: string) => allNodes.find((node) => node.id === id);

  // Every change this window makes is followed by a reload: the page must not depend on the nodes.changed event
  // for its own actions (events sent before the event socket is open are not delivered).
  const act = async (action: () => Promise<unknown>) => {
    try {
      await action();
      nodes.setError(null);
    } catch (failure) {
      nodes.setError(errorMessage(failure));
    }
    await nodes.refresh();
  };

  const saveNode = async (input: NodeInput) => {
    if (!nodeForm) return;
    setSaving(true);
    try {
      if (nodeForm.mode === 'add') await api.call('nodes.addNode', { clusterId: nodeForm.clusterId, node: input });
      else await api.call('nodes.updateNode', { nodeId: nodeForm.node.id, node: input });
      setNodeForm(null);
      setFormError(null);
      await nodes.refresh();
    } catch (failure) {
      setFormError(errorMessage(failure));
    } finally {
      setSaving(false);
    }
  };

  const applyDetectedPaths = (node: NodeProfile, paths: DetectedPaths) =>
    act(() =>
      api.call('nodes.updateNode', {
        nodeId: node.id,
        node: { ...withoutId(node), paths: { ...node.paths, ...paths } },
      }),
    );

  const answerSecret = async (value: string, remember: boolean) => {
    if (!prompt || prompt.outcome.kind !== 'secret-required') return;
    try {
      await api.call('nodes.provideSecret', { nodeId: prompt.nodeId, secret: prompt.outcome.secret, value, remember });
      setSecretError(null);
      nodes.setPrompt(null);
      await nodes.check(prompt.nodeId, prompt.mode);
    } catch (failure) {
      setSecretError(errorMessage(failure));
    }
  };

  const trustHostKey = async () => {
    if (!prompt || prompt.outcome.kind !== 'host-key-unknown') return;
    const { host, port, fingerprintSha256 } = prompt.outcome;
    nodes.setPrompt(null);
    await nodes.check(prompt.nodeId, prompt.mode, { host, port, fingerprintSha256 });
  };

  if (!nodes.loaded) return <Loading label="Loading nodes" />;
  const promptNode = prompt ? nodeById(prompt.nodeId) : undefined;

  return (
    <Box sx={{ flex: 1, overflow: 'auto', p: 2 }}>
      <Paper
        variant="outlined"
        role="toolbar"
        aria-label="Nodes"
        sx={{ px: 1.5, py: 0.75, mb: 2, display: 'flex', alignItems: 'center', gap: 1 }}
      >
        <Typography variant="h6" component="h2" sx={{ mr: 1 }}>
          Nodes
        </Typography>
        <Button size="small" startIcon={<CreateNewFolderIcon />} onClick={() => setNaming({ mode: 'add' })}>
          Add cluster
        </Button>
        <Button size="small" startIcon={<FileUploadIcon />} onClick={() => setImporting(true)}>
          Import from SSH config
        </Button>
        <Box sx={{ flex: 1 }} />
        <Typography variant="caption" color="text.secondary" title={state.inventoryPath}>
          {allNodes.length} node{allNodes.length === 1 ? '' : 's'} in {state.clusters.length} cluster
          {state.clusters.length === 1 ? '' : 's'}
        </Typography>
      </Paper>

      {nodes.error && (
        <Alert severity="error" sx={{ mb: 2 }} onClose={() => nodes.setError(null)}>
          {nodes.error}
        </Alert>
      )}
      {state.problems.map((problem) => (
        <Alert key={problem} severity="warning" sx={{ mb: 2 }}>
          The node inventory could not be read: {problem}
        </Alert>
      ))}

      {state.clusters.length === 0 ? (
        <Paper variant="outlined" sx={{ p: 4, textAlign: 'center', maxWidth: 640, mx: 'auto', mt: 4 }}>
          <Typography variant="h6" component="h3" gutterBottom>
            No clusters yet
          </Typography>
          <Typography color="text.secondary" sx={{ mb: 2 }}>
            Add a cluster, then its control-plane nodes (the hosts running kube-apiserver) with their SSH login. Probe a
            node to see its Kubernetes distribution, the kube-apiserver manifest and whether audit logging is on. Hosts
            you already reach with ssh can be imported from ~/.ssh/config.
          </Typography>
          <Stack direction="row" spacing={1} sx={{ justifyContent: 'center' }}>
            <Button variant="contained" startIcon={<CreateNewFolderIcon />} onClick={() => setNaming({ mode: 'add' })}>
              Add cluster
            </Button>
            <Button variant="outlined" startIcon={<FileUploadIcon />} onClick={() => setImporting(true)}>
              Import from SSH config
            </Button>
          </Stack>
        </Paper>
      ) : (
        state.clusters.map((cluster) => (
          <ClusterSection
            key={cluster.id}
            cluster={cluster}
            onAddNode={() => {
              setFormError(null);
              setNodeForm({ mode: 'add', clusterId: cluster.id });
            }}
            onRename={() => setNaming({ mode: 'rename', cluster })}
            onRemove={() => setRemoval({ kind: 'cluster', cluster })}
            actions={
              <Button
                size="small"
                startIcon={<PolicyIcon />}
                disabled={cluster.nodes.length === 0}
                onClick={() => setApplyClusterId(cluster.id)}
              >
                Apply audit policy
              </Button>
            }
          >
            {cluster.nodes.map((node) => (
              <NodeCard
                key={node.id}
                node={node}
                status={state.statuses[node.id]}
                running={nodes.running[node.id]}
                secrets={state.secrets[node.id] ?? []}
                onCheck={(mode) => void nodes.check(node.id, mode)}
                onCancel={() => void nodes.cancel(node.id)}
                onEdit={() => {
                  setFormError(null);
                  setNodeForm({ mode: 'edit', node });
                }}
                onRemove={() => setRemoval({ kind: 'node', node })}
                onForgetSecrets={() => void act(() => api.call('nodes.forgetSecrets', { nodeId: node.id }))}
                onAnswer={() => {
                  const outcome = state.statuses[node.id]?.outcome;
                  const mode = state.statuses[node.id]?.mode ?? 'probe';
                  if (outcome?.kind === 'host-key-unknown' || outcome?.kind === 'secret-required') {
                    nodes.setPrompt({ nodeId: node.id, mode, outcome } as NonNullable<typeof prompt>);
                  }
                }}
                onUseDetectedPaths={(paths) => void applyDetectedPaths(node, paths)}
              />
            ))}
          </ClusterSection>
        ))
      )}

      {nodeForm && (
        <NodeFormDialog
          open
          title={nodeForm?.mode === 'edit' ? `Edit ${nodeForm.node.name}` : 'Add node'}
          initial={nodeForm?.mode === 'edit' ? withoutId(nodeForm.node) : null}
          busy={saving}
          error={formError}
          onCancel={() => setNodeForm(null)}
          onSave={(input) => void saveNode(input)}
        />
      )}
      {naming && (
        <NameDialog
          open
          title={naming?.mode === 'rename' ? 'Rename cluster' : 'Add cluster'}
          label="Cluster name"
          initial={naming?.mode === 'rename' ? naming.cluster.name : ''}
          confirmLabel={naming?.mode === 'rename' ? 'Rename' : 'Add cluster'}
          onCancel={() => setNaming(null)}
          onConfirm={(name) => {
            const current = naming;
            setNaming(null);
            void act(() =>
              current?.mode === 'rename'
                ? api.call('nodes.renameCluster', { clusterId: current.cluster.id, name })
                : api.call('nodes.addCluster', { name }),
            );
          }}
        />
      )}
      {removal && (
        <ConfirmDialog
          title={
            removal.kind === 'cluster' ? `Remove cluster ${removal.cluster.name}?` : `Remove node ${removal.node.name}?`
          }
          text={
            removal.kind === 'cluster'
              ? `The cluster and its ${removal.cluster.nodes.length} node(s) are removed from Auditscope, with any secrets held for them. Nothing changes on the nodes.`
              : 'The node is removed from Auditscope, with any secrets held for it. Nothing changes on the node.'
          }
          confirmLabel="Remove"
          onCancel={() => setRemoval(null)}
          onConfirm={() => {
            const current = removal;
            setRemoval(null);
            void act(() =>
              current.kind === 'cluster'
                ? api.call('nodes.removeCluster', { clusterId: current.cluster.id })
                : api.call('nodes.removeNode', { nodeId: current.node.id }),
            );
          }}
        />
      )}
      {applyClusterId && (
        <Suspense fallback={null}>
          <ApplyPanel
            open
            onClose={() => setApplyClusterId(null)}
            nodes={state.clusters.find((cluster) => cluster.id === applyClusterId)?.nodes ?? []}
          />
        </Suspense>
      )}
      {importing && (
        <ImportSshConfigDialog
          clusters={state.clusters}
          onClose={() => {
            setImporting(false);
            void nodes.refresh();
          }}
        />
      )}
      {prompt?.outcome.kind === 'host-key-unknown' && (
        <HostKeyDialog
          nodeName={promptNode?.name ?? prompt.nodeId}
          outcome={prompt.outcome}
          onCancel={() => nodes.setPrompt(null)}
          onTrust={() => void trustHostKey()}
        />
      )}
      {prompt?.outcome.kind === 'secret-required' && (
        <SecretDialog
          key={`${prompt.nodeId}-${JSON.stringify(prompt.outcome.secret)}-${prompt.outcome.reason}`}
          outcome={prompt.outcome}
          canRemember={state.canRememberSecrets}
          busy={false}
          error={secretError}
          onCancel={() => {
            setSecretError(null);
            nodes.setPrompt(null);
          }}
          onSubmit={(value, remember) => void answerSecret(value, remember)}
        />
      )}
    </Box>
  );
}
