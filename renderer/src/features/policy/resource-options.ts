// Picker options for API groups and resources, fed by the engine's catalogue for the chosen Kubernetes version,
// including the wildcard forms with what each one really matches.
import { catalogueFor, subresourcesOfGroup } from '../../../../shared/policy/catalogue.ts';
import type { KubeVersion } from '../../../../shared/policy/types.ts';
import type { Suggestion } from './ChipListField.tsx';

export function groupOptions(version: KubeVersion): Suggestion[] {
  const options: Suggestion[] = catalogueFor(version).groups.map((group) => ({
    value: group.name,
    description:
      group.name === ''
        ? 'core group: pods, secrets, configmaps, services, …'
        : group.resources
            .map((r) => r.name)
            .slice(0, 5)
            .join(', '),
  }));
  if (version.minor >= 36) options.push({ value: '*', description: 'every API group (Kubernetes 1.36+ only)' });
  return options;
}

export function resourceOptions(group: string, version: KubeVersion): Suggestion[] {
  const resources = catalogueFor(version).groups.find((g) => g.name === group)?.resources ?? [];
  const options: Suggestion[] = [
    {
      value: '*',
      description: `every resource and subresource of ${group === '' ? 'the core group only' : group === '*' ? 'every group' : `group ${group}`}`,
    },
  ];
  for (const resource of resources) {
    options.push({
      value: resource.name,
      description: `${resource.namespaced ? 'namespaced' : 'cluster-scoped'}; not its subresources`,
    });
    if (resource.subresources.length > 0) {
      options.push({ value: `${resource.name}/*`, description: `${resource.name} itself and every subresource of it` });
      for (const sub of resource.subresources)
        options.push({ value: `${resource.name}/${sub.name}`, description: `only the ${sub.name} subresource` });
    }
  }
  for (const sub of subresourcesOfGroup(group, version)) {
    options.push({ value: `*/${sub}`, description: `the ${sub} subresource of any resource in this group` });
  }
  return options;
}
