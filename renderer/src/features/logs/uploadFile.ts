// Sends a local file chosen in the browser to the backend in ordered base64 chunks, with progress and cancel.
import type { LogSessionState } from '../../../../shared/ipc/contract/logs.ts';
import { api } from '../../api/client.ts';

const CHUNK_BYTES = 4 * 1024 * 1024;

function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return btoa(binary);
}

export async function uploadFile(
  sessionId: string,
  file: File,
  onProgress: (sent: number, total: number) => void,
  signal: AbortSignal,
): Promise<LogSessionState | null> {
  const { uploadId } = await api.call('logs.uploadBegin', { sessionId, name: file.name, size: file.size });
  try {
    for (let offset = 0; offset < file.size; offset += CHUNK_BYTES) {
      if (signal.aborted) throw new DOMException('upload cancelled', 'AbortError');
      const bytes = new Uint8Array(await file.slice(offset, offset + CHUNK_BYTES).arrayBuffer());
      await api.call('logs.uploadChunk', { uploadId, offset, data: toBase64(bytes) });
      onProgress(Math.min(file.size, offset + CHUNK_BYTES), file.size);
    }
    return await api.call('logs.uploadFinish', { sessionId, uploadId });
  } catch (error) {
    await api.call('logs.uploadCancel', { uploadId }).catch(() => undefined);
    if (signal.aborted) return null;
    throw error;
  }
}
