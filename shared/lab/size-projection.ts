// The size of one logged event under another level. Lowering the level removes bodies (Metadata: both, Request:
// the response); raising it adds bodies the sample never recorded, so the size is unknown and the recorded size is
// used as a lower bound.
import type { LevelIndex } from './types.ts';

export const LEVEL_NONE = 0;
export const LEVEL_METADATA = 1;
export const LEVEL_REQUEST = 2;
export const LEVEL_REQUEST_RESPONSE = 3;

export interface ProjectedSize {
  bytes: number;
  /** 'same' | 'dropped' | 'downgraded' | 'unknown' (level rises: bytes is a lower bound). */
  change: 'same' | 'dropped' | 'downgraded' | 'unknown';
}

export function projectEventSize(
  recorded: LevelIndex,
  draft: LevelIndex,
  bytes: number,
  requestBody: number,
  responseBody: number,
): ProjectedSize {
  if (draft === LEVEL_NONE) return { bytes: 0, change: 'dropped' };
  if (draft > recorded) return { bytes, change: 'unknown' };
  if (draft === recorded) return { bytes, change: 'same' };
  // draft < recorded: remove what the draft level does not log.
  let removed = responseBody;
  if (draft === LEVEL_METADATA) removed += requestBody;
  return { bytes: Math.max(0, bytes - removed), change: 'downgraded' };
}
