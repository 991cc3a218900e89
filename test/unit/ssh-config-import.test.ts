// Importing hosts from an OpenSSH client config with the ssh-config package.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { parseSshConfigHosts } from '../../electron/backend/nodes/ssh-config-import.ts';

const CONFIG = `# control plane
Host cp1 cp1-alias
  HostName 10.0.0.11
  Port 2222
  User kube
  IdentityFile ~/.ssh/cp_ed25519
  ProxyJump bastion

Host bastion
  HostName bastion.example.com
  user = jumper

Host *.internal !secret.internal
  User internal-user

Host cp2.internal

Include ~/.ssh/config.d/*
Match host cp3 exec "touch /tmp/should-not-run"
  User matched

Host *
  User default-user
  IdentityFile ~/.ssh/id_default
`;

test('hosts are imported with computed values; patterns are not hosts', () => {
  const { hosts, warnings } = parseSshConfigHosts(CONFIG);
  assert.deepEqual(
    hosts.map((h) => h.alias),
    ['cp1', 'cp1-alias', 'bastion', 'cp2.internal'],
  );
  assert.deepEqual(hosts[0], {
    alias: 'cp1',
    hostName: '10.0.0.11',
    port: 2222,
    user: 'kube',
    identityFile: join(homedir(), '.ssh/cp_ed25519'),
    proxyJump: 'bastion',
  });
  assert.equal(hosts[1].hostName, '10.0.0.11');
  assert.deepEqual(hosts[2], {
    alias: 'bastion',
    hostName: 'bastion.example.com',
    port: 22,
    user: 'jumper',
    identityFile: join(homedir(), '.ssh/id_default'),
    proxyJump: undefined,
  });
  // First value wins, as in OpenSSH: the *.internal section comes before Host *.
  assert.equal(hosts[3].user, 'internal-user');
  assert.equal(hosts[3].hostName, 'cp2.internal');
  assert.equal(warnings.length, 2);
  assert.match(warnings[0], /^line 18: Include/);
  assert.match(warnings[1], /^line 19: Match/);
});
