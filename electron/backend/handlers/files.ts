// Native-dialog file access. The renderer can only write where the user pointed a dialog in this session, so a
// compromised renderer cannot overwrite arbitrary files.
import { readFile, stat } from 'node:fs/promises';
import { basename, isAbsolute } from 'node:path';
import { AppFailure } from '../../../shared/errors.ts';
import type { HandlerMap } from '../handler-types.ts';
import type { BackendServices } from '../services.ts';
import { writeFileAtomic } from '../settings/settings-store.ts';

const MAX_TEXT_FILE = 16 * 1024 * 1024;

export function filesHandlers({ platform }: BackendServices): HandlerMap<'files.openText' | 'files.saveText'> {
  const userChosenPaths = new Set<string>();
  return {
    'files.openText': async (input) => {
      const choose = platform.chooseOpenPath;
      if (!choose) throw new AppFailure('not-supported', 'native dialogs are only available in the desktop app');
      const path = await choose({ title: input.title, filters: input.filters });
      if (!path) return null;
      const info = await stat(path);
      if (info.size > MAX_TEXT_FILE) throw new AppFailure('too-large', `${path} is larger than 16 MiB`);
      userChosenPaths.add(path);
      return { path, name: basename(path), text: await readFile(path, 'utf8') };
    },
    'files.saveText': async (input) => {
      let path = input.path && isAbsolute(input.path) && userChosenPaths.has(input.path) ? input.path : null;
      if (!path) {
        const choose = platform.chooseSavePath;
        if (!choose) throw new AppFailure('not-supported', 'native dialogs are only available in the desktop app');
        path = await choose({ title: input.title, defaultPath: input.suggestedName, filters: input.filters });
        if (!path) return null;
      }
      await writeFileAtomic(path, input.text, 0o644);
      userChosenPaths.add(path);
      return { path, name: basename(path) };
    },
  };
}
