// `auditscope node apply` / `node revert` over the real sshd rig against a simulated control-plane node.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { rigFixture } from '../rig/node-layout.ts';
import { startRig, type Rig } from '../rig/rig.ts';
import { SIM_TIMINGS, startSimNode, type SimNode } from '../sim/sim-node.ts';

let rig: Rig<'admin'>;
let node: SimNode;
const userData = mkdtempSync(join(tmpdir(), 'auditscope-apply-cli-'));

before(async () => {
  rig = await startRig<'admin'>({ users: { admin: { sudo: 'nopasswd' } }, layout: false });
  node = await startSimNode(rig, rig.users.admin, 'cli');
});
after(async () => {
  await node?.sim.stop();
  rig?.stop();
});

function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const base = ['--host', '127.0.0.1', '--port', String(rig.sshd.port), '--user', rig.users.admin.name];
  const connection = [
    ...base,
    '--identity',
    rig.users.admin.privateKeyPath,
    '--known-hosts',
    rig.knownHostsFile,
    '--sudo',
  ];
  const sim = ['--fs-root', node.layout.root, '--livez-url', node.target.livezUrl!];
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['bin/auditscope.js', 'node', ...args.slice(0, 1), ...connection, ...sim, ...args.slice(1)],
      {
        env: {
          ...process.env,
          AUDITSCOPE_USER_DATA: userData,
          SSH_AUTH_SOCK: '',
          AUDITSCOPE_APPLY_TIMINGS: JSON.stringify(SIM_TIMINGS),
        },
      },
      (error, stdout, stderr) => resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
  });
}

const manifestPath = () => join(node.layout.root, 'etc/kubernetes/manifests/kube-apiserver.yaml');

test('without --yes it prints the checks and diffs and writes nothing; with --yes it applies; revert restores', async () => {
  const policyFile = join(userData, 'policy.yaml');
  writeFileSync(policyFile, rigFixture('audit-policy.yaml'));
  const stock = readFileSync(manifestPath(), 'utf8');

  const dry = await cli(['apply', '--policy', policyFile, '--maxage', '7']);
  assert.equal(dry.code, 0, dry.stderr);
  assert.match(dry.stdout, /\[ ok \] Policy: valid for Kubernetes 1\.29/);
  assert.match(dry.stdout, /^\+ {4}- --audit-log-maxage=7$/m);
  assert.match(dry.stdout, /nothing written; re-run with --yes/);
  assert.equal(readFileSync(manifestPath(), 'utf8'), stock);

  const applied = await cli(['apply', '--policy', policyFile, '--maxage', '7', '--yes']);
  assert.equal(applied.code, 0, applied.stderr + applied.stdout);
  assert.match(applied.stdout, /^applied: applied and healthy$/m);
  assert.match(readFileSync(manifestPath(), 'utf8'), /--audit-log-maxage=7/);
  const journal = readFileSync(join(userData, 'apply-journal.jsonl'), 'utf8').trim().split('\n');
  assert.equal(journal.length, 1);
  assert.equal(JSON.parse(journal[0]!).nodes[0].result.outcome, 'applied');

  const reverted = await cli(['revert', '--yes']);
  assert.equal(reverted.code, 0, reverted.stderr + reverted.stdout);
  assert.equal(readFileSync(manifestPath(), 'utf8'), stock);
});

test('a policy kube-apiserver 1.29 would refuse blocks the node with exit 1', async () => {
  const policyFile = join(userData, 'group-star.yaml');
  writeFileSync(
    policyFile,
    'apiVersion: audit.k8s.io/v1\nkind: Policy\nrules:\n  - level: Metadata\n    resources:\n      - group: "*"\n',
  );
  const result = await cli(['apply', '--policy', policyFile, '--yes']);
  assert.equal(result.code, 1);
  assert.match(result.stdout, /\[FAIL\] Policy: kube-apiserver 1\.29 would refuse it/);
  assert.doesNotMatch(readFileSync(manifestPath(), 'utf8'), /audit-policy-file/);
});
