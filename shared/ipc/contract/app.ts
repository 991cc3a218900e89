// App-level calls: versions, capabilities, settings.
import { z } from 'zod';
import { event, request } from '../define.ts';

export const THEME_PREFERENCES = ['system', 'light', 'dark'] as const;

export const settingsSchema = z
  .object({
    theme: z.enum(THEME_PREFERENCES),
    welcomeSeen: z.boolean(),
    kubernetesVersion: z.string().regex(/^1\.\d{1,2}$/),
  })
  .strict();
export type Settings = z.infer<typeof settingsSchema>;

export const DEFAULT_SETTINGS: Settings = { theme: 'system', welcomeSeen: false, kubernetesVersion: '1.36' };

export interface AppInfo {
  name: string;
  version: string;
  mode: 'electron' | 'browser';
  platform: string;
  versions: Record<string, string>;
  capabilities: {
    /** Native open/save dialogs (Electron only); browser mode uses file inputs and downloads. */
    nativeDialogs: boolean;
    /** Secrets can be stored encrypted (Electron safeStorage); browser mode never stores them. */
    secretStorage: boolean;
  };
  userDataDir: string;
}

export const appRequests = {
  'app.info': request<AppInfo>()(z.object({}).strict()),
  'settings.get': request<Settings>()(z.object({}).strict()),
  'settings.update': request<Settings>()(settingsSchema.partial().strict()),
};

export const appEvents = {
  'settings.changed': event<Settings>(),
};
