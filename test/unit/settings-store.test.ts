import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { DEFAULT_SETTINGS } from '../../shared/ipc/contract/app.ts';
import { SettingsStore } from '../../electron/backend/settings/settings-store.ts';
import { defaultUserDataDir } from '../../electron/backend/user-data.ts';

test('settings: defaults, atomic update with mode 0600, no temp files left, corrupt file tolerated', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'auditscope-settings-'));
  try {
    const store = new SettingsStore(join(dir, 'nested'));
    assert.deepEqual(await store.get(), DEFAULT_SETTINGS);
    await store.update({ theme: 'dark' });
    const onDisk = JSON.parse(readFileSync(store.path, 'utf8'));
    assert.equal(onDisk.theme, 'dark');
    assert.equal(statSync(store.path).mode & 0o777, 0o600);
    assert.deepEqual(readdirSync(join(dir, 'nested')), ['settings.json']);
    assert.deepEqual((await new SettingsStore(join(dir, 'nested')).get()).theme, 'dark');
    await assert.rejects(store.update({ theme: 'blue' as never }));

    writeFileSync(store.path, '{not json');
    assert.deepEqual(await new SettingsStore(join(dir, 'nested')).get(), DEFAULT_SETTINGS);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('AUDITSCOPE_USER_DATA overrides the user-data folder', () => {
  assert.equal(defaultUserDataDir({ AUDITSCOPE_USER_DATA: '/tmp/x' }), '/tmp/x');
  assert.equal(defaultUserDataDir({ XDG_CONFIG_HOME: '/cfg' }), '/cfg/auditscope');
});
