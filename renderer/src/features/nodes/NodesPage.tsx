import { Box, Typography } from '@mui/material';

export default function NodesPage() {
  return (
    <Box sx={{ p: 3 }}>
      <Typography variant="h6" component="h2">
        Nodes
      </Typography>
    </Box>
  );
}
