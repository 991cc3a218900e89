// The node inventory through the real handlers: CRUD persisted atomically to nodes.json, tight input validation,
// a broken file reported with its position and kept, and the ~/.ssh/config import.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { InventoryStore } from '../../electron/backend/inventory/inventory-store.ts';
import { harness, nodeInput } from './nodes-support.ts';

test('clusters and nodes are added, edited and removed, and every change is on disk', async () => {
  const h = harness();
  const cluster = await h.call('nodes.addCluster', { name: 'prod' });
  const node = await h.call('nodes.addNode', {
    clusterId: cluster.id,
    node: nodeInput({
      host: '10.0.0.5',
      port: 22,
      user: 'admin',
      auth: { kind: 'key', privateKeyPath: '~/.ssh/id_ed25519' },
      jump: { host: 'bastion.example.org', port: 2222, user: 'hop', auth: { kind: 'agent' } },
      sudo: 'nopasswd',
    }),
  });
  assert.match(node.id, /^n-[0-9a-f]{12}$/);

  const fromDisk = async () => new InventoryStore(h.dir).list();
  assert.deepEqual(await fromDisk(), [{ id: cluster.id, name: 'prod', nodes: [node] }]);

  const edited = await h.call('nodes.updateNode', {
    nodeId: node.id,
    node: nodeInput({ host: '10.0.0.6', port: 2200, user: 'ops', auth: { kind: 'password' }, sudo: 'password' }),
  });
  assert.equal(edited.id, node.id);
  await h.call('nodes.renameCluster', { clusterId: cluster.id, name: 'production' });
  const disk = await fromDisk();
  assert.equal(disk[0]!.name, 'production');
  assert.deepEqual(disk[0]!.nodes, [edited]);
  assert.equal(disk[0]!.nodes[0]!.jump, undefined);

  const state = await h.call('nodes.list', {});
  assert.deepEqual(state.clusters, disk);
  assert.equal(state.canRememberSecrets, false);
  assert.equal(state.inventoryPath, join(h.dir, 'nodes.json'));

  // Each change was announced, with the clusters only.
  const changes = h.events.filter(([channel]) => channel === 'nodes.changed');
  assert.equal(changes.length, 4);

  await h.call('nodes.removeNode', { nodeId: node.id });
  assert.deepEqual((await fromDisk())[0]!.nodes, []);
  await h.call('nodes.removeCluster', { clusterId: cluster.id });
  assert.deepEqual(await fromDisk(), []);
  // Atomic writes leave no temp files behind.
  assert.deepEqual(
    readdirSync(h.dir).filter((name) => name.endsWith('.tmp')),
    [],
  );
  assert.equal((await h.failure('nodes.removeNode', { nodeId: node.id })).code, 'not-found');
});

test('profiles are validated: relative paths, bad hosts, unknown fields and secrets are refused', async () => {
  const h = harness();
  const cluster = await h.call('nodes.addCluster', { name: 'c' });
  const base = nodeInput({ host: 'cp1', port: 22, user: 'u', auth: { kind: 'agent' } });
  const attempts: [string, unknown][] = [
    ['relative manifest', { ...base, paths: { ...base.paths, manifestPath: 'etc/kubernetes/x.yaml' } }],
    ['newline in path', { ...base, paths: { ...base.paths, logPath: '/var/log/a\n/b' } }],
    ['host with shell syntax', { ...base, host: 'cp1;touch /tmp/x' }],
    ['port out of range', { ...base, port: 70000 }],
    ['password in profile', { ...base, auth: { kind: 'password', password: 'hunter2' } }],
    ['unknown field', { ...base, extra: true }],
    ['relative key file', { ...base, auth: { kind: 'key', privateKeyPath: 'id_rsa' } }],
  ];
  for (const [what, node] of attempts) {
    const error = await h.failure('nodes.addNode', { clusterId: cluster.id, node });
    assert.equal(error.code, 'invalid-payload', what);
    assert.doesNotMatch(error.message, /hunter2/, what);
  }
  assert.deepEqual((await new InventoryStore(h.dir).list())[0]!.nodes, []);
});

test('a broken inventory file is reported with line and column, and kept aside on the next write', async () => {
  const h = harness();
  const path = join(h.dir, 'nodes.json');
  writeFileSync(path, '{\n  "version": 1,\n  "clusters": [\n    { "id": "c-1", }\n  ]\n}\n');
  const state = await h.call('nodes.list', {});
  assert.deepEqual(state.clusters, []);
  assert.match(state.problems[0] ?? '', /nodes\.json:4:\d+: /);

  await h.call('nodes.addCluster', { name: 'fresh' });
  const kept = readdirSync(h.dir).filter((name) => name.startsWith('nodes.json.broken-'));
  assert.equal(kept.length, 1);
  assert.match(readFileSync(join(h.dir, kept[0]!), 'utf8'), /"c-1", }/);
  assert.equal((await new InventoryStore(h.dir).list())[0]!.name, 'fresh');

  const wrongShape = harness();
  writeFileSync(join(wrongShape.dir, 'nodes.json'), JSON.stringify({ version: 1, clusters: [{ id: 'c-1' }] }));
  const problems = (await wrongShape.call('nodes.list', {})).problems;
  assert.match(problems.join('\n'), /at clusters\.0\.name: /);
});

test('hosts are imported from an OpenSSH client config', async () => {
  const h = harness();
  const config = join(h.dir, 'ssh_config');
  writeFileSync(
    config,
    [
      'Host bastion',
      '  HostName 203.0.113.10',
      '  User hop',
      'Host cp-*',
      '  User admin',
      '  IdentityFile ~/.ssh/k8s',
      'Host cp-1',
      '  HostName 10.0.0.11',
      '  Port 2222',
      '  ProxyJump bastion',
      'Include other.conf',
      '',
    ].join('\n'),
  );
  const result = await h.call('nodes.importSshConfig', { path: config });
  assert.equal(result.path, config);
  const cp1 = result.hosts.find((host) => host.alias === 'cp-1');
  assert.equal(cp1?.hostName, '10.0.0.11');
  assert.equal(cp1?.port, 2222);
  assert.equal(cp1?.user, 'admin');
  assert.equal(cp1?.proxyJump, 'bastion');
  assert.match(cp1?.identityFile ?? '', /\/\.ssh\/k8s$/);
  assert.ok(result.hosts.some((host) => host.alias === 'bastion' && host.user === 'hop'));
  assert.match(result.warnings.join('\n'), /line 11: Include/);

  const missing = await h.call('nodes.importSshConfig', { path: join(h.dir, 'none') });
  assert.deepEqual(missing.hosts, []);
  assert.match(missing.warnings[0] ?? '', /does not exist/);
  assert.equal((await h.failure('nodes.importSshConfig', { path: 'relative/config' })).code, 'invalid-path');
});

test('an inventory written before the root folder was called fsRoot still loads, with the same root', async () => {
  const h = harness();
  const cluster = await h.call('nodes.addCluster', { name: 'old' });
  const node = await h.call('nodes.addNode', {
    clusterId: cluster.id,
    node: nodeInput({ host: '10.0.0.7', port: 22, user: 'ops', auth: { kind: 'agent' } }),
  });
  const path = join(h.dir, 'nodes.json');
  const file = JSON.parse(readFileSync(path, 'utf8'));
  const paths = file.clusters[0].nodes[0].paths;
  delete paths.fsRoot;
  paths.rootPrefix = '/srv/node-root';
  writeFileSync(path, JSON.stringify(file));
  const store = new InventoryStore(h.dir);
  const [loaded] = await store.list();
  assert.deepEqual(store.problems, []);
  assert.equal(loaded!.nodes[0]!.id, node.id);
  assert.equal(loaded!.nodes[0]!.paths.fsRoot, '/srv/node-root');
});
