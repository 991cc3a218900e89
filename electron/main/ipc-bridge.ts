// Exposes the Backend over IPC: every call checks its sender frame, then validates its payload (in Backend.call).
// Electron's ipcMain comes in as a parameter (from ipc.ts), so this file also runs in plain Node.
import type { IpcMain, IpcMainInvokeEvent, WebContents } from 'electron';
import { EVENT_IPC_CHANNEL, IPC_PREFIX } from '../../shared/ipc/channels.ts';
import { REQUEST_CHANNELS } from '../../shared/ipc/contract.ts';
import type { Backend } from '../backend/backend.ts';
import { isAppUrl } from './app-origin.ts';

const trustedContents = new Set<number>();

export function trustWebContents(contents: WebContents): void {
  trustedContents.add(contents.id);
  contents.once('destroyed', () => trustedContents.delete(contents.id));
}

function isTrustedSender(event: IpcMainInvokeEvent): boolean {
  const frame = event.senderFrame;
  return Boolean(frame && frame.parent === null && isAppUrl(frame.url) && trustedContents.has(event.sender.id));
}

export function bridgeBackend(ipcMain: Pick<IpcMain, 'handle'>, backend: Backend, windows: () => WebContents[]): void {
  for (const channel of REQUEST_CHANNELS) {
    ipcMain.handle(IPC_PREFIX + channel, async (event, input: unknown) => {
      if (!isTrustedSender(event)) {
        return { ok: false, error: { code: 'forbidden', message: 'IPC call from an untrusted frame was refused' } };
      }
      const result = await backend.call(channel, input);
      return result.ok ? { ok: true, value: result.value } : { ok: false, error: result.error };
    });
  }
  backend.subscribe((channel, payload) => {
    for (const contents of windows())
      if (trustedContents.has(contents.id)) contents.send(EVENT_IPC_CHANNEL, channel, payload);
  });
}
