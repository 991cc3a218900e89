// Shared by the packaging tests: the builder config, the fuse hook and readers for the icon file formats.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const CONFIG_PATH = `${ROOT}build/electron-builder.yml`;

export interface BuilderConfig {
  appId: string;
  productName: string;
  executableName: string;
  directories: { output: string; buildResources: string };
  extraMetadata: { main: string };
  files: string[];
  asar: boolean;
  afterPack: string;
  linux: { target: string[]; icon: string; category: string; maintainer: string };
  mac: { target: string[]; icon: string; hardenedRuntime: boolean };
  win: { target: string[]; icon: string };
  [key: string]: unknown;
}

export function loadConfig(): BuilderConfig {
  return parse(readFileSync(CONFIG_PATH, 'utf8')) as BuilderConfig;
}

export interface AfterPackContext {
  appOutDir: string;
  electronPlatformName: string;
  arch: number;
  packager: { appInfo: { productFilename: string }; executableName: string };
}

export interface FuseHook {
  (context: AfterPackContext): Promise<void>;
  default: (context: AfterPackContext) => Promise<void>;
  SECURE_FUSES: Record<string, boolean>;
  fuseConfigFor(context: AfterPackContext): Record<string, unknown>;
  packedElectronPath(context: AfterPackContext): string;
}

const require = createRequire(import.meta.url);
export const fuseHook = require('../../build/scripts/after-pack-fuses.cjs') as FuseHook;
export const { FuseV1Options } = require('@electron/fuses') as { FuseV1Options: Record<string, string | number> };

export const FUSE_SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';

/** A stand-in executable carrying Electron's fuse wire (sentinel, version 1, length, one ASCII byte per fuse). */
export function binaryWithFuseWire(states: string): Buffer {
  return Buffer.concat([
    Buffer.from('\x7fELF fake electron\n'),
    Buffer.from(FUSE_SENTINEL),
    Buffer.from([1, states.length]),
    Buffer.from(states, 'ascii'),
    Buffer.from('\nrest of the binary\n'),
  ]);
}

export function fuseWireOf(binary: Buffer): string {
  const start = binary.indexOf(FUSE_SENTINEL) + FUSE_SENTINEL.length;
  return binary.subarray(start + 2, start + 2 + binary[start + 1]!).toString('ascii');
}

/** Width and height from a PNG's IHDR chunk; throws when the bytes are not a PNG. */
export function pngSize(png: Buffer, name: string): { width: number; height: number } {
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  if (!png.subarray(0, 8).equals(signature)) throw new Error(`${name}: not a PNG`);
  if (png.toString('ascii', 12, 16) !== 'IHDR') throw new Error(`${name}: PNG without IHDR first`);
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

/** ICO directory: declared size of each entry and the PNG it points to. */
export function icoEntries(ico: Buffer): { declared: number; png: Buffer }[] {
  if (ico.readUInt16LE(0) !== 0 || ico.readUInt16LE(2) !== 1) throw new Error('not an ICO file');
  const count = ico.readUInt16LE(4);
  return Array.from({ length: count }, (_, index) => {
    const entry = 6 + 16 * index;
    const length = ico.readUInt32LE(entry + 8);
    const offset = ico.readUInt32LE(entry + 12);
    return { declared: ico.readUInt8(entry) || 256, png: ico.subarray(offset, offset + length) };
  });
}

/** ICNS elements: four-character type and payload. */
export function icnsEntries(icns: Buffer): { type: string; data: Buffer }[] {
  if (icns.toString('ascii', 0, 4) !== 'icns') throw new Error('not an ICNS file');
  if (icns.readUInt32BE(4) !== icns.length) throw new Error('ICNS length field does not match the file');
  const entries: { type: string; data: Buffer }[] = [];
  for (let offset = 8; offset < icns.length;) {
    const length = icns.readUInt32BE(offset + 4);
    if (length < 8 || offset + length > icns.length) throw new Error(`ICNS element at ${offset} has a bad length`);
    entries.push({
      type: icns.toString('ascii', offset, offset + 4),
      data: icns.subarray(offset + 8, offset + length),
    });
    offset += length;
  }
  return entries;
}

/** A package and everything it depends on (dependencies and optional ones), as installed in node_modules. */
export function dependencyClosure(roots: string[]): Set<string> {
  const seen = new Set<string>();
  const queue = [...roots];
  while (queue.length > 0) {
    const name = queue.pop()!;
    if (seen.has(name)) continue;
    seen.add(name);
    const manifest = JSON.parse(readFileSync(`${ROOT}node_modules/${name}/package.json`, 'utf8')) as {
      dependencies?: Record<string, string>;
      optionalDependencies?: Record<string, string>;
    };
    queue.push(...Object.keys({ ...manifest.dependencies, ...manifest.optionalDependencies }));
  }
  return seen;
}
