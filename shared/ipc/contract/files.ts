// Opening and saving text files through native dialogs (desktop only; browser mode uses file inputs/downloads).
import { z } from 'zod';
import { request } from '../define.ts';

const filters = z
  .array(
    z.object({ name: z.string().max(100), extensions: z.array(z.string().regex(/^[\w*]{1,16}$/)).max(10) }).strict(),
  )
  .max(10);

export interface OpenedTextFile {
  path: string;
  name: string;
  text: string;
}

export interface SavedTextFile {
  path: string;
  name: string;
}

export const filesRequests = {
  /** Shows the native open dialog and reads the chosen file; null when cancelled. */
  'files.openText': request<OpenedTextFile | null>()(z.object({ title: z.string().max(200), filters }).strict()),
  /** Saves to `path` when the user chose it earlier in this session, else asks with the native save dialog. */
  'files.saveText': request<SavedTextFile | null>()(
    z
      .object({
        title: z.string().max(200),
        text: z.string().max(16 * 1024 * 1024),
        path: z.string().max(4096).optional(),
        suggestedName: z.string().max(255),
        filters,
      })
      .strict(),
  ),
};
