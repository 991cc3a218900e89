// `npm start`: build, then launch the desktop app; without an Electron binary (offline machines cannot download
// it), say so in one line and fall back to browser mode. `npm start -- --web` forces browser mode.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const args = process.argv.slice(2);
const forceWeb = args.includes('--web');
const passThrough = args.filter((arg) => arg !== '--web');

const built = spawnSync('npm', ['run', '--silent', 'build'], { stdio: 'inherit' });
if (built.status !== 0) process.exit(built.status ?? 1);

const electronBinary = forceWeb ? null : findElectronBinary();
if (electronBinary) {
  const child = spawn(electronBinary, ['dist/electron/main.mjs', ...passThrough], { stdio: 'inherit' });
  child.on('exit', (code) => process.exit(code ?? 0));
} else {
  if (!forceWeb) {
    process.stdout.write(
      'Electron binary not available (it could not be downloaded here); starting browser mode instead.\n',
    );
  }
  const child = spawn(process.execPath, ['dist/server/server.mjs', '--open', ...passThrough], { stdio: 'inherit' });
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
  child.on('exit', (code) => process.exit(code ?? 0));
}

/** The binary Electron's npm package would run, downloading it first if that is possible (bounded in time). */
function findElectronBinary() {
  const require = createRequire(import.meta.url);
  let packageDir;
  try {
    packageDir = dirname(require.resolve('electron/package.json'));
  } catch {
    return null;
  }
  const pathFile = join(packageDir, 'path.txt');
  const binary = () => {
    if (!existsSync(pathFile)) return null;
    const relative = readFileSync(pathFile, 'utf8').trim();
    const base = process.env.ELECTRON_OVERRIDE_DIST_PATH ?? join(packageDir, 'dist');
    const full = join(base, relative);
    return existsSync(full) ? full : null;
  };
  if (binary()) return binary();
  const install = spawnSync(process.execPath, [join(packageDir, 'install.js')], { stdio: 'ignore', timeout: 120_000 });
  return install.status === 0 ? binary() : null;
}
