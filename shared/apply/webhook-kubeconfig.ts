// The kubeconfig-format file kube-apiserver reads for --audit-webhook-config-file: one cluster (the URL the
// EventList batches are POSTed to), one user (client certificate, optional) and a current context.
import { stringify } from 'yaml';
import type { WebhookSettings } from './types.ts';

export interface WebhookProblem {
  field: keyof WebhookSettings;
  message: string;
}

const ABSOLUTE = /^\/[^\0\n\r]*$/;

export function validateWebhookSettings(webhook: WebhookSettings): WebhookProblem[] {
  const problems: WebhookProblem[] = [];
  // shared/ has no DOM or Node globals, so no URL class: a plain pattern for scheme://host[:port][/path].
  if (!/^https?:\/\/[A-Za-z0-9.\-[\]:]+(?::\d{1,5})?(?:\/[^\s]*)?$/.test(webhook.server)) {
    problems.push({
      field: 'server',
      message: `the webhook server must be an https:// (or http://) URL, got "${webhook.server}"`,
    });
  }
  for (const field of ['configPath', 'certificateAuthorityPath', 'clientCertificatePath', 'clientKeyPath'] as const) {
    const value = webhook[field];
    if (value !== undefined && !ABSOLUTE.test(value)) {
      problems.push({ field, message: `${field} must be an absolute path on the node, got "${value}"` });
    }
  }
  if ((webhook.clientCertificatePath === undefined) !== (webhook.clientKeyPath === undefined)) {
    problems.push({ field: 'clientKeyPath', message: 'a client certificate needs its key, and a key its certificate' });
  }
  return problems;
}

export function webhookKubeconfig(webhook: WebhookSettings): string {
  const cluster: Record<string, string> = { server: webhook.server };
  if (webhook.certificateAuthorityPath) cluster['certificate-authority'] = webhook.certificateAuthorityPath;
  const user: Record<string, string> = {};
  if (webhook.clientCertificatePath) user['client-certificate'] = webhook.clientCertificatePath;
  if (webhook.clientKeyPath) user['client-key'] = webhook.clientKeyPath;
  const config = {
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name: 'audit-webhook', cluster }],
    users: [{ name: 'kube-apiserver', user }],
    contexts: [{ name: 'audit-webhook', context: { cluster: 'audit-webhook', user: 'kube-apiserver' } }],
    'current-context': 'audit-webhook',
  };
  return (
    '# Written by Auditscope: where kube-apiserver sends audit events (--audit-webhook-config-file).\n' +
    stringify(config)
  );
}
