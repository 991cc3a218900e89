// Handlers for the app-level calls.
import packageJson from '../../../package.json' with { type: 'json' };
import type { HandlerMap } from '../handler-types.ts';
import type { SettingsStore } from '../settings/settings-store.ts';

export function appHandlers(settings: SettingsStore): HandlerMap<'app.info' | 'settings.get' | 'settings.update'> {
  return {
    'app.info': async (_input, context) => ({
      name: 'Auditscope',
      version: packageJson.version,
      mode: context.mode,
      platform: process.platform,
      versions: {
        node: process.versions.node,
        ...(process.versions.electron
          ? { electron: process.versions.electron, chrome: process.versions.chrome ?? '' }
          : {}),
      },
      capabilities: {
        nativeDialogs: Boolean(context.platform.chooseOpenPath),
        secretStorage: Boolean(context.platform.encryptSecret),
      },
      userDataDir: context.userDataDir,
    }),
    'settings.get': async () => settings.get(),
    'settings.update': async (patch, context) => {
      const next = await settings.update(patch);
      context.emit('settings.changed', next);
      return next;
    },
  };
}
