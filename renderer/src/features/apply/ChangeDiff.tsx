// One planned file change side by side (Monaco's diff editor), with its path and role.
import '../../monaco/setup.ts';
import { DiffEditor } from '@monaco-editor/react';
import { Box, Typography, useTheme } from '@mui/material';
import { useEffect, useRef } from 'react';
import type { FileChange } from '../../../../shared/apply/types.ts';
import type { monaco } from '../../monaco/setup.ts';

type DiffModels = ReturnType<monaco.editor.IStandaloneDiffEditor['getModel']>;

const ROLE_NAMES: Record<FileChange['role'], string> = {
  policy: 'Policy file',
  manifest: 'kube-apiserver manifest',
  'webhook-config': 'Webhook kubeconfig',
  'kubeadm-config': 'kubeadm-config ConfigMap',
};

export default function ChangeDiff({ change }: { change: FileChange }) {
  const theme = useTheme();
  // @monaco-editor/react disposes a diff editor's models before the editor itself ("TextModel got disposed before
  // DiffEditorWidget model got reset"): it keeps them, and they are disposed here once the editor is gone.
  const models = useRef<DiffModels>(null);
  useEffect(
    () => () => {
      const mounted = models.current;
      setTimeout(() => {
        mounted?.original.dispose();
        mounted?.modified.dispose();
      });
    },
    [],
  );
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
          keepCurrentOriginalModel
          keepCurrentModifiedModel
          onMount={(editor) => {
            models.current = editor.getModel();
          }}
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
