// Opening and saving the policy the Policy section edits: native dialogs in the desktop app; a hidden file input,
// drag and drop and a download in browser mode. Also the unsaved-changes guards (discard prompt, window close).
import { useEffect, useRef, useState, type ChangeEvent, type DragEvent } from 'react';
import { api, errorMessage } from '../../api/client.ts';
import {
  downloadText,
  openWithNativeDialog,
  readPickedFile,
  saveWithNativeDialog,
  type PolicyFile,
} from './policy-files.ts';
import type { PolicyDocument } from './usePolicyDocument.ts';

export function usePolicyFiles(doc: PolicyDocument, onLoaded: (file: PolicyFile) => void) {
  const [error, setError] = useState<string | null>(null);
  const [nativeDialogs, setNativeDialogs] = useState(false);
  const input = useRef<HTMLInputElement>(null);

  useEffect(() => {
    api.call('app.info', {}).then(
      (info) => setNativeDialogs(info.capabilities.nativeDialogs),
      () => undefined,
    );
  }, []);

  // Unsaved-changes prompt when the window or tab is closed.
  useEffect(() => {
    if (!doc.dirty) return;
    const onBeforeUnload = (event: BeforeUnloadEvent) => event.preventDefault();
    window.addEventListener('beforeunload', onBeforeUnload);
    return () => window.removeEventListener('beforeunload', onBeforeUnload);
  }, [doc.dirty]);

  const confirmDiscard = () => !doc.dirty || window.confirm('Discard the unsaved changes to this policy?');

  const load = (file: PolicyFile) => {
    doc.load(file.text, { name: file.name, path: file.path });
    onLoaded(file);
  };

  const loadPicked = async (file: File) => {
    try {
      load(await readPickedFile(file));
    } catch (failure) {
      setError(errorMessage(failure));
    }
  };

  const open = async () => {
    if (!confirmDiscard()) return;
    setError(null);
    if (!nativeDialogs) {
      input.current?.click();
      return;
    }
    try {
      const file = await openWithNativeDialog();
      if (file) load(file);
    } catch (failure) {
      setError(errorMessage(failure));
    }
  };

  const save = async (saveAs: boolean) => {
    setError(null);
    if (nativeDialogs) {
      try {
        const saved = await saveWithNativeDialog(doc.text, doc.file, saveAs);
        if (saved) doc.markSaved(doc.text, { name: saved.name, path: saved.path });
      } catch (failure) {
        setError(errorMessage(failure));
      }
      return;
    }
    let name = doc.file.name;
    if (saveAs) {
      const answer = window.prompt('Save as', name);
      if (!answer) return;
      name = answer;
    }
    downloadText(doc.text, name);
    doc.markSaved(doc.text, { name });
  };

  const drop = async (event: DragEvent) => {
    const file = event.dataTransfer.files[0];
    if (!file) return;
    event.preventDefault();
    if (confirmDiscard()) await loadPicked(file);
  };

  /** Props of the hidden file input that browser mode opens files with. */
  const inputProps = {
    ref: input,
    onChange: (event: ChangeEvent<HTMLInputElement>) => {
      const file = event.target.files?.[0];
      event.target.value = '';
      if (file) void loadPicked(file);
    },
  };

  return { error, setError, confirmDiscard, load, open, save, drop, inputProps };
}
