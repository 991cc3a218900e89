import Editor from '@monaco-editor/react';
import { Box, Paper, Typography, useTheme } from '@mui/material';
import '../../monaco/setup.ts';

const SAMPLE = `apiVersion: audit.k8s.io/v1
kind: Policy
rules:
  - level: Metadata
`;

export default function PolicyPage() {
  const theme = useTheme();
  return (
    <Box sx={{ display: 'flex', flex: 1, minHeight: 0, gap: 2, p: 2 }}>
      <Paper variant="outlined" sx={{ flex: 1, p: 2 }}>
        <Typography variant="h6" component="h2">
          Policy rules
        </Typography>
      </Paper>
      <Paper variant="outlined" sx={{ flex: 1, minHeight: 0 }} role="region" aria-label="Policy YAML">
        <Editor
          path="file:///policy.yaml"
          defaultLanguage="yaml"
          defaultValue={SAMPLE}
          theme={theme.palette.mode === 'dark' ? 'vs-dark' : 'vs'}
          options={{ minimap: { enabled: false }, fontSize: 13 }}
        />
      </Paper>
    </Box>
  );
}
