// Handlers for the Logs section: thin adapters from contract calls to the LogsService, which owns the sessions.
import { AppFailure } from '../../../shared/ipc/define.ts';
import type { BackendContext, HandlerMap } from '../handler-types.ts';
import { LogsService } from '../logs-service/logs-service.ts';

type LogsChannel =
  | 'logs.state'
  | 'logs.addSources'
  | 'logs.chooseFile'
  | 'logs.removeSource'
  | 'logs.addNodes'
  | 'logs.liveControl'
  | 'logs.closeSession'
  | 'logs.skipped'
  | 'logs.uploadBegin'
  | 'logs.uploadChunk'
  | 'logs.uploadFinish'
  | 'logs.uploadCancel'
  | 'logs.query'
  | 'logs.summary'
  | 'logs.fieldValues'
  | 'logs.suggest'
  | 'logs.events'
  | 'logs.exportStart'
  | 'logs.exportRead'
  | 'logs.exportCancel'
  | 'logs.exportDiscard'
  | 'logs.library'
  | 'logs.recordHistory'
  | 'logs.saveQuery'
  | 'logs.deleteQuery';

const LOG_FILE_FILTERS = [
  { name: 'Audit logs', extensions: ['log', 'json', 'jsonl', 'gz', 'txt'] },
  { name: 'All files', extensions: ['*'] },
];

export function logsHandlers(userDataDir: string, service = new LogsService(userDataDir)): HandlerMap<LogsChannel> {
  // Events go out through whichever transport made the latest call (the backend broadcasts to all of them).
  const wire = (context: BackendContext): LogsService => {
    service.onSessionChanged = (state) => context.emit('logs.sessionChanged', state);
    service.onExportProgress = (progress) => context.emit('logs.exportProgress', progress);
    return service;
  };
  return {
    'logs.state': async (input, context) => wire(context).state(input.sessionId),
    'logs.addSources': async (input, context) => {
      const logs = wire(context);
      const paths = input.sources.flatMap((source) => (source.kind === 'path' ? [source.path] : []));
      if (paths.length > 0) await logs.addPaths(input.sessionId, paths);
      if (input.sources.some((source) => source.kind === 'sample')) logs.addSample(input.sessionId);
      return logs.state(input.sessionId);
    },
    'logs.chooseFile': async (input, context) => {
      const choose = context.platform.chooseOpenPath;
      if (!choose) throw new AppFailure('not-supported', 'native dialogs are only available in the desktop app');
      const path = await choose({ title: 'Open audit log', filters: LOG_FILE_FILTERS });
      if (!path) return null;
      return wire(context).addPaths(input.sessionId, [path]);
    },
    'logs.removeSource': async (input, context) => wire(context).removeSource(input.sessionId, input.sourceId),
    'logs.addNodes': async (input, context) =>
      wire(context).addNodes(input.sessionId, input.target, context.platform, input.trustHostKey),
    'logs.liveControl': async (input, context) =>
      wire(context).liveControl(input.sessionId, input.sourceId, input.action),
    'logs.closeSession': async (input) => ({ closed: await service.closeSession(input.sessionId) }),
    'logs.skipped': async (input) => service.skipped(input.sessionId, input.sourceId),
    'logs.uploadBegin': async (input) => ({
      uploadId: await service.uploads.begin(input.sessionId, input.name, input.size),
    }),
    'logs.uploadChunk': async (input) => ({
      received: await service.uploads.chunk(input.uploadId, input.offset, input.data),
    }),
    'logs.uploadFinish': async (input, context) => wire(context).finishUpload(input.sessionId, input.uploadId),
    'logs.uploadCancel': async (input) => ({ cancelled: await service.uploads.cancel(input.uploadId) }),
    'logs.query': async (input) => service.query(input, input.offset, input.limit, input.sort),
    'logs.summary': async (input) => service.summary(input, input.buckets, input.stackBy),
    'logs.fieldValues': async (input) => service.fieldValues(input, input.fields, input.limit),
    'logs.suggest': async (input) => service.suggest(input.sessionId, input.field, input.prefix, input.limit),
    'logs.events': async (input) => service.events(input.sessionId, input.ids),
    'logs.exportStart': async (input, context) => {
      const logs = wire(context);
      let path: string | undefined;
      if (input.target === 'dialog') {
        const choose = context.platform.chooseSavePath;
        if (!choose) throw new AppFailure('not-supported', 'native dialogs are only available in the desktop app');
        const extension = input.format === 'csv' ? 'csv' : 'jsonl';
        const chosen = await choose({
          title: 'Export events',
          defaultPath: `audit-events.${extension}`,
          filters: [{ name: input.format === 'csv' ? 'CSV' : 'JSON lines', extensions: [extension] }],
        });
        if (!chosen) return null;
        path = chosen;
      }
      return { exportId: await logs.startExport(input, input.format, path) };
    },
    'logs.exportRead': async (input) => service.exports.read(input.exportId, input.offset, input.length),
    'logs.exportCancel': async (input) => ({ cancelled: service.exports.cancel(input.exportId) }),
    'logs.exportDiscard': async (input) => ({ discarded: await service.exports.discard(input.exportId) }),
    'logs.library': async () => service.library.get(),
    'logs.recordHistory': async (input) => service.library.recordHistory(input.query),
    'logs.saveQuery': async (input) => service.library.save(input.name, input.query),
    'logs.deleteQuery': async (input) => service.library.remove(input.name),
  };
}
