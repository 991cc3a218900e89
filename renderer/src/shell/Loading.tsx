import { Box, CircularProgress, Typography } from '@mui/material';

export function Loading({ label }: { label: string }) {
  return (
    <Box sx={{ flex: 1, display: 'grid', placeItems: 'center' }} role="status" aria-live="polite">
      <Box sx={{ display: 'flex', alignItems: 'center', gap: 1.5 }}>
        <CircularProgress size={20} />
        <Typography color="text.secondary">{label}…</Typography>
      </Box>
    </Box>
  );
}
