// Services only a desktop shell can provide. Electron main supplies them; browser mode leaves them out and the
// renderer falls back to file inputs, downloads and in-page confirmation.
export interface FileFilter {
  name: string;
  extensions: string[];
}

export interface PlatformServices {
  /** Native open dialog; resolves to the chosen path or null when cancelled. */
  chooseOpenPath?(options: { title: string; filters: FileFilter[] }): Promise<string | null>;
  /** Native save dialog. */
  chooseSavePath?(options: { title: string; defaultPath?: string; filters: FileFilter[] }): Promise<string | null>;
  /** A confirmation raised by the main process, which a compromised renderer cannot skip. */
  confirm?(options: { title: string; message: string; detail: string; confirmLabel: string }): Promise<boolean>;
  /** Encrypts secrets with the OS keychain (Electron safeStorage). */
  encryptSecret?(plain: string): Buffer;
  decryptSecret?(cipher: Buffer): string;
}
