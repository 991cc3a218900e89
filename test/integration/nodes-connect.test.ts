// Connection tests and probes through the nodes handlers, against the real sshd rig: host keys are accepted only
// by an explicit trust of the exact fingerprint, a changed key is refused, secrets are asked for, used, and never
// written to the inventory, to disk in browser mode, or into any event.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { NodeCheckOutcome, NodeStatus } from '../../shared/ipc/contract/nodes.ts';
import { fingerprintSha256 } from '../../electron/backend/ssh/host-keys.ts';
import { startRig, type Rig } from '../rig/rig.ts';
import { encryptingPlatform, harness, nodeInput, type Harness } from './nodes-support.ts';

type Users = 'admin' | 'pw' | 'enc';
let rig: Rig<Users>;
const PASSWORD = 'Rig-login-pw-7731';
const PASSPHRASE = 'rig-key-phrase-5512';

before(async () => {
  rig = await startRig<Users>({
    users: {
      admin: { sudo: 'nopasswd' },
      pw: { password: PASSWORD, sudo: 'password' },
      enc: { keyPassphrase: PASSPHRASE },
    },
    jumpHost: true,
    fakeProcesses: ['kubelet'],
  });
});
after(() => rig?.stop());

function expectKind<K extends NodeCheckOutcome['kind']>(status: NodeStatus, kind: K) {
  assert.equal(status.outcome.kind, kind, JSON.stringify(status.outcome));
  return status.outcome as Extract<NodeCheckOutcome, { kind: K }>;
}

async function addNode(h: Harness, node: Parameters<typeof nodeInput>[0]): Promise<string> {
  const cluster = await h.call('nodes.addCluster', { name: 'rig' });
  return (await h.call('nodes.addNode', { clusterId: cluster.id, node: nodeInput(node) })).id;
}

const rootPaths = () => ({
  manifestPath: '/etc/kubernetes/manifests/kube-apiserver.yaml',
  policyPath: '/etc/kubernetes/audit-policy.yaml',
  logPath: '/var/log/kubernetes/audit/other.log',
  fsRoot: rig.layout!.root,
});

test('unknown host key → structured prompt → trust of that exact key → probe; recorded for next time', async () => {
  const h = harness();
  const nodeId = await addNode(h, {
    host: '127.0.0.1',
    port: rig.sshd.port,
    user: rig.users.admin.name,
    auth: { kind: 'key', privateKeyPath: rig.users.admin.privateKeyPath },
    sudo: 'nopasswd',
    paths: rootPaths(),
  });
  const unknown = expectKind(await h.check(nodeId, 'probe'), 'host-key-unknown');
  assert.deepEqual(unknown, {
    kind: 'host-key-unknown',
    host: '127.0.0.1',
    port: rig.sshd.port,
    hop: 'target',
    keyType: 'ssh-ed25519',
    fingerprintSha256: fingerprintSha256(rig.sshd.hostKeyBlob),
  });

  // A trust for another fingerprint accepts nothing.
  const wrongTrust = { host: '127.0.0.1', port: rig.sshd.port, fingerprintSha256: 'SHA256:' + 'A'.repeat(43) };
  expectKind(await h.check(nodeId, 'probe', { trustHostKey: wrongTrust }), 'host-key-unknown');

  const trust = { host: unknown.host, port: unknown.port, fingerprintSha256: unknown.fingerprintSha256 };
  const probed = expectKind(await h.check(nodeId, 'probe', { trustHostKey: trust }), 'probed');
  assert.equal(probed.probe.manifestFound, true);
  assert.equal(probed.probe.distribution, 'kubeadm');
  assert.equal(probed.probe.kubeletRunning, true);
  assert.equal(probed.probe.sudo, 'nopasswd');
  assert.equal(probed.probe.audit.enabled, true);
  assert.equal(probed.probe.audit.policyPath, '/etc/kubernetes/audit-policy.yaml');
  assert.match(probed.probe.audit.policySha256 ?? '', /^[0-9a-f]{64}$/);
  // The profile said other.log; the manifest says audit.log: offered as detected paths.
  assert.deepEqual(probed.detectedPaths, {
    manifestPath: '/etc/kubernetes/manifests/kube-apiserver.yaml',
    policyPath: '/etc/kubernetes/audit-policy.yaml',
    logPath: '/var/log/kubernetes/audit/audit.log',
  });
  assert.match(
    readFileSync(join(h.dir, 'known_hosts'), 'utf8'),
    new RegExp(`^\\[127\\.0\\.0\\.1\\]:${rig.sshd.port} ssh-ed25519 `),
  );

  // Progress was reported while connecting and probing; the last status is part of the listed state.
  const stages = h.events
    .filter(([channel]) => channel === 'nodes.progress')
    .map(([, p]) => (p as { stage: string }).stage);
  assert.ok(stages.includes('connecting') && stages.includes('probing'), stages.join());
  assert.equal((await h.call('nodes.list', {})).statuses[nodeId]?.outcome.kind, 'probed');

  // Recorded: a fresh backend over the same store connects without asking.
  await h.call('nodes.updateNode', {
    nodeId,
    node: nodeInput({
      host: '127.0.0.1',
      port: rig.sshd.port,
      user: rig.users.admin.name,
      auth: { kind: 'key', privateKeyPath: rig.users.admin.privateKeyPath },
      sudo: 'nopasswd',
      paths: { ...rootPaths(), ...probed.detectedPaths! },
    }),
  });
  const again = expectKind(await h.check(nodeId, 'probe'), 'probed');
  assert.equal(again.detectedPaths, null);
  assert.equal(again.probe.audit.logBytes, 4096);

  const connected = expectKind(await h.check(nodeId, 'connect'), 'connected');
  assert.deepEqual(connected, { kind: 'connected', remoteUser: rig.users.admin.name, sudo: 'nopasswd' });
});

test('a changed host key is refused with a warning, and a trust for the new key does not override it', async () => {
  const h = harness({ knownHostsFiles: [rig.knownHostsFile] });
  const nodeId = await addNode(h, {
    host: '127.0.0.1',
    port: rig.sshd.port,
    user: rig.users.admin.name,
    auth: { kind: 'key', privateKeyPath: rig.users.admin.privateKeyPath },
  });
  expectKind(await h.check(nodeId, 'connect'), 'connected');
  const oldBlob = rig.sshd.hostKeyBlob;
  await rig.sshd.regenerateHostKey();
  try {
    const changed = expectKind(await h.check(nodeId, 'connect'), 'host-key-changed');
    assert.equal(changed.got.fingerprintSha256, fingerprintSha256(rig.sshd.hostKeyBlob));
    assert.equal(changed.expected[0]?.fingerprintSha256, fingerprintSha256(oldBlob));
    assert.match(changed.message, /CHANGED/);
    const trust = { host: '127.0.0.1', port: rig.sshd.port, fingerprintSha256: changed.got.fingerprintSha256 };
    expectKind(await h.check(nodeId, 'connect', { trustHostKey: trust }), 'host-key-changed');
  } finally {
    // Later tests trust the rig's known_hosts file: put the rig back in the state it describes.
    const { writeFileSync } = await import('node:fs');
    writeFileSync(
      rig.knownHostsFile,
      [rig.sshd, rig.jump!].map((s) => `[127.0.0.1]:${s.port} ${s.hostKeyType} ${s.hostKeyBase64}\n`).join(''),
    );
  }
});

test('password and sudo password are asked for, a wrong one is asked again, the right one is used', async () => {
  const h = harness({ knownHostsFiles: [rig.knownHostsFile] });
  const nodeId = await addNode(h, {
    host: '127.0.0.1',
    port: rig.sshd.port,
    user: rig.users.pw.name,
    auth: { kind: 'password' },
    sudo: 'password',
    paths: rootPaths(),
  });
  const missing = expectKind(await h.check(nodeId, 'probe'), 'secret-required');
  assert.deepEqual(missing.secret, { kind: 'password', hop: 'target' });
  assert.equal(missing.reason, 'missing');
  assert.match(missing.prompt, new RegExp(`SSH password for ${rig.users.pw.name}@127\\.0\\.0\\.1:${rig.sshd.port}`));

  await h.call('nodes.provideSecret', { nodeId, secret: missing.secret, value: 'Wrong-pw-0000', remember: false });
  const wrong = expectKind(await h.check(nodeId, 'connect'), 'secret-required');
  assert.equal(wrong.reason, 'wrong');
  assert.deepEqual((await h.call('nodes.list', {})).secrets[nodeId], []);

  await h.call('nodes.provideSecret', { nodeId, secret: missing.secret, value: PASSWORD, remember: false });
  const sudo = expectKind(await h.check(nodeId, 'probe'), 'secret-required');
  assert.deepEqual(sudo.secret, { kind: 'sudo-password' });

  await h.call('nodes.provideSecret', { nodeId, secret: sudo.secret, value: 'Wrong-sudo-1111', remember: false });
  const wrongSudo = expectKind(await h.check(nodeId, 'probe'), 'secret-required');
  assert.deepEqual([wrongSudo.secret, wrongSudo.reason], [{ kind: 'sudo-password' }, 'wrong']);
  await h.call('nodes.provideSecret', { nodeId, secret: sudo.secret, value: PASSWORD, remember: false });
  const probed = expectKind(await h.check(nodeId, 'probe'), 'probed');
  assert.equal(probed.probe.sudo, 'password');
  assert.equal(probed.probe.manifestFound, true);
  assert.equal(probed.probe.audit.enabled, true);
  assert.deepEqual((await h.call('nodes.list', {})).secrets[nodeId]?.map((held) => held.ref.kind).sort(), [
    'password',
    'sudo-password',
  ]);

  // Browser mode never saves a secret.
  const refused = await h.failure('nodes.provideSecret', {
    nodeId,
    secret: { kind: 'sudo-password' },
    value: PASSWORD,
    remember: true,
  });
  assert.equal(refused.code, 'not-supported');

  // No secret anywhere: events, the inventory, any file in the user-data folder, the sshd log.
  const secrets = [PASSWORD, 'Wrong-pw-0000', 'Wrong-sudo-1111'];
  const everything = [
    JSON.stringify(h.events),
    JSON.stringify(await h.call('nodes.list', {})),
    ...readdirSync(h.dir).map((name) => readFileSync(join(h.dir, name), 'utf8')),
    rig.sshd.log(),
  ].join('\n');
  for (const secret of secrets) assert.equal(everything.includes(secret), false, `a secret leaked`);
  assert.deepEqual(readdirSync(h.dir).sort(), ['nodes.json']);
});

test('an encrypted key asks for its passphrase; "remember" saves it encrypted and a new session reuses it', async () => {
  const platform = await encryptingPlatform();
  const h = harness({ mode: 'electron', platform, knownHostsFiles: [rig.knownHostsFile] });
  const keyPath = rig.users.enc.privateKeyPath;
  const nodeId = await addNode(h, {
    host: '127.0.0.1',
    port: rig.sshd.port,
    user: rig.users.enc.name,
    auth: { kind: 'key', privateKeyPath: keyPath },
  });
  const asked = expectKind(await h.check(nodeId, 'connect'), 'secret-required');
  assert.deepEqual(asked.secret, { kind: 'key-passphrase', keyPath });
  assert.equal((await h.call('nodes.list', {})).canRememberSecrets, true);

  const saved = await h.call('nodes.provideSecret', {
    nodeId,
    secret: asked.secret,
    value: PASSPHRASE,
    remember: true,
  });
  assert.equal(saved.saved, true);
  expectKind(await h.check(nodeId, 'connect'), 'connected');
  const file = readFileSync(join(h.dir, 'node-secrets.json'), 'utf8');
  assert.equal(file.includes(PASSPHRASE), false);
  assert.equal(readFileSync(join(h.dir, 'nodes.json'), 'utf8').includes(PASSPHRASE), false);

  // A restarted backend (new secret store, same folder and keychain) finds the saved passphrase.
  const { SecretStore } = await import('../../electron/backend/inventory/secret-store.ts');
  const restarted = new SecretStore(h.dir);
  assert.equal(await restarted.get(nodeId, asked.secret, platform), PASSPHRASE);
  assert.equal(await new SecretStore(h.dir).get(nodeId, asked.secret, {}), undefined, 'no keychain, no secret');

  // Forgetting removes it from memory and disk.
  assert.equal((await h.call('nodes.forgetSecrets', { nodeId })).forgotten, 1);
  assert.equal(readFileSync(join(h.dir, 'node-secrets.json'), 'utf8').includes('"cipher"'), false);
  assert.equal(expectKind(await h.check(nodeId, 'connect'), 'secret-required').reason, 'missing');
});

test('a jump host: each unknown key is attributed to its hop and trusted separately', async () => {
  const h = harness();
  const jump = rig.jump!;
  const nodeId = await addNode(h, {
    host: '127.0.0.1',
    port: rig.sshd.port,
    user: rig.users.admin.name,
    auth: { kind: 'key', privateKeyPath: rig.users.admin.privateKeyPath },
    jump: {
      host: '127.0.0.1',
      port: jump.port,
      user: rig.users.admin.name,
      auth: { kind: 'key', privateKeyPath: rig.users.admin.privateKeyPath },
    },
  });
  const first = expectKind(await h.check(nodeId, 'connect'), 'host-key-unknown');
  assert.equal(first.hop, 'jump');
  assert.equal(first.fingerprintSha256, fingerprintSha256(jump.hostKeyBlob));
  const second = expectKind(
    await h.check(nodeId, 'connect', {
      trustHostKey: { host: first.host, port: first.port, fingerprintSha256: first.fingerprintSha256 },
    }),
    'host-key-unknown',
  );
  assert.equal(second.hop, 'target');
  assert.equal(second.port, rig.sshd.port);
  const connected = expectKind(
    await h.check(nodeId, 'connect', {
      trustHostKey: { host: second.host, port: second.port, fingerprintSha256: second.fingerprintSha256 },
    }),
    'connected',
  );
  assert.equal(connected.remoteUser, rig.users.admin.name);
});

test('a running check can be cancelled, and a second check of the same node is refused while one runs', async () => {
  const h = harness({ knownHostsFiles: [rig.knownHostsFile] });
  const nodeId = await addNode(h, {
    host: '127.0.0.1',
    port: rig.sshd.port,
    user: rig.users.admin.name,
    auth: { kind: 'key', privateKeyPath: rig.users.admin.privateKeyPath },
    sudo: 'nopasswd',
    paths: rootPaths(),
  });
  const { operationId } = await h.call('nodes.check', { nodeId, mode: 'probe', operationId: 'op-cancel-1' });
  assert.equal(operationId, 'op-cancel-1');
  assert.equal((await h.failure('nodes.check', { nodeId, mode: 'probe' })).code, 'busy');
  assert.deepEqual(await h.call('nodes.cancel', { operationId }), { cancelled: true });
  const deadline = Date.now() + 10_000;
  let finished: NodeStatus | undefined;
  while (!finished && Date.now() < deadline) {
    const event = h.events.find(
      ([channel, p]) => channel === 'nodes.checkFinished' && (p as { operationId: string }).operationId === operationId,
    );
    finished = (event?.[1] as { status: NodeStatus } | undefined)?.status;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  assert.equal(finished?.outcome.kind, 'cancelled');
  assert.deepEqual(await h.call('nodes.cancel', { operationId }), { cancelled: false });
  // The node is usable again afterwards.
  expectKind(await h.check(nodeId, 'probe'), 'probed');
});
