// The JSON Schema handed to monaco-yaml: enums match the model, suggestions come from the catalogue, every field a
// preset uses is described, and unknown fields are refused.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { policyJsonSchema } from '../../shared/policy/json-schema.ts';
import { POLICY_PRESETS } from '../../shared/policy/presets/index.ts';
import { LEVELS, STAGES } from '../../shared/policy/types.ts';
import { parse } from 'yaml';

type Schema = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const enumOf = (schema: Schema): string[] => schema.enum ?? schema.anyOf?.[0]?.enum ?? [];

describe('policy JSON schema', () => {
  const schema = policyJsonSchema({ major: 1, minor: 36 }) as Schema;
  const rule = schema.properties.rules.items as Schema;
  const entry = rule.properties.resources.items as Schema;

  it('is draft-07 with the fixed apiVersion/kind and closed objects', () => {
    assert.equal(schema.$schema, 'http://json-schema.org/draft-07/schema#');
    assert.equal(schema.properties.apiVersion.const, 'audit.k8s.io/v1');
    assert.equal(schema.properties.kind.const, 'Policy');
    for (const object of [schema, rule, entry]) assert.equal(object.additionalProperties, false);
    assert.deepEqual(rule.required, ['level']);
  });

  it('enumerates levels and stages with a description for each', () => {
    assert.deepEqual(rule.properties.level.enum, [...LEVELS]);
    assert.equal(rule.properties.level.markdownEnumDescriptions.length, LEVELS.length);
    assert.deepEqual(schema.properties.omitStages.items.enum, [...STAGES]);
    assert.deepEqual(rule.properties.omitStages.items.enum, [...STAGES]);
    assert.match(schema.properties.omitStages.items.markdownEnumDescriptions[1], /401/);
  });

  it('suggests verbs, groups and resources from the catalogue without rejecting others', () => {
    const verbs = enumOf(rule.properties.verbs.items);
    for (const verb of [
      'get',
      'list',
      'watch',
      'create',
      'update',
      'patch',
      'delete',
      'deletecollection',
      'proxy',
      'post',
    ]) {
      assert.ok(verbs.includes(verb), verb);
    }
    assert.ok(rule.properties.verbs.items.anyOf.some((s: Schema) => s.type === 'string'));
    assert.ok(enumOf(entry.properties.group).includes('apps'));
    assert.ok(enumOf(entry.properties.group).includes('*'));
    assert.ok(
      !enumOf(
        (policyJsonSchema({ major: 1, minor: 35 }) as Schema).properties.rules.items.properties.resources.items
          .properties.group,
      ).includes('*'),
    );
    const resources = enumOf(entry.properties.resources.items);
    assert.ok(resources.includes('pods/log') && resources.includes('deployments/scale'));
    assert.ok(enumOf(rule.properties.userGroups.items).includes('system:authenticated'));
  });

  it('describes every field the presets use (hover docs)', () => {
    const check = (value: unknown, node: Schema, where: string) => {
      if (Array.isArray(value)) for (const item of value) check(item, node.items, where);
      else if (value && typeof value === 'object') {
        for (const [key, child] of Object.entries(value)) {
          assert.ok(node.properties?.[key], `${where}.${key} is not in the schema`);
          if (key !== 'apiVersion' && key !== 'kind')
            assert.ok(node.properties[key].description, `${where}.${key} has no description`);
          check(child, node.properties[key], `${where}.${key}`);
        }
      }
    };
    for (const preset of POLICY_PRESETS) check(parse(preset.yaml), schema, preset.id);
  });
});
