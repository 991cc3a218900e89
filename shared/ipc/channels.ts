// The channel names alone, without schemas, so the sandboxed preload stays small. The type checks below make
// the compiler fail when this list and the contract disagree in either direction.
import type { EventChannel, RequestChannel } from './contract.ts';

/** Electron IPC names, shared by the main process and the preload: one per call (prefix + call), one for all events. */
export const IPC_PREFIX = 'auditscope:';
export const EVENT_IPC_CHANNEL = 'auditscope:event';

export const REQUEST_CHANNEL_NAMES = [
  'app.info',
  'settings.get',
  'settings.update',
  'files.openText',
  'files.saveText',
  'nodes.list',
  'nodes.addCluster',
  'nodes.renameCluster',
  'nodes.removeCluster',
  'nodes.addNode',
  'nodes.updateNode',
  'nodes.removeNode',
  'nodes.importSshConfig',
  'nodes.check',
  'nodes.cancel',
  'nodes.provideSecret',
  'nodes.forgetSecrets',
  'logs.state',
  'logs.addSources',
  'logs.chooseFile',
  'logs.removeSource',
  'logs.addNodes',
  'logs.liveControl',
  'logs.closeSession',
  'logs.skipped',
  'logs.uploadBegin',
  'logs.uploadChunk',
  'logs.uploadFinish',
  'logs.uploadCancel',
  'logs.query',
  'logs.summary',
  'logs.fieldValues',
  'logs.suggest',
  'logs.events',
  'logs.exportStart',
  'logs.exportRead',
  'logs.exportCancel',
  'logs.exportDiscard',
  'logs.library',
  'logs.recordHistory',
  'logs.saveQuery',
  'logs.deleteQuery',
  'apply.plan',
  'apply.start',
  'apply.cancel',
  'apply.journal',
  'lab.simulate',
  'lab.cancel',
] as const satisfies readonly RequestChannel[];

export const EVENT_CHANNEL_NAMES = [
  'settings.changed',
  'nodes.changed',
  'nodes.progress',
  'nodes.checkFinished',
  'logs.sessionChanged',
  'logs.exportProgress',
  'apply.step',
  'apply.finished',
  'lab.update',
] as const satisfies readonly EventChannel[];

type Missing<All, Listed> = Exclude<All, Listed>;
const requestListIsComplete: Missing<RequestChannel, (typeof REQUEST_CHANNEL_NAMES)[number]> extends never
  ? true
  : false = true;
const eventListIsComplete: Missing<EventChannel, (typeof EVENT_CHANNEL_NAMES)[number]> extends never ? true : false =
  true;
void requestListIsComplete;
void eventListIsComplete;
