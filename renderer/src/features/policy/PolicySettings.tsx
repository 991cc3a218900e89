// Policy-wide settings: omitStages, omitManagedFields and the Kubernetes version everything is checked against.
import {
  FormControl,
  FormControlLabel,
  InputLabel,
  MenuItem,
  Paper,
  Select,
  Stack,
  Switch,
  Typography,
} from '@mui/material';
import { MAX_KUBE_MINOR, MIN_KUBE_MINOR, type KubeVersion, type Policy } from '../../../../shared/policy/types.ts';
import { StageCheckboxes } from './StageCheckboxes.tsx';

interface Props {
  policy: Policy;
  version: KubeVersion;
  disabled: boolean;
  onVersion(version: KubeVersion): void;
  onOmitStages(value: string[]): void;
  onOmitManagedFields(value: boolean): void;
}

const MINORS = Array.from({ length: MAX_KUBE_MINOR - MIN_KUBE_MINOR + 1 }, (_, i) => MAX_KUBE_MINOR - i);

export function PolicySettings({ policy, version, disabled, onVersion, onOmitStages, onOmitManagedFields }: Props) {
  return (
    <Paper variant="outlined" sx={{ p: 2 }} component="section" aria-label="Policy settings">
      <Typography variant="subtitle1" component="h2" sx={{ fontWeight: 600, mb: 1.5 }}>
        Policy settings
      </Typography>
      <Stack spacing={2}>
        <FormControl size="small">
          <InputLabel id="kube-version">Kubernetes version</InputLabel>
          <Select
            labelId="kube-version"
            label="Kubernetes version"
            value={version.minor}
            onChange={(event) => onVersion({ major: 1, minor: Number(event.target.value) })}
          >
            {MINORS.map((minor) => (
              <MenuItem key={minor} value={minor}>
                1.{minor}
              </MenuItem>
            ))}
          </Select>
        </FormControl>
        <StageCheckboxes
          label="Omit stages for every request"
          value={policy.omitStages}
          disabled={disabled}
          helperText="Omitting RequestReceived halves the volume with almost no loss."
          onChange={onOmitStages}
        />
        <FormControlLabel
          control={
            <Switch
              checked={policy.omitManagedFields}
              disabled={disabled}
              onChange={(event) => onOmitManagedFields(event.target.checked)}
            />
          }
          label="Omit managed fields from logged bodies"
        />
      </Stack>
    </Paper>
  );
}
