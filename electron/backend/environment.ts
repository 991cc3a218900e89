// What every backend service may rely on besides its own state: where it keeps files, which shell it runs in, the
// shell's native services, and the one way to push events to the renderer.
import type { EventChannel, EventPayload } from '../../shared/ipc/contract.ts';
import type { PlatformServices } from './platform.ts';

export type Emit = <K extends EventChannel>(channel: K, payload: EventPayload<K>) => void;

export interface BackendEnvironment {
  mode: 'electron' | 'browser';
  userDataDir: string;
  platform: PlatformServices;
  emit: Emit;
}
