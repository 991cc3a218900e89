// Monaco from the local package with its workers (never the CDN default of @monaco-editor/react), and the
// audit Policy JSON schema for YAML completion and hover.
import { loader } from '@monaco-editor/react';
import * as monaco from 'monaco-editor';
import EditorWorker from 'monaco-editor/esm/vs/editor/editor.worker?worker';
import JsonWorker from 'monaco-editor/esm/vs/language/json/json.worker?worker';
import { configureMonacoYaml } from 'monaco-yaml';
import { policyJsonSchema } from '../../../shared/policy/json-schema.ts';
import YamlWorker from './yaml.worker?worker';

self.MonacoEnvironment = {
  getWorker(_workerId: string, label: string) {
    if (label === 'json') return new JsonWorker();
    if (label === 'yaml') return new YamlWorker();
    return new EditorWorker();
  },
};

loader.config({ monaco });

// Validation stays with our own engine (exact apiserver messages); the schema only drives completion and hover.
configureMonacoYaml(monaco, {
  enableSchemaRequest: false,
  validate: false,
  completion: true,
  hover: true,
  schemas: [
    {
      fileMatch: ['**/policy.yaml'],
      uri: 'inmemory://auditscope/policy-schema.json',
      schema: policyJsonSchema() as never,
    },
  ],
});

export { monaco };

// Exposed like Monaco's AMD build does, so the e2e tests (and devtools) can read the exact editor text.
(globalThis as { monaco?: typeof monaco }).monaco = monaco;
