// Gallery of the engine's presets, each with its rationale; picking one starts a new policy from it.
import {
  Box,
  Button,
  Card,
  CardActionArea,
  CardContent,
  Dialog,
  DialogActions,
  DialogContent,
  DialogTitle,
  Typography,
} from '@mui/material';
import { POLICY_PRESETS, type PolicyPreset } from '../../../../shared/policy/presets/index.ts';

interface Props {
  open: boolean;
  onClose(): void;
  onPick(preset: PolicyPreset | null): void;
}

export function PresetsDialog({ open, onClose, onPick }: Props) {
  return (
    <Dialog open={open} onClose={onClose} maxWidth="md" fullWidth aria-labelledby="presets-title">
      <DialogTitle id="presets-title">Start a policy</DialogTitle>
      <DialogContent>
        <Box sx={{ display: 'grid', gridTemplateColumns: 'repeat(auto-fill, minmax(260px, 1fr))', gap: 1.5 }}>
          <Card variant="outlined">
            <CardActionArea onClick={() => onPick(null)} sx={{ height: '100%' }} aria-label="Empty policy">
              <CardContent>
                <Typography variant="subtitle2" sx={{ fontWeight: 600 }}>
                  Empty policy
                </Typography>
                <Typography variant="body2" color="text.secondary">
                  No rules: build your own from scratch.
                </Typography>
              </CardContent>
            </CardActionArea>
          </Card>
          {POLICY_PRESETS.map((preset) => (
            <Card key={preset.id} variant="outlined">
              <CardActionArea
                onClick={() => onPick(preset)}
                sx={{ height: '100%', alignItems: 'flex-start' }}
                aria-label={`Preset: ${preset.name}`}
              >
                <CardContent>
                  <Typography variant="subtitle2" sx={{ fontWeight: 600 }}>
                    {preset.name}
                  </Typography>
                  <Typography variant="body2" sx={{ mb: 1 }}>
                    {preset.description}
                  </Typography>
                  <Typography variant="caption" color="text.secondary">
                    {preset.rationale}
                  </Typography>
                </CardContent>
              </CardActionArea>
            </Card>
          ))}
        </Box>
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>Cancel</Button>
      </DialogActions>
    </Dialog>
  );
}
