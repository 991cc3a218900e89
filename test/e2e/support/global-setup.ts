// Starts the real browser-mode server (built by `npm run build`) once for the e2e run, with a temp user-data
// folder, and hands its tokenised URL to the tests through the environment.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export default async function globalSetup(): Promise<() => Promise<void>> {
  const userData = mkdtempSync(join(tmpdir(), 'auditscope-e2e-'));
  // Specs start past the first-run welcome screen; test/e2e/first-run.spec.ts brings it back on purpose.
  writeFileSync(join(userData, 'settings.json'), JSON.stringify({ welcomeSeen: true }));
  const server = spawn(process.execPath, ['dist/server/server.mjs', '--port', '0'], {
    env: {
      ...process.env,
      AUDITSCOPE_USER_DATA: userData,
      // The simulated control plane (test/sim) restarts in tens of milliseconds: poll it fast (apply.spec.ts).
      AUDITSCOPE_APPLY_TIMINGS: JSON.stringify({ restartTimeoutMs: 30_000, logTimeoutMs: 15_000, pollMs: 100 }),
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => reject(new Error(`server did not start: ${output}`)), 15_000);
    server.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /(http:\/\/127\.0\.0\.1:\d+\/\?token=\S+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    });
    server.on('exit', (code) => reject(new Error(`server exited with ${code}: ${output}`)));
  });
  process.env.AUDITSCOPE_URL = url;
  process.env.AUDITSCOPE_E2E_USER_DATA = userData;
  return async () => {
    server.kill('SIGTERM');
    rmSync(userData, { recursive: true, force: true });
  };
}
