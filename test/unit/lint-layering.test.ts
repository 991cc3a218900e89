// The layer table (build/eslint-layers.js) run through the real @boundaries/eslint-plugin rule by ESLint's RuleTester:
// each layer's allowed imports pass, and the imports the architecture forbids fail with the table's message.
import { describe, it } from 'node:test';
import { join } from 'node:path';
import boundaries from '@boundaries/eslint-plugin';
import { RuleTester } from 'eslint';
import tseslint from 'typescript-eslint';
import { layeringRule, layeringSettings } from '../../build/eslint-layers.js';

RuleTester.describe = describe;
RuleTester.it = it;
RuleTester.itOnly = it.only;

const root = join(import.meta.dirname, '../..');
const tester = new RuleTester({ languageOptions: { parser: tseslint.parser }, settings: layeringSettings });
const [, options] = layeringRule;

/** Code in a file of the given layer; imports are relative to that file, and their targets exist. */
const inFile = (file: string, code: string) => ({ filename: join(root, file), code, options: [options] });
const refused = (file: string, code: string, layer: string, source: string) => ({
  ...inFile(file, code),
  errors: [
    { message: new RegExp(`^layering: ${layer} may import only ${layer}\\b.* \\(imports ${escape(source)}\\)$`) },
  ],
});
const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

tester.run('layering', boundaries.rules.dependencies, {
  valid: [
    inFile(
      'shared/x.ts',
      "import { parse } from 'yaml';\nimport { z } from 'zod';\nimport { REQUESTS } from './ipc/contract.ts';",
    ),
    inFile('electron/backend/x.ts', "import { readFile } from 'node:fs/promises';\nimport { Client } from 'ssh2';"),
    inFile(
      'electron/backend/x.ts',
      "import type { App } from 'electron';\nimport { REQUESTS } from '../../shared/ipc/contract.ts';",
    ),
    inFile('electron/backend/handlers/x.ts', "import packageJson from '../../../package.json' with { type: 'json' };"),
    inFile(
      'electron/server/x.ts',
      "import { WebSocketServer } from 'ws';\nimport { Backend } from '../backend/backend.ts';",
    ),
    inFile(
      'electron/cli/x.ts',
      "export { probeNode } from '../backend/nodes/probe.ts';\nimport type { App } from 'electron';",
    ),
    inFile('electron/main/x.ts', "import { app } from 'electron';\nimport { Backend } from '../backend/backend.ts';"),
    inFile(
      'electron/preload/x.ts',
      "import { contextBridge } from 'electron';\nimport { IPC_PREFIX } from '../../shared/ipc/channels.ts';",
    ),
    inFile('renderer/src/x.tsx', "import { useState } from 'react';\nimport Add from '@mui/icons-material/Add';"),
    inFile(
      'renderer/src/monaco/x.ts',
      "import YamlWorker from './yaml.worker?worker';\nconst m = () => import('monaco-yaml');",
    ),
    inFile('renderer/src/x.ts', "import { REQUESTS } from '../../shared/ipc/contract.ts';"),
    // Tests and build scripts belong to no layer.
    inFile(
      'test/unit/x.ts',
      "import { ipcMain } from 'electron';\nimport { registerIpc } from '../../electron/main/ipc.ts';",
    ),
    inFile('build/x.ts', "import { App } from '../renderer/src/App.tsx';\nimport { Client } from 'ssh2';"),
  ],
  invalid: [
    refused('shared/x.ts', "import { join } from 'node:path';", 'shared', 'node:path'),
    refused('shared/x.ts', "import { useState } from 'react';", 'shared', 'react'),
    refused(
      'shared/x.ts',
      "import { Backend } from '../electron/backend/backend.ts';",
      'shared',
      '../electron/backend/backend.ts',
    ),
    refused('shared/ipc/x.ts', "export * from '../wasm/fast-scanner.ts';", 'shared', '../wasm/fast-scanner.ts'),
    refused('shared/wasm/x.ts', "import { REQUESTS } from '../ipc/contract.ts';", 'wasm', '../ipc/contract.ts'),
    refused('electron/backend/x.ts', "import { app } from 'electron';", 'backend', 'electron'),
    refused('electron/backend/x.ts', "const ipc = () => import('../main/ipc.ts');", 'backend', '../main/ipc.ts'),
    refused('electron/backend/x.ts', "import { start } from '../server/entry.ts';", 'backend', '../server/entry.ts'),
    refused('electron/backend/x.ts', "import { run } from '../cli/entry.ts';", 'backend', '../cli/entry.ts'),
    refused('electron/server/x.ts', "import { app } from 'electron';", 'server', 'electron'),
    refused('electron/server/x.ts', "import { registerIpc } from '../main/ipc.ts';", 'server', '../main/ipc.ts'),
    refused('electron/cli/x.ts', "import { shell } from 'electron';", 'cli', 'electron'),
    refused('electron/cli/x.ts', "import { start } from '../server/entry.ts';", 'cli', '../server/entry.ts'),
    refused('electron/main/x.ts', "import { buildPreloadApi } from '../preload/api.ts';", 'main', '../preload/api.ts'),
    refused('electron/main/x.ts', "import { Client } from 'ssh2';", 'main', 'ssh2'),
    refused(
      'electron/preload/x.ts',
      "import { Backend } from '../backend/backend.ts';",
      'preload',
      '../backend/backend.ts',
    ),
    refused('electron/preload/x.ts', "import { readFile } from 'node:fs';", 'preload', 'node:fs'),
    refused('renderer/src/x.ts', "import { readFile } from 'node:fs';", 'renderer', 'node:fs'),
    refused('renderer/src/x.ts', "import type { App } from 'electron';", 'renderer', 'electron'),
    refused('renderer/src/x.ts', "import { Client } from 'ssh2';", 'renderer', 'ssh2'),
    refused('renderer/src/x.ts', "const ws = () => import('ws');", 'renderer', 'ws'),
    refused(
      'renderer/src/x.ts',
      "export { isAppUrl } from '../../electron/main/app-origin.ts';",
      'renderer',
      '../../electron/main/app-origin.ts',
    ),
    refused(
      'renderer/src/x.ts',
      "import { Backend } from '../../electron/backend/backend.ts';",
      'renderer',
      '../../electron/backend/backend.ts',
    ),
    refused(
      'renderer/src/x.ts',
      "import { corpusDir } from '../../test/support/corpus.ts';",
      'renderer',
      '../../test/support/corpus.ts',
    ),
  ],
});
