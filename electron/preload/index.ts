// Sandboxed preload (bundled to one CJS file): exposes the contract API as window.auditscope.
import { contextBridge, ipcRenderer } from 'electron';
import { buildPreloadApi } from './api.ts';

contextBridge.exposeInMainWorld('auditscope', buildPreloadApi(ipcRenderer));
