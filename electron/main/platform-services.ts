// Desktop implementations of PlatformServices: native dialogs, main-process confirmation, safeStorage.
import { BrowserWindow, dialog, safeStorage } from 'electron';
import type { PlatformServices } from '../backend/platform.ts';

export function electronPlatformServices(): PlatformServices {
  const parent = () => BrowserWindow.getFocusedWindow() ?? BrowserWindow.getAllWindows()[0];
  return {
    async chooseOpenPath(options) {
      const window = parent();
      const result = window
        ? await dialog.showOpenDialog(window, {
            title: options.title,
            filters: options.filters,
            properties: ['openFile'],
          })
        : await dialog.showOpenDialog({ title: options.title, filters: options.filters, properties: ['openFile'] });
      return result.canceled ? null : (result.filePaths[0] ?? null);
    },
    async chooseSavePath(options) {
      const window = parent();
      const settings = { title: options.title, defaultPath: options.defaultPath, filters: options.filters };
      const result = window ? await dialog.showSaveDialog(window, settings) : await dialog.showSaveDialog(settings);
      return result.canceled ? null : (result.filePath ?? null);
    },
    async confirm(options) {
      const settings = {
        type: 'warning' as const,
        title: options.title,
        message: options.message,
        detail: options.detail,
        buttons: ['Cancel', options.confirmLabel],
        defaultId: 0,
        cancelId: 0,
      };
      const window = parent();
      const result = window ? await dialog.showMessageBox(window, settings) : await dialog.showMessageBox(settings);
      return result.response === 1;
    },
    encryptSecret: keychainAvailable() ? (plain) => safeStorage.encryptString(plain) : undefined,
    decryptSecret: keychainAvailable() ? (cipher) => safeStorage.decryptString(cipher) : undefined,
  };
}

/**
 * Secrets are only saved when the OS keychain protects them. On Linux without a secret service, safeStorage falls
 * back to a fixed built-in key ("basic_text"), which is no better than plain text, so nothing is saved there.
 */
function keychainAvailable(): boolean {
  if (!safeStorage.isEncryptionAvailable()) return false;
  return process.platform !== 'linux' || safeStorage.getSelectedStorageBackend() !== 'basic_text';
}
