// Add or edit a node profile. No secret is typed here: passwords and passphrases are asked when a connection
// needs them. Mounted per use, so it starts from `initial`. The form is checked with the same schema the backend enforces, errors shown at their field.
import {
  Alert,
  Box,
  Button,
  Checkbox,
  Dialog,
  DialogActions,
  DialogContent,
  DialogTitle,
  FormControl,
  FormControlLabel,
  FormLabel,
  MenuItem,
  Radio,
  RadioGroup,
  Stack,
  TextField,
  Typography,
} from '@mui/material';
import { useState } from 'react';
import {
  DEFAULT_NODE_PATHS,
  nodeInputSchema,
  type NodeAuth,
  type NodeInput,
} from '../../../../shared/ipc/contract/nodes.ts';
import { SUDO_MODE_LABELS } from './format.ts';

interface Props {
  open: boolean;
  title: string;
  initial: NodeInput | null;
  busy: boolean;
  /** A backend error from the last save. */
  error: string | null;
  onCancel(): void;
  onSave(node: NodeInput): void;
}

interface AuthFields {
  kind: NodeAuth['kind'];
  keyPath: string;
}

interface FormState {
  name: string;
  host: string;
  port: string;
  user: string;
  auth: AuthFields;
  useJump: boolean;
  jumpHost: string;
  jumpPort: string;
  jumpUser: string;
  jumpAuth: AuthFields;
  sudo: NodeInput['sudo'];
  manifestPath: string;
  policyPath: string;
  logPath: string;
  fsRoot: string;
}

const authFields = (auth: NodeAuth | undefined): AuthFields => ({
  kind: auth?.kind ?? 'key',
  keyPath: auth?.kind === 'key' ? auth.privateKeyPath : '~/.ssh/id_ed25519',
});

function toForm(node: NodeInput | null): FormState {
  return {
    name: node?.name ?? '',
    host: node?.host ?? '',
    port: String(node?.port ?? 22),
    user: node?.user ?? '',
    auth: authFields(node?.auth),
    useJump: Boolean(node?.jump),
    jumpHost: node?.jump?.host ?? '',
    jumpPort: String(node?.jump?.port ?? 22),
    jumpUser: node?.jump?.user ?? '',
    jumpAuth: authFields(node?.jump?.auth),
    sudo: node?.sudo ?? 'nopasswd',
    ...(node?.paths ?? DEFAULT_NODE_PATHS),
  };
}

const toAuth = (fields: AuthFields): NodeAuth =>
  fields.kind === 'key' ? { kind: 'key', privateKeyPath: fields.keyPath } : { kind: fields.kind };

function toInput(form: FormState): unknown {
  return {
    name: form.name,
    host: form.host,
    port: Number(form.port),
    user: form.user,
    auth: toAuth(form.auth),
    ...(form.useJump
      ? { jump: { host: form.jumpHost, port: Number(form.jumpPort), user: form.jumpUser, auth: toAuth(form.jumpAuth) } }
      : {}),
    sudo: form.sudo,
    paths: {
      manifestPath: form.manifestPath,
      policyPath: form.policyPath,
      logPath: form.logPath,
      fsRoot: form.fsRoot.trim(),
    },
  };
}

function AuthEditor(props: { label: string; value: AuthFields; onChange(value: AuthFields): void; error?: string }) {
  return (
    <FormControl>
      <FormLabel id={`${props.label}-auth`}>{props.label}</FormLabel>
      <RadioGroup
        row
        aria-labelledby={`${props.label}-auth`}
        value={props.value.kind}
        onChange={(event) => props.onChange({ ...props.value, kind: event.target.value as NodeAuth['kind'] })}
      >
        <FormControlLabel value="key" control={<Radio size="small" />} label="Private key file" />
        <FormControlLabel value="agent" control={<Radio size="small" />} label="ssh-agent" />
        <FormControlLabel value="password" control={<Radio size="small" />} label="Password" />
      </RadioGroup>
      {props.value.kind === 'key' && (
        <TextField
          size="small"
          label={`${props.label}: key file`}
          value={props.value.keyPath}
          onChange={(event) => props.onChange({ ...props.value, keyPath: event.target.value })}
          error={Boolean(props.error)}
          helperText={props.error ?? 'Absolute path or ~/…; a passphrase is asked for when the key needs one'}
        />
      )}
      {props.value.kind === 'password' && (
        <Typography variant="caption" color="text.secondary">
          The password is asked for when connecting; it is never stored in the inventory.
        </Typography>
      )}
    </FormControl>
  );
}

export function NodeFormDialog({ open, title, initial, busy, error, onCancel, onSave }: Props) {
  const [form, setForm] = useState<FormState>(() => toForm(initial));
  const [errors, setErrors] = useState<Record<string, string>>({});

  const set = <K extends keyof FormState>(key: K, value: FormState[K]) =>
    setForm((current) => ({ ...current, [key]: value }));
  const field = (
    key: keyof FormState & string,
    label: string,
    path: string = key,
    extra: { helper?: string; type?: string } = {},
  ) => (
    <TextField
      size="small"
      label={label}
      type={extra.type}
      value={form[key] as string}
      onChange={(event) => set(key, event.target.value as never)}
      error={Boolean(errors[path])}
      helperText={errors[path] ?? extra.helper}
      fullWidth
    />
  );

  const submit = () => {
    const parsed = nodeInputSchema.safeParse(toInput(form));
    if (!parsed.success) {
      const found: Record<string, string> = {};
      for (const issue of parsed.error.issues) found[issue.path.join('.')] ??= issue.message;
      setErrors(found);
      return;
    }
    setErrors({});
    onSave(parsed.data);
  };

  return (
    <Dialog open={open} onClose={onCancel} maxWidth="md" fullWidth aria-labelledby="node-form-title">
      <DialogTitle id="node-form-title">{title}</DialogTitle>
      <DialogContent>
        <Box
          component="form"
          noValidate
          onSubmit={(event) => {
            event.preventDefault();
            submit();
          }}
          sx={{ display: 'flex', flexDirection: 'column', gap: 2, pt: 1 }}
        >
          {error && <Alert severity="error">{error}</Alert>}
          <Stack direction="row" spacing={1.5}>
            {field('name', 'Name', 'name', { helper: 'e.g. cp-1' })}
            {field('host', 'Host', 'host', { helper: 'Host name or IP address' })}
            <Box sx={{ width: 140, flexShrink: 0 }}>{field('port', 'Port', 'port', { type: 'number' })}</Box>
            {field('user', 'User', 'user')}
          </Stack>
          <AuthEditor
            label="Authentication"
            value={form.auth}
            onChange={(value) => set('auth', value)}
            error={errors['auth.privateKeyPath']}
          />
          <FormControlLabel
            control={<Checkbox checked={form.useJump} onChange={(event) => set('useJump', event.target.checked)} />}
            label="Connect through a jump host (ProxyJump)"
          />
          {form.useJump && (
            <Box sx={{ pl: 3, display: 'flex', flexDirection: 'column', gap: 1.5 }}>
              <Stack direction="row" spacing={1.5}>
                {field('jumpHost', 'Jump host', 'jump.host')}
                <Box sx={{ width: 140, flexShrink: 0 }}>
                  {field('jumpPort', 'Jump port', 'jump.port', { type: 'number' })}
                </Box>
                {field('jumpUser', 'Jump user', 'jump.user')}
              </Stack>
              <AuthEditor
                label="Jump host authentication"
                value={form.jumpAuth}
                onChange={(value) => set('jumpAuth', value)}
                error={errors['jump.auth.privateKeyPath']}
              />
            </Box>
          )}
          <TextField
            select
            size="small"
            label="Sudo"
            value={form.sudo}
            onChange={(event) => set('sudo', event.target.value as NodeInput['sudo'])}
            helperText="Reading the manifest and the audit files needs root; the sudo password is asked for when needed"
            sx={{ maxWidth: 420 }}
          >
            {(['none', 'nopasswd', 'password'] as const).map((mode) => (
              <MenuItem key={mode} value={mode}>
                {SUDO_MODE_LABELS[mode]}
              </MenuItem>
            ))}
          </TextField>
          <Typography variant="subtitle2">Paths on the node (kubeadm defaults; a probe can detect others)</Typography>
          {field('manifestPath', 'kube-apiserver manifest', 'paths.manifestPath')}
          <Stack direction="row" spacing={1.5}>
            {field('policyPath', 'Audit policy file', 'paths.policyPath')}
            {field('logPath', 'Audit log file', 'paths.logPath')}
          </Stack>
          {field('fsRoot', 'File-system root (advanced)', 'paths.fsRoot', {
            helper: 'Leave empty for "/". Set a folder only when the node’s files live under it (chroot, test layout).',
          })}
          <button type="submit" hidden />
        </Box>
      </DialogContent>
      <DialogActions>
        <Button onClick={onCancel}>Cancel</Button>
        <Button variant="contained" onClick={submit} disabled={busy}>
          Save node
        </Button>
      </DialogActions>
    </Dialog>
  );
}
