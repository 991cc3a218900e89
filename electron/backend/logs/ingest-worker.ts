// The ingest worker: scans the segments it is sent and transfers the columns back.
// Started by ingest-pool.ts, either from this file (development, tests) or from a bundle that calls
// runIngestWorker() (the CLI bundle does this through a hidden command).

import { isMainThread, parentPort, workerData } from 'node:worker_threads';
import { segmentTransferList } from '../../../shared/logs/segment-builder.ts';
import { fastScannedLines, recycleSegmentBuffer, scanSegment, type SegmentTask } from './segment-reader.ts';

export interface WorkerRequest {
  id: number;
  task: SegmentTask;
}

/** A segment buffer the index is done with, for the worker to fill again. */
export interface WorkerRecycle {
  recycle: ArrayBuffer;
}

export type WorkerResponse =
  | { id: number; ok: true; data: ReturnType<typeof scanSegment>; scanMs: number; fastLines: number }
  | { id: number; ok: false; error: string };

/** Serves segment requests on the parent port until the parent closes it. */
let started = false;

export function runIngestWorker(): Promise<void> {
  const port = parentPort;
  if (!port || started) return new Promise(() => undefined);
  started = true;
  return new Promise(() => {
    port.on('message', (request: WorkerRequest | WorkerRecycle) => {
      if ('recycle' in request) {
        recycleSegmentBuffer(request.recycle);
        return;
      }
      try {
        const started = performance.now();
        const fastBefore = fastScannedLines();
        const data = scanSegment(request.task);
        const scanMs = performance.now() - started;
        const fastLines = fastScannedLines() - fastBefore;
        const response: WorkerResponse = { id: request.id, ok: true, data, scanMs, fastLines };
        port.postMessage(response, segmentTransferList(data));
      } catch (error) {
        const response: WorkerResponse = { id: request.id, ok: false, error: (error as Error).message };
        port.postMessage(response);
      }
    });
  });
}

if (!isMainThread && (workerData as { auditscopeIngest?: boolean } | undefined)?.auditscopeIngest) {
  void runIngestWorker();
}
