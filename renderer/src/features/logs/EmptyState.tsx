// What to do when no log is open yet.
import DescriptionIcon from '@mui/icons-material/Description';
import { Box, Paper, Typography } from '@mui/material';

export function EmptyState() {
  return (
    <Box sx={{ flex: 1, display: 'flex', alignItems: 'center', justifyContent: 'center', p: 4 }}>
      <Paper variant="outlined" sx={{ p: 4, maxWidth: 620, textAlign: 'center' }}>
        <DescriptionIcon color="primary" sx={{ fontSize: 44, mb: 1 }} />
        <Typography variant="h6" component="h2" sx={{ mb: 1 }}>
          Open an audit log to explore it
        </Typography>
        <Typography variant="body2" color="text.secondary" sx={{ mb: 2 }}>
          Use <b>Open file</b> for a log on this computer, <b>Open path…</b> for a file or folder on the machine
          Auditscope runs on (rotated sets are read in order, .gz included), or drop files on this page. No cluster at
          hand? <b>Try the sample log</b>: real events from the Falco project's audit traces.
        </Typography>
        <Typography variant="body2" color="text.secondary">
          Then ask questions with the query language, e.g. <code>verb:delete resource:secrets</code>,{' '}
          <code>code&gt;=400 -user:system:*</code> or <code>latency&gt;1s</code>, or start from an investigation.
        </Typography>
      </Paper>
    </Box>
  );
}
