// Handlers for the app-level calls.
import packageJson from '../../../package.json' with { type: 'json' };
import type { HandlerMap } from '../handler-types.ts';
import type { BackendServices } from '../services.ts';

export function appHandlers(services: BackendServices): HandlerMap<'app.info' | 'settings.get' | 'settings.update'> {
  const { settings } = services;
  return {
    'app.info': async () => ({
      name: 'Auditscope',
      version: packageJson.version,
      mode: services.mode,
      platform: process.platform,
      versions: {
        node: process.versions.node,
        ...(process.versions.electron
          ? { electron: process.versions.electron, chrome: process.versions.chrome ?? '' }
          : {}),
      },
      capabilities: {
        nativeDialogs: Boolean(services.platform.chooseOpenPath),
        secretStorage: Boolean(services.platform.encryptSecret),
      },
      userDataDir: services.userDataDir,
    }),
    'settings.get': async () => settings.get(),
    'settings.update': async (patch) => {
      const next = await settings.update(patch);
      services.emit('settings.changed', next);
      return next;
    },
  };
}
