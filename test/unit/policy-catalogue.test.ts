// The built-in API catalogue: version awareness, lookups used by the linter, and the data the builder's pickers use.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  CATALOGUE_MAX_MINOR,
  CATALOGUE_MIN_MINOR,
  catalogueCovers,
  catalogueFor,
  COMMON_USER_GROUPS,
  COMMON_USERS,
  findResource,
  groupsContaining,
  isBuiltinGroup,
  STANDARD_VERBS,
  subresourcesOfGroup,
} from '../../shared/policy/catalogue.ts';

const v = (minor: number) => ({ major: 1 as const, minor });

describe('catalogue', () => {
  it('covers 1.28 to 1.36 and clamps outside', () => {
    assert.equal(CATALOGUE_MIN_MINOR, 28);
    assert.equal(CATALOGUE_MAX_MINOR, 36);
    assert.ok(catalogueCovers(v(28)) && catalogueCovers(v(36)));
    assert.ok(!catalogueCovers(v(27)) && !catalogueCovers(v(37)));
    assert.equal(catalogueFor(v(24)).minor, 28);
    assert.equal(catalogueFor(v(40)).minor, 36);
  });

  it('finds resources with scope, verbs and subresources', () => {
    const pods = findResource('', 'pods', v(36))!;
    assert.equal(pods.namespaced, true);
    assert.deepEqual([...pods.verbs].sort(), [...STANDARD_VERBS].sort());
    for (const sub of [
      'log',
      'exec',
      'attach',
      'portforward',
      'proxy',
      'status',
      'eviction',
      'binding',
      'ephemeralcontainers',
      'resize',
    ]) {
      assert.ok(
        pods.subresources.some((s) => s.name === sub),
        sub,
      );
    }
    assert.equal(findResource('', 'nodes', v(30))!.namespaced, false);
    assert.deepEqual(findResource('authentication.k8s.io', 'tokenreviews', v(30))!.verbs, ['create']);
    assert.deepEqual(
      findResource('', 'serviceaccounts', v(30))!.subresources.map((s) => s.name),
      ['token'],
    );
    assert.ok(!findResource('', 'namespaces', v(30))!.verbs.includes('deletecollection'));
  });

  it('is version-aware', () => {
    assert.ok(!findResource('', 'pods', v(31))!.subresources.some((s) => s.name === 'resize'), 'pods/resize from 1.32');
    assert.equal(findResource('networking.k8s.io', 'servicecidrs', v(28)), undefined);
    assert.ok(findResource('networking.k8s.io', 'servicecidrs', v(29)));
    assert.ok(findResource('networking.k8s.io', 'clustercidrs', v(28)));
    assert.equal(findResource('networking.k8s.io', 'clustercidrs', v(29)), undefined);
    assert.ok(findResource('resource.k8s.io', 'podschedulingcontexts', v(31)));
    assert.equal(findResource('resource.k8s.io', 'podschedulingcontexts', v(32)), undefined);
    assert.ok(findResource('resource.k8s.io', 'deviceclasses', v(34)));
    assert.equal(findResource('resource.k8s.io', 'deviceclasses', v(30)), undefined);
    assert.ok(!isBuiltinGroup('storagemigration.k8s.io', v(29)) && isBuiltinGroup('storagemigration.k8s.io', v(30)));
    assert.ok(findResource('admissionregistration.k8s.io', 'validatingadmissionpolicies', v(28)));
    assert.equal(findResource('admissionregistration.k8s.io', 'mutatingadmissionpolicies', v(31)), undefined);
    assert.ok(findResource('admissionregistration.k8s.io', 'mutatingadmissionpolicies', v(32)));
    assert.ok(
      isBuiltinGroup('flowcontrol.apiserver.k8s.io', v(28)) && isBuiltinGroup('flowcontrol.apiserver.k8s.io', v(36)),
    );
  });

  it('knows which groups hold a resource name', () => {
    assert.deepEqual(groupsContaining('deployments', v(36)), ['apps']);
    assert.deepEqual(groupsContaining('events', v(36)).sort(), ['', 'events.k8s.io']);
    assert.deepEqual(groupsContaining('ingresses', v(36)), ['networking.k8s.io']);
    assert.deepEqual(groupsContaining('widgets', v(36)), []);
    assert.ok(subresourcesOfGroup('apps', v(36)).includes('scale'));
  });

  it('has no duplicate groups or resources, and plural lower-case names', () => {
    for (const minor of [28, 32, 36]) {
      const groups = catalogueFor(v(minor)).groups;
      assert.equal(new Set(groups.map((g) => g.name)).size, groups.length);
      for (const group of groups) {
        assert.equal(new Set(group.resources.map((r) => r.name)).size, group.resources.length, group.name);
        for (const r of group.resources) assert.match(r.name, /^[a-z]+$/, r.name);
      }
    }
  });

  it('lists common users and groups for the pickers', () => {
    const groups = COMMON_USER_GROUPS.map((g) => g.value);
    for (const g of [
      'system:authenticated',
      'system:unauthenticated',
      'system:serviceaccounts',
      'system:nodes',
      'system:masters',
      'kubeadm:cluster-admins',
    ]) {
      assert.ok(groups.includes(g), g);
    }
    assert.ok(COMMON_USER_GROUPS.some((g) => g.template && g.value === 'system:serviceaccounts:<namespace>'));
    const users = COMMON_USERS.map((u) => u.value);
    for (const u of [
      'system:kube-proxy',
      'system:kube-scheduler',
      'system:kube-controller-manager',
      'system:apiserver',
      'system:anonymous',
    ]) {
      assert.ok(users.includes(u), u);
    }
    for (const entry of [...COMMON_USERS, ...COMMON_USER_GROUPS]) assert.ok(entry.description.length > 10);
  });
});
