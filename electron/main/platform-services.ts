// Desktop implementations of PlatformServices: native dialogs, main-process confirmation, safeStorage.
import { BrowserWindow, dialog, safeStorage } from 'electron';
import type { PlatformServices } from '../node/platform.ts';

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
    encryptSecret: safeStorage.isEncryptionAvailable() ? (plain) => safeStorage.encryptString(plain) : undefined,
    decryptSecret: safeStorage.isEncryptionAvailable() ? (cipher) => safeStorage.decryptString(cipher) : undefined,
  };
}
