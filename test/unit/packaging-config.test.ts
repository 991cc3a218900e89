// The electron-builder configuration: identity, targets, icons, what ships in the asar, and the fuse hook wiring.
// Nothing is packaged here (no Electron download); test/integration/packaging-pack.test.ts packs for real.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import {
  dependencyClosure,
  icnsEntries,
  icoEntries,
  loadConfig,
  pngSize,
  ROOT,
  type BuilderConfig,
} from './packaging-support.ts';

const config: BuilderConfig = loadConfig();
const PNG_SIZES = [16, 24, 32, 48, 64, 128, 256, 512, 1024];

describe('identity and targets', () => {
  test('app id, product name and executable name', () => {
    assert.equal(config.appId, 'io.auditscope.desktop');
    assert.match(config.appId, /^[a-z][a-z0-9]*(\.[a-z][a-z0-9-]*)+$/, 'reverse-DNS app id');
    assert.equal(config.productName, 'Auditscope');
    assert.equal(config.executableName, 'auditscope');
  });

  test('Linux AppImage + deb, macOS dmg, Windows NSIS', () => {
    assert.deepEqual(config.linux.target, ['AppImage', 'deb']);
    assert.deepEqual(config.mac.target, ['dmg']);
    assert.deepEqual(config.win.target, ['nsis']);
    assert.match(config.linux.maintainer, /<[^@\s]+@[^>\s]+>/, 'deb needs a maintainer with an email');
    assert.equal(config.mac.hardenedRuntime, true);
  });

  test('the packaged entry point is the file the Electron build writes', () => {
    assert.equal(config.extraMetadata.main, 'dist/electron/main.mjs');
    const buildScript = readFileSync(`${ROOT}build/scripts/build-electron.mjs`, 'utf8');
    assert.ok(buildScript.includes(`outfile: '${config.extraMetadata.main}'`), 'build-electron.mjs writes the main');
  });

  test('output goes to release/, outside anything that ships', () => {
    assert.equal(config.directories.output, 'release');
    assert.equal(config.directories.buildResources, 'build');
  });
});

describe('icons', () => {
  test('Linux: a PNG per size, each really that size', () => {
    assert.equal(config.linux.icon, 'build/icons/png');
    for (const size of PNG_SIZES) {
      const file: string = `${ROOT}${config.linux.icon}/${size}x${size}.png`;
      assert.deepEqual(pngSize(readFileSync(file), file), { width: size, height: size });
    }
  });

  test('the SVG source and the 1024 px master exist', () => {
    assert.match(readFileSync(`${ROOT}build/icons/icon.svg`, 'utf8'), /<svg[^>]+viewBox="0 0 32 32"/);
    assert.deepEqual(pngSize(readFileSync(`${ROOT}build/icons/icon.png`), 'icon.png'), { width: 1024, height: 1024 });
  });

  test('Windows .ico holds 16…256 px PNGs whose declared sizes match', () => {
    const entries = icoEntries(readFileSync(`${ROOT}${config.win.icon}`));
    assert.deepEqual(
      entries.map((entry) => entry.declared),
      [16, 24, 32, 48, 64, 128, 256],
    );
    for (const { declared, png } of entries) {
      assert.deepEqual(pngSize(png, `ico ${declared}`), { width: declared, height: declared });
    }
  });

  test('macOS .icns holds 16…1024 px PNGs in the matching slots', () => {
    const expected: Record<string, number> = {
      icp4: 16,
      icp5: 32,
      icp6: 64,
      ic07: 128,
      ic08: 256,
      ic09: 512,
      ic10: 1024,
    };
    const entries = icnsEntries(readFileSync(`${ROOT}${config.mac.icon}`));
    assert.deepEqual(entries.map((entry) => entry.type).sort(), Object.keys(expected).sort());
    for (const { type, data } of entries) {
      const size = expected[type]!;
      assert.deepEqual(pngSize(data, `icns ${type}`), { width: size, height: size });
    }
  });
});

describe('what ships', () => {
  test('asar on, bundles in, sources, maps and tests out', () => {
    assert.equal(config.asar, true);
    assert.ok(config.files.includes('dist/electron/**/*'));
    assert.ok(config.files.includes('dist/renderer/**/*'));
    assert.ok(config.files.includes('!**/*.map'));
    assert.ok(config.files.includes('!**/*.{ts,tsx,mts,cts}'));
    const included = config.files.filter((pattern) => !pattern.startsWith('!'));
    assert.deepEqual(included.sort(), ['dist/electron/**/*', 'dist/renderer/**/*', 'dist/sample/**/*', 'package.json']);
    for (const source of ['electron', 'renderer', 'shared', 'test', 'build', 'bin', 'dist/server', 'dist/cli']) {
      assert.ok(!included.some((pattern) => pattern.startsWith(source)), `${source} must not ship`);
    }
  });

  test('node_modules that ship are exactly the runtime closure of the main bundle externals', () => {
    const buildScript = readFileSync(`${ROOT}build/scripts/build-electron.mjs`, 'utf8');
    // The build({...}) call for the main process, however it is formatted.
    const mainBuild = /entryPoints: \['electron\/main\/index\.ts'\][^}]*?external: \[([^\]]*)\]/.exec(buildScript);
    assert.ok(mainBuild, 'main build with an external list in build-electron.mjs');
    const externals = [...mainBuild[1]!.matchAll(/'([^']+)'/g)]
      .map((match) => match[1]!)
      .filter((name) => name !== 'electron');
    const closure = dependencyClosure(externals);

    const nodeModulesRule = config.files.find((pattern) => pattern.startsWith('!node_modules/!('));
    assert.ok(nodeModulesRule, 'a negated allow-list for node_modules');
    const allowed = /^!node_modules\/!\(([^)]+)\)\{,\/\*\*\/\*\}$/.exec(nodeModulesRule)?.[1]?.split('|');
    assert.ok(allowed, `allow-list pattern has the expected shape: ${nodeModulesRule}`);
    assert.deepEqual(new Set(allowed), closure);
  });
});

describe('fuse hook wiring', () => {
  test('afterPack points at the fuse hook, which exists and exports the hook function', async () => {
    assert.equal(config.afterPack, 'build/scripts/after-pack-fuses.cjs');
    assert.ok(existsSync(`${ROOT}${config.afterPack}`));
    const { fuseHook } = await import('./packaging-support.ts');
    assert.equal(typeof fuseHook, 'function');
    assert.equal(fuseHook.default, fuseHook);
  });

  test('electron-builder’s own fuse option is unset, so the hook is the single source of truth', () => {
    assert.equal(config.electronFuses, undefined);
  });
});
