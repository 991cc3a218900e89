// Uploads in flight (browser mode's way to open a local file), with progress and cancel.
import { useCallback, useRef, useState } from 'react';
import { errorMessage } from '../../api/client.ts';
import type { LogSessionHandle } from './useLogSession.ts';
import { uploadFile } from './uploadFile.ts';

export interface UploadInFlight {
  id: number;
  name: string;
  sent: number;
  total: number;
}

export function useUploads(session: LogSessionHandle) {
  const [uploads, setUploads] = useState<UploadInFlight[]>([]);
  const controllers = useRef(new Map<number, AbortController>());
  const nextId = useRef(1);

  const uploadFiles = useCallback(
    async (files: File[]) => {
      for (const file of files) {
        const id = nextId.current++;
        const controller = new AbortController();
        controllers.current.set(id, controller);
        setUploads((list) => [...list, { id, name: file.name, sent: 0, total: file.size }]);
        try {
          await session.update(() =>
            uploadFile(
              session.sessionId,
              file,
              (sent, total) =>
                setUploads((list) => list.map((item) => (item.id === id ? { ...item, sent, total } : item))),
              controller.signal,
            ),
          );
        } catch (caught) {
          session.setError(`${file.name}: ${errorMessage(caught)}`);
        } finally {
          controllers.current.delete(id);
          setUploads((list) => list.filter((item) => item.id !== id));
        }
      }
    },
    [session],
  );

  const cancel = useCallback((id: number) => controllers.current.get(id)?.abort(), []);
  return { uploads, uploadFiles, cancel };
}
