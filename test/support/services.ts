// The backend's services as the Backend wires them, for tests that drive a service directly (browser mode, no
// native dialogs); `emit` receives the events the services push.
import type { Emit } from '../../electron/backend/environment.ts';
import { createServices, type BackendServices, type ServiceOptions } from '../../electron/backend/services.ts';

export function testServices(userDataDir: string, options: ServiceOptions = {}, emit?: Emit): BackendServices {
  return createServices({ mode: 'browser', userDataDir, platform: {}, emit: emit ?? (() => undefined) }, options);
}
