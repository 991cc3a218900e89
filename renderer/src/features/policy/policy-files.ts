// Open and save: native dialogs in the desktop app; a file input and a download in browser mode.
import { api } from '../../api/client.ts';

const FILTERS = [{ name: 'Audit policy', extensions: ['yaml', 'yml', 'json'] }];

export interface PolicyFile {
  name: string;
  path?: string;
  text: string;
}

export async function openWithNativeDialog(): Promise<PolicyFile | null> {
  const opened = await api.call('files.openText', { title: 'Open audit policy', filters: FILTERS });
  return opened && { name: opened.name, path: opened.path, text: opened.text };
}

export async function readPickedFile(file: File): Promise<PolicyFile> {
  if (file.size > 16 * 1024 * 1024) throw new Error(`${file.name} is larger than 16 MiB; is it really a policy?`);
  return { name: file.name, text: await file.text() };
}

export async function saveWithNativeDialog(text: string, current: { name: string; path?: string }, saveAs: boolean) {
  return api.call('files.saveText', {
    title: 'Save audit policy',
    text,
    path: saveAs ? undefined : current.path,
    suggestedName: current.name,
    filters: FILTERS,
  });
}

/** Browser mode: the file goes to the browser's downloads. */
export function downloadText(text: string, name: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'application/yaml' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
