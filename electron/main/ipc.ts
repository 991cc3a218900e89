// The one file that imports Electron's raw ipcMain (a lint rule keeps it so): it goes straight to the bridge,
// which checks every caller's frame before the Backend sees the call.
import { ipcMain, type WebContents } from 'electron';
import type { Backend } from '../backend/backend.ts';
import { bridgeBackend } from './ipc-bridge.ts';

export { trustWebContents } from './ipc-bridge.ts';

export function registerIpc(backend: Backend, windows: () => WebContents[]): void {
  bridgeBackend(ipcMain, backend, windows);
}
