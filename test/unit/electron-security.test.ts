// The Electron window keeps its security settings; origins are compared exactly, never by prefix.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ELECTRON_CSP, isAllowedExternalUrl, isAppUrl } from '../../electron/main/app-origin.ts';
import { secureWindowOptions } from '../../electron/main/window-options.ts';

test('window options: context isolation, sandbox, no Node in the renderer', () => {
  const prefs = secureWindowOptions('/app/preload.cjs').webPreferences!;
  assert.equal(prefs.contextIsolation, true);
  assert.equal(prefs.sandbox, true);
  assert.equal(prefs.nodeIntegration, false);
  assert.equal(prefs.nodeIntegrationInWorker, false);
  assert.equal(prefs.nodeIntegrationInSubFrames, false);
  assert.equal(prefs.webSecurity, true);
  assert.equal(prefs.allowRunningInsecureContent, false);
  assert.equal(prefs.webviewTag, false);
  assert.equal(prefs.preload, '/app/preload.cjs');
});

test('CSP allows no remote origins and no eval', () => {
  assert.doesNotMatch(ELECTRON_CSP, /unsafe-eval/);
  assert.doesNotMatch(ELECTRON_CSP, /https?:/);
  assert.match(ELECTRON_CSP, /default-src 'self'/);
  assert.match(ELECTRON_CSP, /object-src 'none'/);
});

test('only the app origin may call the backend; only allow-listed https origins open externally', () => {
  assert.equal(isAppUrl('app://auditscope/index.html'), true);
  assert.equal(isAppUrl('app://auditscope.evil/index.html'), false);
  assert.equal(isAppUrl('file:///etc/passwd'), false);
  assert.equal(isAllowedExternalUrl('https://kubernetes.io/docs/'), true);
  assert.equal(isAllowedExternalUrl('https://kubernetes.io.attacker.com/'), false);
  assert.equal(isAllowedExternalUrl('http://kubernetes.io/'), false);
  assert.equal(isAllowedExternalUrl('javascript:alert(1)'), false);
});
