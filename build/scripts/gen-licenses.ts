// Lists the third-party components bundled into the app (the production dependencies and everything they pull in,
// plus Electron itself) with version and licence, for the About dialog. Run before the renderer build:
//   node --import tsx build/scripts/gen-licenses.ts
// Writes renderer/src/shell/licenses.generated.json (sorted, so the output only changes when a dependency does).
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface BundledComponent {
  name: string;
  version: string;
  license: string;
  url?: string;
}

interface Manifest {
  name: string;
  version: string;
  license?: string | { type?: string };
  licenses?: { type?: string }[];
  homepage?: string;
  repository?: string | { url?: string };
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
}

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const OUTPUT = join(ROOT, 'renderer/src/shell/licenses.generated.json');
// Shipped in every desktop build although it is a devDependency (electron-builder copies it in).
const ALWAYS_SHIPPED = ['electron'];

function readManifest(packageDir: string): Manifest {
  return JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8')) as Manifest;
}

/** Node's lookup: the nearest node_modules/<name> from the requiring package up to the project root. */
function resolvePackageDir(name: string, fromDir: string, root: string): string | undefined {
  for (let dir = fromDir; ; dir = dirname(dir)) {
    const candidate = join(dir, 'node_modules', name);
    if (existsSync(join(candidate, 'package.json'))) return candidate;
    if (dir === root || dir === dirname(dir)) return undefined;
  }
}

function licenseOf(manifest: Manifest): string {
  if (typeof manifest.license === 'string') return manifest.license;
  if (manifest.license?.type) return manifest.license.type;
  const legacy = manifest.licenses?.map((entry) => entry.type).filter(Boolean);
  return legacy && legacy.length > 0 ? legacy.join(' OR ') : 'UNKNOWN';
}

function urlOf(manifest: Manifest): string | undefined {
  const repository = typeof manifest.repository === 'string' ? manifest.repository : manifest.repository?.url;
  const raw = manifest.homepage ?? repository;
  if (!raw) return undefined;
  const url = raw
    .replace(/^git\+/, '')
    .replace(/^git:\/\//, 'https://')
    .replace(/\.git(#.*)?$/, '')
    .replace(/^github:/, 'https://github.com/');
  if (/^[\w.-]+\/[\w.-]+$/.test(url)) return `https://github.com/${url}`;
  return /^https?:\/\//.test(url) ? url : undefined;
}

export function collectBundledComponents(root = ROOT): BundledComponent[] {
  const project = readManifest(root);
  const found = new Map<string, BundledComponent>();
  const visited = new Set<string>();
  const visit = (name: string, fromDir: string, optional: boolean, followDependencies: boolean) => {
    const packageDir = resolvePackageDir(name, fromDir, root);
    if (!packageDir) {
      if (optional) return; // optional dependencies for other platforms are legitimately absent
      throw new Error(`${name}: required by ${fromDir} but not installed (run npm ci)`);
    }
    if (visited.has(packageDir)) return;
    visited.add(packageDir);
    const manifest = readManifest(packageDir);
    // Type packages are compile-time only; nothing of them reaches the bundle.
    if (!manifest.name.startsWith('@types/')) {
      const component: BundledComponent = {
        name: manifest.name,
        version: manifest.version,
        license: licenseOf(manifest),
      };
      const url = urlOf(manifest);
      if (url) component.url = url;
      found.set(`${manifest.name}@${manifest.version}`, component);
    }
    if (!followDependencies) return;
    for (const dependency of Object.keys(manifest.dependencies ?? {})) visit(dependency, packageDir, false, true);
    for (const dependency of Object.keys(manifest.optionalDependencies ?? {}))
      visit(dependency, packageDir, true, true);
  };
  for (const name of Object.keys(project.dependencies ?? {})) visit(name, root, false, true);
  // Electron's own dependencies only download it at build time; they do not ship.
  for (const name of ALWAYS_SHIPPED) visit(name, root, false, false);
  return [...found.values()].sort((a, b) => a.name.localeCompare(b.name) || a.version.localeCompare(b.version));
}

export function renderLicenseFile(components: BundledComponent[]): string {
  return `${JSON.stringify(components, null, 2)}\n`;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const components = collectBundledComponents();
  writeFileSync(OUTPUT, renderLicenseFile(components));
  const unknown = components.filter((component) => component.license === 'UNKNOWN').map((component) => component.name);
  console.log(`${components.length} bundled components written to ${OUTPUT}`);
  if (unknown.length > 0) console.warn(`without a licence field: ${unknown.join(', ')}`);
}
