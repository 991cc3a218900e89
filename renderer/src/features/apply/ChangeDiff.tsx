// One planned file change side by side (Monaco's diff editor), with its path and role.
import '../../monaco/setup.ts';
import { DiffEditor } from '@monaco-editor/react';
import { Box, Typography, useTheme } from '@mui/material';
import type { FileChange } from '../../../../shared/apply/types.ts';

const ROLE_NAMES: Record<FileChange['role'], string> = {
  policy: 'Policy file',
  manifest: 'kube-apiserver manifest',
  'webhook-config': 'Webhook kubeconfig',
  'kubeadm-config': 'kubeadm-config ConfigMap',
};

export default function ChangeDiff({ change }: { change: FileChange }) {
  const theme = useTheme();
  const lines = Math.max((change.before ?? '').split('\n').length, (change.after ?? '').split('\n').length);
  return (
    <Box sx={{ mb: 2 }} data-testid="change-diff">
      <Typography variant="subtitle2" component="h4">
        {ROLE_NAMES[change.role]}: <code>{change.path}</code>
        {change.before === null ? ' (new file)' : change.after === null ? ' (removed)' : ''}
      </Typography>
      <Box
        sx={{ height: Math.min(420, 40 + lines * 19), border: 1, borderColor: 'divider' }}
        aria-label={`Diff of ${change.path}`}
        role="group"
      >
        <DiffEditor
          original={change.before ?? ''}
          modified={change.after ?? ''}
          language="yaml"
          theme={theme.palette.mode === 'dark' ? 'vs-dark' : 'vs'}
          options={{
            readOnly: true,
            renderSideBySide: true,
            minimap: { enabled: false },
            scrollBeyondLastLine: false,
            automaticLayout: true,
          }}
        />
      </Box>
    </Box>
  );
}
