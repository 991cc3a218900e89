// Handlers for the Logs section: thin adapters from contract calls to the LogsService, which owns the sessions.
import { AppFailure } from '../../../shared/errors.ts';
import type { HandlerMap } from '../handler-types.ts';
import type { BackendServices } from '../services.ts';

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

export function logsHandlers({ logs: service, platform }: BackendServices): HandlerMap<LogsChannel> {
  return {
    'logs.state': async (input) => service.state(input.sessionId),
    'logs.addSources': async (input) => {
      const logs = service;
      const paths = input.sources.flatMap((source) => (source.kind === 'path' ? [source.path] : []));
      if (paths.length > 0) await logs.addPaths(input.sessionId, paths);
      if (input.sources.some((source) => source.kind === 'sample')) logs.addSample(input.sessionId);
      return logs.state(input.sessionId);
    },
    'logs.chooseFile': async (input) => {
      const choose = platform.chooseOpenPath;
      if (!choose) throw new AppFailure('not-supported', 'native dialogs are only available in the desktop app');
      const path = await choose({ title: 'Open audit log', filters: LOG_FILE_FILTERS });
      if (!path) return null;
      return service.addPaths(input.sessionId, [path]);
    },
    'logs.removeSource': async (input) => service.removeSource(input.sessionId, input.sourceId),
    'logs.addNodes': async (input) => service.addNodes(input.sessionId, input.target, input.trustHostKey),
    'logs.liveControl': async (input) => service.liveControl(input.sessionId, input.sourceId, input.action),
    'logs.closeSession': async (input) => ({ closed: await service.closeSession(input.sessionId) }),
    'logs.skipped': async (input) => service.skipped(input.sessionId, input.sourceId),
    'logs.uploadBegin': async (input) => ({
      uploadId: await service.uploads.begin(input.sessionId, input.name, input.size),
    }),
    'logs.uploadChunk': async (input) => ({
      received: await service.uploads.chunk(input.uploadId, input.offset, input.data),
    }),
    'logs.uploadFinish': async (input) => service.finishUpload(input.sessionId, input.uploadId),
    'logs.uploadCancel': async (input) => ({ cancelled: await service.uploads.cancel(input.uploadId) }),
    'logs.query': async (input) => service.query(input, input.offset, input.limit, input.sort),
    'logs.summary': async (input) => service.summary(input, input.buckets, input.stackBy),
    'logs.fieldValues': async (input) => service.fieldValues(input, input.fields, input.limit),
    'logs.suggest': async (input) => service.suggest(input.sessionId, input.field, input.prefix, input.limit),
    'logs.events': async (input) => service.events(input.sessionId, input.ids),
    'logs.exportStart': async (input) => {
      const logs = service;
      let path: string | undefined;
      if (input.target === 'dialog') {
        const choose = platform.chooseSavePath;
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
