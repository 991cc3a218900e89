// Secrets for nodes (SSH passwords, key passphrases, sudo passwords). Held in memory for the session; saved only on
// request and only encrypted by the platform (Electron safeStorage) in `<userData>/node-secrets.json`, apart from
// the inventory. Browser mode has no encryptSecret, so nothing is ever saved there.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { AppFailure } from '../../../shared/errors.ts';
import { secretRefSchema, type HeldSecret, type SecretRef } from '../../../shared/ipc/contract/nodes.ts';
import type { PlatformServices } from '../platform.ts';
import { writeFileAtomic } from '../settings/settings-store.ts';

export const SECRETS_FILE = 'node-secrets.json';

const savedFileSchema = z
  .object({
    version: z.literal(1),
    secrets: z.array(
      z.object({ nodeId: z.string().max(64), ref: secretRefSchema, cipher: z.string().max(65536) }).strict(),
    ),
  })
  .strict();

type SavedEntry = z.infer<typeof savedFileSchema>['secrets'][number];

export function secretKey(ref: SecretRef): string {
  switch (ref.kind) {
    case 'password':
      return `password:${ref.hop}`;
    case 'key-passphrase':
      return `key-passphrase:${ref.keyPath}`;
    case 'sudo-password':
      return 'sudo-password';
  }
}

interface Held {
  ref: SecretRef;
  value: string;
  saved: boolean;
}

export class SecretStore {
  /** nodeId → secret key → secret. */
  private readonly memory = new Map<string, Map<string, Held>>();
  private saved: SavedEntry[] | undefined;
  private savedLoadedIntoMemory = false;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly dir: string) {}

  get path(): string {
    return join(this.dir, SECRETS_FILE);
  }

  async get(nodeId: string, ref: SecretRef, platform: PlatformServices): Promise<string | undefined> {
    await this.loadSaved(platform);
    return this.memory.get(nodeId)?.get(secretKey(ref))?.value;
  }

  /** Every secret value held for a node, for redacting text before it leaves the backend. */
  async values(nodeId: string, platform: PlatformServices): Promise<string[]> {
    await this.loadSaved(platform);
    return [...(this.memory.get(nodeId)?.values() ?? [])].map((held) => held.value);
  }

  async held(nodeId: string, platform: PlatformServices): Promise<HeldSecret[]> {
    await this.loadSaved(platform);
    return [...(this.memory.get(nodeId)?.values() ?? [])].map((held) => ({ ref: held.ref, saved: held.saved }));
  }

  /** Holds a secret for the session; with `remember`, also saves it encrypted. Returns whether it was saved. */
  async put(
    nodeId: string,
    ref: SecretRef,
    value: string,
    remember: boolean,
    platform: PlatformServices,
  ): Promise<boolean> {
    if (remember && !platform.encryptSecret) {
      throw new AppFailure(
        'not-supported',
        'secrets can only be remembered in the desktop app (encrypted with the OS keychain)',
      );
    }
    await this.loadSaved(platform);
    const key = secretKey(ref);
    const forNode = this.memory.get(nodeId) ?? new Map<string, Held>();
    this.memory.set(nodeId, forNode);
    const wasSaved = forNode.get(key)?.saved ?? false;
    forNode.set(key, { ref, value, saved: remember });
    if (remember) {
      const cipher = platform.encryptSecret!(value).toString('base64');
      await this.rewrite((entries) => [
        ...entries.filter((entry) => !(entry.nodeId === nodeId && secretKey(entry.ref) === key)),
        { nodeId, ref, cipher },
      ]);
    } else if (wasSaved) {
      // A new value that is not to be remembered replaces the saved one, which is now stale.
      await this.rewrite((entries) =>
        entries.filter((entry) => !(entry.nodeId === nodeId && secretKey(entry.ref) === key)),
      );
    }
    return remember;
  }

  /** Forgets one secret (e.g. after the server rejected it), or all of a node's when `ref` is omitted. */
  async forget(nodeId: string, ref?: SecretRef): Promise<number> {
    const forNode = this.memory.get(nodeId);
    let count = 0;
    if (forNode) {
      if (ref) count += forNode.delete(secretKey(ref)) ? 1 : 0;
      else {
        count += forNode.size;
        this.memory.delete(nodeId);
      }
    }
    const matches = (entry: SavedEntry) => entry.nodeId === nodeId && (!ref || secretKey(entry.ref) === secretKey(ref));
    if ((this.saved ?? (await this.readSavedFile())).some(matches)) {
      await this.rewrite((entries) => entries.filter((entry) => !matches(entry)));
    }
    return count;
  }

  private async readSavedFile(): Promise<SavedEntry[]> {
    if (this.saved) return this.saved;
    let text: string;
    try {
      text = await readFile(this.path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return (this.saved = []);
      throw error;
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
    const parsed = savedFileSchema.safeParse(json);
    // An unreadable secrets file only costs the user a prompt; its content is never echoed (it is ciphertext).
    this.saved = parsed.success ? parsed.data.secrets : [];
    return this.saved;
  }

  /** Decrypts saved secrets into memory once the platform can (desktop); without it they stay on disk untouched. */
  private async loadSaved(platform: PlatformServices): Promise<void> {
    if (this.savedLoadedIntoMemory || !platform.decryptSecret) return;
    this.savedLoadedIntoMemory = true;
    for (const entry of await this.readSavedFile()) {
      let value: string;
      try {
        value = platform.decryptSecret(Buffer.from(entry.cipher, 'base64'));
      } catch {
        continue; // e.g. the keychain changed: the user is simply asked again.
      }
      const forNode = this.memory.get(entry.nodeId) ?? new Map<string, Held>();
      this.memory.set(entry.nodeId, forNode);
      if (!forNode.has(secretKey(entry.ref))) forNode.set(secretKey(entry.ref), { ref: entry.ref, value, saved: true });
    }
  }

  private rewrite(change: (entries: SavedEntry[]) => SavedEntry[]): Promise<void> {
    const next = this.queue.then(async () => {
      const entries = change(await this.readSavedFile());
      await writeFileAtomic(this.path, JSON.stringify({ version: 1, secrets: entries }, null, 2) + '\n', 0o600);
      this.saved = entries;
    });
    this.queue = next.catch(() => undefined);
    return next;
  }
}
