// The plan of every node: its preflight checks, the editor's notes and the exact diffs.
import CheckCircleOutlineOutlined from '@mui/icons-material/CheckCircleOutlineOutlined';
import ErrorOutlineOutlined from '@mui/icons-material/ErrorOutlineOutlined';
import WarningAmber from '@mui/icons-material/WarningAmber';
import { Alert, Box, List, ListItem, ListItemIcon, ListItemText, Typography } from '@mui/material';
import type { RolloutPlan } from '../../../../shared/apply/types.ts';
import ChangeDiff from './ChangeDiff.tsx';

const ICONS = {
  ok: <CheckCircleOutlineOutlined color="success" fontSize="small" />,
  warning: <WarningAmber color="warning" fontSize="small" />,
  failed: <ErrorOutlineOutlined color="error" fontSize="small" />,
};

export default function PlanReview({ plan }: { plan: RolloutPlan }) {
  return (
    <Box>
      {plan.nodes.map((node) => (
        <Box key={node.nodeId} component="section" aria-label={`Plan for ${node.label}`} sx={{ mb: 3 }}>
          <Typography variant="h6" component="h3">
            {node.label} {node.kubernetesVersion ? `· Kubernetes ${node.kubernetesVersion}` : ''}
          </Typography>
          <List dense>
            {node.checks.map((check, index) => (
              <ListItem key={index} data-check-status={check.status}>
                <ListItemIcon sx={{ minWidth: 32 }} aria-label={check.status}>
                  {ICONS[check.status]}
                </ListItemIcon>
                <ListItemText primary={check.label} secondary={check.detail} />
              </ListItem>
            ))}
          </List>
          {node.blocked && (
            <Alert severity="error">
              A check failed: nothing will be written to this node. Fix it and review again.
            </Alert>
          )}
          {!node.blocked && node.changes.length === 0 && (
            <Alert severity="info">Already up to date: nothing to change on this node.</Alert>
          )}
          {node.changes.map((change) => (
            <ChangeDiff key={change.path} change={change} />
          ))}
        </Box>
      ))}
    </Box>
  );
}
