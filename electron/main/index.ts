// Electron main process: lifecycle, the hardened window, the app:// protocol and the IPC bridge to the Backend.
import { app, BrowserWindow, dialog } from 'electron';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Backend } from '../backend/backend.ts';
import { APP_ENTRY_URL } from './app-origin.ts';
import { registerIpc, trustWebContents } from './ipc.ts';
import { installMenu } from './menu.ts';
import { electronPlatformServices } from './platform-services.ts';
import { registerAppSchemeAsPrivileged, serveRenderer } from './protocol.ts';
import { installSecurityPolicy } from './security.ts';
import { secureWindowOptions } from './window-options.ts';

// Bundled to dist/electron/main.mjs (ESM); the renderer build sits in dist/renderer.
const distDir = fileURLToPath(new URL('..', import.meta.url));

if (process.env.AUDITSCOPE_USER_DATA) app.setPath('userData', process.env.AUDITSCOPE_USER_DATA);

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  registerAppSchemeAsPrivileged();
  app.on('second-instance', () => {
    const window = BrowserWindow.getAllWindows()[0];
    if (window) {
      if (window.isMinimized()) window.restore();
      window.focus();
    }
  });
  app.whenReady().then(startApp).catch(quitOnStartFailure);
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
}

function startApp(): void {
  installSecurityPolicy();
  serveRenderer(join(distDir, 'renderer'));
  installMenu();
  const backend = new Backend({
    mode: 'electron',
    userDataDir: app.getPath('userData'),
    platform: electronPlatformServices(),
  });
  registerIpc(backend, () => BrowserWindow.getAllWindows().map((window) => window.webContents));
  createWindow();
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) createWindow();
  });
}

/** Without this a failed start would leave a running app with no window and the reason in no one's sight. */
function quitOnStartFailure(error: unknown): void {
  dialog.showErrorBox('Auditscope could not start', error instanceof Error ? error.message : String(error));
  app.exit(1);
}

function createWindow(): void {
  const window = new BrowserWindow(secureWindowOptions(join(distDir, 'electron', 'preload.cjs')));
  trustWebContents(window.webContents);
  window.once('ready-to-show', () => window.show());
  void window.loadURL(APP_ENTRY_URL);
}
