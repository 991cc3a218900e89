// Packs a throw-away project with the real electron-builder, the real build/electron-builder.yml and the real fuse
// hook. Only the Electron distribution is a stand-in (it cannot be downloaded here): an executable carrying the
// fuse wire, so the test sees what ships in app.asar and which fuses the packed binary ends up with.
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { binaryWithFuseWire, dependencyClosure, fuseWireOf, ROOT } from '../unit/packaging-support.ts';

/** The files inside an asar archive (header: pickled sizes, then a JSON tree of files; contents follow it). */
function asarFiles(archive: Buffer): Map<string, Buffer> {
  const contentStart = 8 + archive.readUInt32LE(4);
  const headerJsonLength = archive.readUInt32LE(12);
  const tree = JSON.parse(archive.toString('utf8', 16, 16 + headerJsonLength)) as AsarDirectory;
  const files = new Map<string, Buffer>();
  const walk = (directory: AsarDirectory, prefix: string) => {
    for (const [name, entry] of Object.entries(directory.files)) {
      if ('files' in entry) walk(entry, `${prefix}${name}/`);
      else if (entry.unpacked) files.set(`${prefix}${name}`, Buffer.alloc(0));
      else {
        const offset = contentStart + Number(entry.offset);
        files.set(`${prefix}${name}`, archive.subarray(offset, offset + entry.size));
      }
    }
  };
  walk(tree, '');
  return files;
}
interface AsarDirectory {
  files: Record<string, AsarDirectory | { size: number; offset: string; unpacked?: boolean }>;
}

function write(path: string, content: string | Buffer): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, content);
}

/** A temp dir on the same file system as node_modules, so it can be hard-link copied in a second. */
function workDir(): string {
  const candidate = mkdtempSync(join(tmpdir(), 'auditscope-pack-'));
  const probe = join(candidate, 'probe');
  const linked = spawnSync('ln', [`${ROOT}package.json`, probe]).status === 0;
  if (linked) return candidate;
  rmSync(candidate, { recursive: true, force: true });
  mkdirSync(`${ROOT}test-results`, { recursive: true });
  return mkdtempSync(join(`${ROOT}test-results`, 'pack-'));
}

const work = workDir();
const project = join(work, 'project');
const electronDist = join(work, 'electron-dist');
const output = join(work, 'release');
let packed: { files: Map<string, Buffer>; appOutDir: string };

before(() => {
  mkdirSync(project);
  for (const file of ['package.json', 'package-lock.json'])
    writeFileSync(join(project, file), readFileSync(`${ROOT}${file}`));
  execFileSync('cp', ['-al', `${ROOT}node_modules`, join(project, 'node_modules')]);
  symlinkSync(`${ROOT}build`, join(project, 'build'));
  // What the builds produce, and sources that sit next to them and must stay out.
  write(join(project, 'dist/electron/main.mjs'), 'require("electron");\n');
  write(join(project, 'dist/electron/main.mjs.map'), '{}');
  write(join(project, 'dist/electron/preload.cjs'), '');
  write(join(project, 'dist/renderer/index.html'), '<!doctype html><title>Auditscope</title>');
  write(join(project, 'dist/renderer/assets/index-abc.js'), 'console.log(1)');
  write(join(project, 'dist/server/server.mjs'), '');
  write(join(project, 'dist/cli/auditscope.mjs'), '');
  write(join(project, 'electron/main/index.ts'), '');
  write(join(project, 'renderer/src/App.tsx'), '');
  write(join(project, 'shared/policy/types.ts'), '');
  write(join(project, 'test/unit/a.test.ts'), '');
  // Electron's default fuse wire: RunAsNode, NODE_OPTIONS and --inspect on, asar-only loading off.
  write(join(electronDist, 'electron'), binaryWithFuseWire('10110000'));
  chmodSync(join(electronDist, 'electron'), 0o755);
  write(join(electronDist, 'LICENSE'), 'MIT');

  const result = spawnSync(
    process.execPath,
    [
      `${ROOT}node_modules/electron-builder/cli.js`,
      '--projectDir',
      project,
      '--config',
      'build/electron-builder.yml',
      '--linux',
      'dir',
      '--publish',
      'never',
      `-c.electronDist=${electronDist}`,
      `-c.directories.output=${output}`,
      // Rebuilding native modules would need Electron headers from the network.
      '-c.npmRebuild=false',
    ],
    { cwd: project, encoding: 'utf8', timeout: 120_000 },
  );
  assert.equal(result.status, 0, `electron-builder failed:\n${result.stdout}\n${result.stderr}`);
  const appOutDir = join(output, 'linux-unpacked');
  packed = { appOutDir, files: asarFiles(readFileSync(join(appOutDir, 'resources/app.asar'))) };
});
after(() => rmSync(work, { recursive: true, force: true }));

describe('a packed Linux build', () => {
  test('the executable carries the secure fuse wire', () => {
    const binary = readFileSync(join(packed.appOutDir, 'auditscope'));
    // RunAsNode, Cookie, NodeOptions, Inspect, AsarIntegrity, OnlyAsar, V8Snapshot, FileProtocol.
    assert.equal(fuseWireOf(binary), '01001100');
  });

  test('app.asar holds the bundles and a package.json whose main is the main bundle', () => {
    for (const file of ['dist/electron/main.mjs', 'dist/electron/preload.cjs', 'dist/renderer/index.html']) {
      assert.ok(packed.files.has(file), `${file} ships`);
    }
    assert.equal(packed.files.get('dist/renderer/assets/index-abc.js')?.toString(), 'console.log(1)');
    const manifest = JSON.parse(packed.files.get('package.json')!.toString()) as { name: string; main: string };
    assert.equal(manifest.name, 'auditscope');
    assert.equal(manifest.main, 'dist/electron/main.mjs');
  });

  test('no sources, tests, source maps, server or CLI bundles ship', () => {
    const leaked = [...packed.files.keys()].filter(
      (file) =>
        (/\.(map|tsx?)$/.test(file) && !file.startsWith('node_modules/')) ||
        /^(electron|renderer|shared|test|build)\//.test(file) ||
        /^dist\/(server|cli)\//.test(file),
    );
    assert.deepEqual(leaked, []);
  });

  test('only the runtime closure of ssh2 ships from node_modules', () => {
    const shipped = new Set<string>();
    const unpacked = join(packed.appOutDir, 'resources/app.asar.unpacked/node_modules');
    for (const file of [...packed.files.keys()].filter((name) => name.startsWith('node_modules/'))) {
      const [, first, second] = file.split('/');
      shipped.add(first!.startsWith('@') ? `${first}/${second}` : first!);
    }
    if (existsSync(unpacked)) for (const name of readdirSync(unpacked)) shipped.add(name);
    const closure = dependencyClosure(['ssh2', 'cpu-features']);
    assert.ok(shipped.has('ssh2'));
    assert.deepEqual(
      [...shipped].filter((name) => !closure.has(name)),
      [],
    );
  });
});
