// Step 1: where the policy and log go, rotation (with a disk-use estimate), webhook backend, kubeadm persistence.
import { Alert, Box, Checkbox, FormControlLabel, Stack, TextField, Typography } from '@mui/material';
import { estimateAuditDiskUse, formatBytes } from '../../../../shared/apply/disk-estimate.ts';
import { webhookKubeconfig } from '../../../../shared/apply/webhook-kubeconfig.ts';
import { formErrors, type SettingsForm } from './settings-form.ts';

interface Props {
  form: SettingsForm;
  onChange: (form: SettingsForm) => void;
}

export default function SettingsStep({ form, onChange }: Props) {
  const errors = formErrors(form);
  const set = <K extends keyof SettingsForm>(key: K, value: SettingsForm[K]) => onChange({ ...form, [key]: value });
  const text = (key: keyof SettingsForm, label: string, helper?: string) => (
    <TextField
      label={label}
      size="small"
      value={form[key] as string}
      onChange={(event) => set(key, event.target.value as never)}
      error={errors[key] !== undefined}
      helperText={errors[key] ?? helper}
      fullWidth
    />
  );
  const estimate = estimateAuditDiskUse({
    maxSize: form.maxSize === '' ? undefined : Number(form.maxSize),
    maxBackup: form.maxBackup === '' ? undefined : Number(form.maxBackup),
    compress: form.compress,
    minor: 36,
  });
  return (
    <Stack spacing={2} sx={{ maxWidth: 760 }}>
      {text('policyPath', 'Policy file on the nodes', 'kept outside /etc/kubernetes/manifests; mounted read-only')}
      {text('logPath', 'Audit log file', 'its folder is mounted into the API server; "-" writes to the container log')}
      <Stack direction="row" spacing={2}>
        {text('maxAge', 'Max age (days)')}
        {text('maxBackup', 'Max backups (files)')}
        {text('maxSize', 'Max size (MB)')}
      </Stack>
      <FormControlLabel
        control={<Checkbox checked={form.compress} onChange={(e) => set('compress', e.target.checked)} />}
        label="Compress rotated files (gzip)"
      />
      {form.logPath !== '' && form.logPath !== '-' && !errors.maxSize && !errors.maxBackup && (
        <Alert severity={estimate.maxBytes === null ? 'warning' : 'info'} data-testid="disk-estimate">
          Disk use per node:{' '}
          {estimate.maxBytes === null ? 'unbounded' : `up to about ${formatBytes(estimate.maxBytes)}`} —{' '}
          {estimate.explanation}.
        </Alert>
      )}
      <FormControlLabel
        control={<Checkbox checked={form.useWebhook} onChange={(e) => set('useWebhook', e.target.checked)} />}
        label="Also send events to a webhook"
      />
      {form.useWebhook && (
        <Box>
          <Stack spacing={2}>
            {text('webhookServer', 'Webhook URL', 'EventList batches are POSTed here')}
            {text('webhookConfigPath', 'Webhook kubeconfig on the nodes')}
            {text('webhookCaPath', 'CA bundle on the nodes (optional)')}
          </Stack>
          {!errors.webhookServer && (
            <>
              <Typography variant="caption">Generated kubeconfig:</Typography>
              <Box
                component="pre"
                sx={{ fontSize: 12, p: 1, bgcolor: 'action.hover', overflow: 'auto' }}
                aria-label="Generated webhook kubeconfig"
              >
                {webhookKubeconfig({
                  configPath: form.webhookConfigPath,
                  server: form.webhookServer,
                  certificateAuthorityPath: form.webhookCaPath || undefined,
                })}
              </Box>
            </>
          )}
        </Box>
      )}
      <FormControlLabel
        control={<Checkbox checked={form.persistKubeadm} onChange={(e) => set('persistKubeadm', e.target.checked)} />}
        label="Also store the settings in the kubeadm-config ConfigMap (kept by kubeadm upgrade)"
      />
      {text(
        'livezUrl',
        'Health URL (advanced, optional)',
        'default: https://127.0.0.1:<--secure-port>/livez, checked from the node',
      )}
    </Stack>
  );
}
