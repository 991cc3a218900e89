// The settings store: one JSON file in the user-data folder, written atomically (temp file + rename), so a
// crash mid-write never leaves a half-written settings file.
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DEFAULT_SETTINGS, settingsSchema, type Settings } from '../../../shared/ipc/contract/app.ts';

export class SettingsStore {
  private cached: Settings | undefined;
  constructor(private readonly dir: string) {}

  get path(): string {
    return join(this.dir, 'settings.json');
  }

  async get(): Promise<Settings> {
    if (this.cached) return this.cached;
    let stored: unknown = {};
    try {
      stored = JSON.parse(await readFile(this.path, 'utf8'));
    } catch (error) {
      // A missing file is normal on first run; a corrupt one falls back to defaults rather than blocking the app.
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') stored = {};
    }
    const merged = settingsSchema.partial().safeParse(stored);
    this.cached = { ...DEFAULT_SETTINGS, ...(merged.success ? merged.data : {}) };
    return this.cached;
  }

  async update(patch: Partial<Settings>): Promise<Settings> {
    const next = settingsSchema.parse({ ...(await this.get()), ...patch });
    await writeFileAtomic(this.path, JSON.stringify(next, null, 2) + '\n');
    this.cached = next;
    return next;
  }
}

export async function writeFileAtomic(path: string, data: string | Uint8Array, mode = 0o600): Promise<void> {
  const dir = join(path, '..');
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const temp = `${path}.${process.pid}.${Date.now()}.tmp`;
  await writeFile(temp, data, { mode, flush: true });
  await rename(temp, path);
}
