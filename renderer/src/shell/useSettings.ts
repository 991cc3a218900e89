// Settings from the backend store, kept in sync across windows through the settings.changed event.
import { useCallback, useEffect, useState } from 'react';
import { DEFAULT_SETTINGS, type Settings } from '../../../shared/ipc/contract/app.ts';
import { api } from '../api/client.ts';

export function useSettings() {
  const [settings, setSettings] = useState<Settings>(DEFAULT_SETTINGS);
  const [loaded, setLoaded] = useState(false);
  useEffect(() => {
    let active = true;
    api
      .call('settings.get', {})
      .then((value) => active && setSettings(value))
      // Unreadable settings leave the defaults in place; the app still starts.
      .catch(() => undefined)
      .finally(() => active && setLoaded(true));
    const off = api.on('settings.changed', (value) => setSettings(value));
    return () => {
      active = false;
      off();
    };
  }, []);
  // Never rejects: a change the backend refused or could not save is replaced by what it holds.
  const update = useCallback(async (patch: Partial<Settings>) => {
    setSettings((current) => ({ ...current, ...patch }));
    const held = await api
      .call('settings.update', patch)
      .catch(() => api.call('settings.get', {}))
      .catch(() => null);
    if (held) setSettings(held);
  }, []);
  return { settings, loaded, update };
}
