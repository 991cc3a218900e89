// The settings step's form state and its conversion to the contract's ApplySettings.
import type { ApplySettings } from '../../../../shared/apply/types.ts';

export interface SettingsForm {
  policyPath: string;
  logPath: string;
  maxAge: string;
  maxBackup: string;
  maxSize: string;
  compress: boolean;
  useWebhook: boolean;
  webhookServer: string;
  webhookConfigPath: string;
  webhookCaPath: string;
  persistKubeadm: boolean;
  /** Advanced: where /livez answers on the nodes, when not at https://127.0.0.1:<secure-port>. */
  livezUrl: string;
}

export const DEFAULT_FORM: SettingsForm = {
  policyPath: '/etc/kubernetes/audit-policy.yaml',
  logPath: '/var/log/kubernetes/audit/audit.log',
  maxAge: '30',
  maxBackup: '10',
  maxSize: '100',
  compress: false,
  useWebhook: false,
  webhookServer: '',
  webhookConfigPath: '/etc/kubernetes/audit-webhook.kubeconfig',
  webhookCaPath: '',
  persistKubeadm: false,
  livezUrl: '',
};

const optionalCount = (text: string) => (text.trim() === '' ? undefined : Number(text));

export function formErrors(form: SettingsForm): Partial<Record<keyof SettingsForm, string>> {
  const errors: Partial<Record<keyof SettingsForm, string>> = {};
  const absolute = (key: keyof SettingsForm, value: string) => {
    if (!value.startsWith('/')) errors[key] = 'an absolute path on the node';
  };
  absolute('policyPath', form.policyPath);
  if (form.logPath !== '' && form.logPath !== '-') absolute('logPath', form.logPath);
  for (const key of ['maxAge', 'maxBackup', 'maxSize'] as const) {
    if (form[key].trim() !== '' && !/^\d+$/.test(form[key].trim())) errors[key] = 'a whole number ≥ 0';
  }
  if (form.useWebhook) {
    if (!/^https?:\/\/\S+$/.test(form.webhookServer)) errors.webhookServer = 'an https:// URL';
    absolute('webhookConfigPath', form.webhookConfigPath);
    if (form.webhookCaPath !== '') absolute('webhookCaPath', form.webhookCaPath);
  }
  if (!form.useWebhook && form.logPath === '') errors.logPath = 'a log path or a webhook is needed';
  if (form.livezUrl !== '' && !/^https?:\/\/\S+$/.test(form.livezUrl)) errors.livezUrl = 'an http(s) URL';
  return errors;
}

export function toApplySettings(form: SettingsForm): ApplySettings {
  const hasLog = form.logPath !== '';
  return {
    policyPath: form.policyPath,
    logPath: hasLog ? form.logPath : undefined,
    maxAge: hasLog ? optionalCount(form.maxAge) : undefined,
    maxBackup: hasLog ? optionalCount(form.maxBackup) : undefined,
    maxSize: hasLog ? optionalCount(form.maxSize) : undefined,
    compress: hasLog ? form.compress : undefined,
    webhook: form.useWebhook
      ? {
          configPath: form.webhookConfigPath,
          server: form.webhookServer,
          certificateAuthorityPath: form.webhookCaPath || undefined,
        }
      : undefined,
    persistKubeadm: form.persistKubeadm,
  };
}
