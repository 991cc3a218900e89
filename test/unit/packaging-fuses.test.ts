// The afterPack fuse hook: exactly the secure fuse values, every fuse covered, and applied to a binary carrying a
// real fuse wire layout (Electron itself cannot be downloaded here).
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { binaryWithFuseWire, fuseHook, FuseV1Options, fuseWireOf, type AfterPackContext } from './packaging-support.ts';

const work = mkdtempSync(join(tmpdir(), 'auditscope-fuses-'));
after(() => rmSync(work, { recursive: true, force: true }));

function linuxContext(appOutDir: string): AfterPackContext {
  return {
    appOutDir,
    electronPlatformName: 'linux',
    arch: 1,
    packager: { appInfo: { productFilename: 'Auditscope' }, executableName: 'auditscope' },
  };
}

const fuseNames = (config: Record<string, unknown>) =>
  Object.fromEntries(Object.entries(config).map(([index, value]) => [FuseV1Options[index] as string, value]));

describe('secure fuse values', () => {
  test('are exactly the production settings', () => {
    assert.deepEqual(fuseNames(fuseHook.SECURE_FUSES), {
      RunAsNode: false,
      EnableCookieEncryption: true,
      EnableNodeOptionsEnvironmentVariable: false,
      EnableNodeCliInspectArguments: false,
      EnableEmbeddedAsarIntegrityValidation: true,
      OnlyLoadAppFromAsar: true,
      LoadBrowserProcessSpecificV8Snapshot: false,
      GrantFileProtocolExtraPrivileges: false,
    });
  });

  test('cover every fuse @electron/fuses knows, and the hook requires all of them', () => {
    const known = Object.values(FuseV1Options).filter((value) => typeof value === 'number');
    assert.deepEqual(Object.keys(fuseHook.SECURE_FUSES).map(Number).sort(), known.sort());
    const config = fuseHook.fuseConfigFor(linuxContext(work));
    assert.equal(config.version, '1');
    assert.equal(config.strictlyRequireAllFuses, true);
    assert.equal(config.resetAdHocDarwinSignature, false);
    assert.ok(Object.isFrozen(fuseHook.SECURE_FUSES));
  });

  test('re-sign ad hoc only for Apple Silicon macOS builds', () => {
    const mac = { ...linuxContext(work), electronPlatformName: 'darwin' };
    assert.equal(fuseHook.fuseConfigFor({ ...mac, arch: 3 }).resetAdHocDarwinSignature, true);
    assert.equal(fuseHook.fuseConfigFor({ ...mac, arch: 1 }).resetAdHocDarwinSignature, false);
  });
});

describe('the packed binary path', () => {
  test('per platform', () => {
    const context = linuxContext('/out');
    assert.equal(fuseHook.packedElectronPath(context), join('/out', 'auditscope'));
    assert.equal(
      fuseHook.packedElectronPath({ ...context, electronPlatformName: 'win32' }),
      join('/out', 'Auditscope.exe'),
    );
    assert.equal(
      fuseHook.packedElectronPath({ ...context, electronPlatformName: 'darwin' }),
      join('/out', 'Auditscope.app'),
    );
    assert.equal(
      fuseHook.packedElectronPath({ ...context, electronPlatformName: 'mas' }),
      join('/out', 'Auditscope.app'),
    );
    assert.throws(
      () => fuseHook.packedElectronPath({ ...context, electronPlatformName: 'aix' }),
      /unsupported platform "aix"/,
    );
  });
});

describe('running the hook', () => {
  test('flips Electron’s default wire to the secure one', async () => {
    const out = join(work, 'flip');
    mkdirSync(out);
    // Electron's defaults: RunAsNode, cookie encryption off, NODE_OPTIONS and --inspect on, no asar-only loading.
    writeFileSync(join(out, 'auditscope'), binaryWithFuseWire('10110000'));
    await fuseHook(linuxContext(out));
    // Order: RunAsNode, Cookie, NodeOptions, Inspect, AsarIntegrity, OnlyAsar, V8Snapshot, FileProtocol.
    assert.equal(fuseWireOf(readFileSync(join(out, 'auditscope'))), '01001100');
  });

  test('fails the build when Electron has a fuse the hook does not set', async () => {
    const out = join(work, 'longer');
    mkdirSync(out);
    writeFileSync(join(out, 'auditscope'), binaryWithFuseWire('101100001'));
    await assert.rejects(fuseHook(linuxContext(out)), /strictlyRequireAllFuses/);
  });

  test('fails the build when the binary has no fuse wire', async () => {
    const out = join(work, 'none');
    mkdirSync(out);
    writeFileSync(join(out, 'auditscope'), 'not electron');
    await assert.rejects(fuseHook(linuxContext(out)), /Could not find sentinel/);
  });

  test('fails the build when the packed executable is missing', async () => {
    await assert.rejects(fuseHook(linuxContext(join(work, 'missing'))), /ENOENT/);
  });
});
