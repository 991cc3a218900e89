// The kubeconfig-format file written for --audit-webhook-config-file: kube-apiserver POSTs EventLists to the one
// cluster's server, trusting its CA and presenting the client certificate when given (see kubernetes-audit.md).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parse } from 'yaml';
import { validateWebhookSettings, webhookKubeconfig } from '../../shared/apply/webhook-kubeconfig.ts';

interface Kubeconfig {
  apiVersion: string;
  kind: string;
  clusters: { name: string; cluster: Record<string, string> }[];
  users: { name: string; user: Record<string, string> }[];
  contexts: { name: string; context: { cluster: string; user: string } }[];
  'current-context': string;
}

const BASE = {
  configPath: '/etc/kubernetes/audit-webhook.kubeconfig',
  server: 'https://audit.example.com:8443/events',
};

test('a minimal config: one cluster with the URL, an empty user, and a current context that ties them', () => {
  const text = webhookKubeconfig(BASE);
  assert.match(text, /^# Written by Auditscope: .*--audit-webhook-config-file/);
  const config = parse(text) as Kubeconfig;
  assert.equal(config.apiVersion, 'v1');
  assert.equal(config.kind, 'Config');
  assert.deepEqual(config.clusters, [{ name: 'audit-webhook', cluster: { server: BASE.server } }]);
  assert.deepEqual(config.users, [{ name: 'kube-apiserver', user: {} }]);
  const context = config.contexts.find((c) => c.name === config['current-context'])!.context;
  assert.equal(context.cluster, config.clusters[0]!.name);
  assert.equal(context.user, config.users[0]!.name);
});

test('CA and client certificate paths go where kubeconfig expects them', () => {
  const config = parse(
    webhookKubeconfig({
      ...BASE,
      certificateAuthorityPath: '/etc/kubernetes/pki/audit-ca.crt',
      clientCertificatePath: '/etc/kubernetes/pki/audit-client.crt',
      clientKeyPath: '/etc/kubernetes/pki/audit-client.key',
    }),
  ) as Kubeconfig;
  assert.deepEqual(config.clusters[0]!.cluster, {
    server: BASE.server,
    'certificate-authority': '/etc/kubernetes/pki/audit-ca.crt',
  });
  assert.deepEqual(config.users[0]!.user, {
    'client-certificate': '/etc/kubernetes/pki/audit-client.crt',
    'client-key': '/etc/kubernetes/pki/audit-client.key',
  });
});

test('a URL with characters YAML treats specially stays one exact string', () => {
  const server = 'https://[fd00::1]:443/audit?tenant=a#b: c';
  assert.equal((parse(webhookKubeconfig({ ...BASE, server })) as Kubeconfig).clusters[0]!.cluster.server, server);
});

test('settings are checked: URL scheme, absolute paths, certificate and key together', () => {
  assert.deepEqual(validateWebhookSettings(BASE), []);
  assert.deepEqual(validateWebhookSettings({ ...BASE, server: 'http://127.0.0.1:9000' }), []);
  const problems = validateWebhookSettings({
    configPath: 'relative.kubeconfig',
    server: 'ftp://audit.example.com',
    certificateAuthorityPath: '/ok/ca.crt',
    clientCertificatePath: '/etc/client.crt',
  });
  assert.deepEqual(
    problems.map((p) => p.field),
    ['server', 'configPath', 'clientKeyPath'],
  );
  assert.match(problems[0]!.message, /must be an https:\/\/ \(or http:\/\/\) URL, got "ftp:\/\/audit\.example\.com"/);
  assert.match(problems[1]!.message, /configPath must be an absolute path on the node, got "relative\.kubeconfig"/);
  assert.equal(
    validateWebhookSettings({ ...BASE, clientKeyPath: '/k' })[0]!.message,
    'a client certificate needs its key, and a key its certificate',
  );
  assert.equal(validateWebhookSettings({ ...BASE, configPath: '/etc/a\nb' })[0]!.field, 'configPath');
});
