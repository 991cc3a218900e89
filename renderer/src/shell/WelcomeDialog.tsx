// First-run welcome: the three ways into the app. Any choice (or skipping) marks it seen in the settings store.
import DnsOutlinedIcon from '@mui/icons-material/DnsOutlined';
import ManageSearchOutlinedIcon from '@mui/icons-material/ManageSearchOutlined';
import PolicyOutlinedIcon from '@mui/icons-material/PolicyOutlined';
import {
  Box,
  Button,
  Card,
  CardActionArea,
  Dialog,
  DialogActions,
  DialogContent,
  DialogTitle,
  Stack,
  Typography,
} from '@mui/material';
import { Logo } from './Logo.tsx';
import type { SectionId } from './sections.ts';

interface WayIn {
  section: SectionId;
  title: string;
  description: string;
  hint: string;
  Icon: typeof PolicyOutlinedIcon;
}

const WAYS_IN: WayIn[] = [
  {
    section: 'policy',
    title: 'Start a policy from a preset',
    description: 'Begin with a ready-made audit policy and tune it rule by rule, with live checks as you type.',
    hint: 'Opens the preset gallery; New policy brings it back later.',
    Icon: PolicyOutlinedIcon,
  },
  {
    section: 'nodes',
    title: 'Connect a control-plane node',
    description: 'Reach a node over SSH, see its current audit settings and apply a policy to it.',
    hint: 'You need SSH access and sudo on the node.',
    Icon: DnsOutlinedIcon,
  },
  {
    section: 'logs',
    title: 'Open an audit log',
    description: 'Filter and query audit events, from a file on disk or a node, to see who did what.',
    hint: 'No log at hand? The bundled sample log works offline.',
    Icon: ManageSearchOutlinedIcon,
  },
];

interface Props {
  open: boolean;
  /** Called with the chosen section, or null when the user skips. */
  onChoose(section: SectionId | null): void;
}

export function WelcomeDialog({ open, onChoose }: Props) {
  return (
    <Dialog open={open} onClose={() => onChoose(null)} maxWidth="md" fullWidth aria-labelledby="welcome-title">
      <DialogTitle id="welcome-title" sx={{ display: 'flex', alignItems: 'center', gap: 1.5 }}>
        <Logo size={32} />
        Welcome to Auditscope
      </DialogTitle>
      <DialogContent>
        <Typography sx={{ mb: 2 }} color="text.secondary">
          A workbench for Kubernetes API-server audit logging. Pick a way in — everything stays reachable from the tabs
          at the top.
        </Typography>
        <Stack
          direction={{ xs: 'column', md: 'row' }}
          spacing={2}
          component="ul"
          sx={{ p: 0, m: 0, listStyle: 'none' }}
        >
          {WAYS_IN.map(({ section, title, description, hint, Icon }) => (
            <Card key={section} variant="outlined" component="li" sx={{ flex: 1, display: 'flex' }}>
              <CardActionArea
                onClick={() => onChoose(section)}
                aria-labelledby={`welcome-${section}-title`}
                aria-describedby={`welcome-${section}-description`}
                sx={{ p: 2, display: 'flex', flexDirection: 'column', alignItems: 'flex-start', gap: 1 }}
              >
                <Icon color="primary" fontSize="large" aria-hidden />
                <Typography id={`welcome-${section}-title`} variant="subtitle1" component="h2" sx={{ fontWeight: 600 }}>
                  {title}
                </Typography>
                <Box id={`welcome-${section}-description`}>
                  <Typography variant="body2">{description}</Typography>
                  <Typography variant="body2" color="text.secondary" sx={{ mt: 1 }}>
                    {hint}
                  </Typography>
                </Box>
              </CardActionArea>
            </Card>
          ))}
        </Stack>
      </DialogContent>
      <DialogActions>
        <Button onClick={() => onChoose(null)}>Skip for now</Button>
      </DialogActions>
    </Dialog>
  );
}
