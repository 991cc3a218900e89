// The architecture as one table: which layer may import which layers and packages. @boundaries/eslint-plugin
// enforces it (static and dynamic imports, `export … from`); files outside every layer (test/, build/) are free.
// A layer always imports its own files; every other import must be listed here.

const NODE_BUILTINS = 'node built-ins';

/**
 * folder: the layer's files; layers: the other layers it may import; files: single files it may import;
 * packages: npm packages (and Node's built-ins); typesOnly: packages it may import only with `import type`;
 * sources: import sources no resolver understands, allowed exactly as written.
 * @type {Record<string, { folder: string, layers: string[], files?: string[], packages: string[],
 *   typesOnly?: string[], sources?: string[] }>}
 */
export const LAYERS = {
  // AssemblyScript compiled to WebAssembly: no imports at all. Listed before shared/, which contains it.
  wasm: { folder: 'shared/wasm', layers: [], packages: [] },
  shared: { folder: 'shared', layers: [], packages: ['yaml', 'zod'] },
  // The Node-side services run in plain Node too (browser mode, CLI), so electron only for types.
  backend: {
    folder: 'electron/backend',
    layers: ['shared'],
    files: ['package.json'],
    packages: [NODE_BUILTINS, 'ssh2', 'ssh-config', 'yaml', 'zod'],
    typesOnly: ['electron'],
  },
  // vite: only the development server (npm run dev) loads it.
  server: {
    folder: 'electron/server',
    layers: ['backend', 'shared'],
    packages: [NODE_BUILTINS, 'ws', 'vite'],
    typesOnly: ['electron'],
  },
  cli: { folder: 'electron/cli', layers: ['backend', 'shared'], packages: [NODE_BUILTINS], typesOnly: ['electron'] },
  main: { folder: 'electron/main', layers: ['backend', 'shared'], packages: [NODE_BUILTINS, 'electron'] },
  preload: { folder: 'electron/preload', layers: ['shared'], packages: ['electron'] },
  renderer: {
    folder: 'renderer/src',
    layers: ['shared'],
    packages: [
      'react',
      'react-dom',
      '@mui/*',
      '@emotion/*',
      '@monaco-editor/react',
      'monaco-editor',
      'monaco-yaml',
      '@tanstack/react-virtual',
    ],
    // Vite's worker imports: bundled by Vite, unknown to the resolver, so named by their import source.
    sources: ['./yaml.worker?worker'],
  },
};

const layer = (type) => ({ element: { type } });
const packagesSelector = (packages) => {
  const names = packages.filter((name) => name !== NODE_BUILTINS);
  return [
    ...(packages.includes(NODE_BUILTINS) ? [{ to: { module: { origin: 'core' } } }] : []),
    ...(names.length > 0 ? [{ to: { module: { origin: 'external', source: names } } }] : []),
  ];
};

function describe(name, spec) {
  const allowed = [
    name,
    ...spec.layers,
    ...(spec.files ?? []),
    ...spec.packages,
    ...(spec.typesOnly ?? []).map((pkg) => `types from ${pkg}`),
  ];
  return `${name} may import only ${allowed.join(', ')}`;
}

/** The last matching policy decides: first refuse everything for the layer, then allow what the table lists. */
function policies(name, spec) {
  const refused = `layering: ${describe(name, spec)} (imports {{dependency.source}})`;
  return [
    { from: layer(name), disallow: [{ to: { module: { origin: ['local', 'core', 'external'] } } }], message: refused },
    {
      from: layer(name),
      allow: [
        ...spec.layers.map((type) => ({ to: layer(type) })),
        ...(spec.files ?? []).map((path) => ({ to: { file: { categories: path } } })),
        ...(spec.sources ?? []).map((source) => ({ to: { module: { origin: 'local' } }, dependency: { source } })),
        ...packagesSelector(spec.packages),
        ...(spec.typesOnly ?? []).map((pkg) => ({ to: { module: { source: pkg } }, dependency: { kind: 'type' } })),
      ],
    },
  ];
}

/** Settings and the `boundaries/dependencies` rule built from the table, for the flat config and its test. */
export const layeringSettings = {
  'boundaries/root-path': new URL('..', import.meta.url).pathname,
  'boundaries/elements': Object.entries(LAYERS).map(([type, { folder }]) => ({
    type,
    pattern: folder,
    partialMatch: false,
  })),
  // Single files a layer may read, named by their path.
  'boundaries/files': [{ category: 'package.json', pattern: 'package.json' }],
  'boundaries/dependency-nodes': ['import', 'export', 'dynamic-import'],
  'import/resolver': { node: { extensions: ['.ts', '.tsx', '.js', '.json'] } },
};

export const layeringRule = [
  'error',
  {
    default: 'disallow',
    checkAllOrigins: true,
    checkUnknownLocals: true,
    policies: Object.entries(LAYERS).flatMap(([name, spec]) => policies(name, spec)),
  },
];
