// Renders build/icons/icon.svg to the PNG sizes every platform needs and packs them into icon.ico (Windows) and
// icon.icns (macOS), so electron-builder needs no image conversion of its own. Needs rsvg-convert (Debian:
// librsvg2-bin). The outputs are committed; rerun this only when the SVG changes.
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const iconsDir = fileURLToPath(new URL('../icons/', import.meta.url));
const svg = `${iconsDir}icon.svg`;
const PNG_SIZES = [16, 24, 32, 48, 64, 128, 256, 512, 1024];
const ICO_SIZES = [16, 24, 32, 48, 64, 128, 256];
// ICNS element types holding PNG data, by pixel size (icp4..ic10; ic10 is the 512@2x slot).
const ICNS_TYPES = [
  ['icp4', 16],
  ['icp5', 32],
  ['icp6', 64],
  ['ic07', 128],
  ['ic08', 256],
  ['ic09', 512],
  ['ic10', 1024],
];

function render(size) {
  try {
    return execFileSync('rsvg-convert', ['--width', String(size), '--height', String(size), svg], {
      maxBuffer: 64 * 1024 * 1024,
    });
  } catch (error) {
    if (error.code === 'ENOENT')
      throw new Error('rsvg-convert not found: apt-get install -y librsvg2-bin', { cause: error });
    throw error;
  }
}

/** ICO: 6-byte header, one 16-byte directory entry per image, then the PNG payloads (PNG-in-ICO, Vista+). */
function packIco(images) {
  const header = Buffer.alloc(6 + 16 * images.length);
  header.writeUInt16LE(0, 0);
  header.writeUInt16LE(1, 2); // type: icon
  header.writeUInt16LE(images.length, 4);
  let offset = header.length;
  images.forEach(({ size, png }, index) => {
    const entry = 6 + 16 * index;
    header.writeUInt8(size >= 256 ? 0 : size, entry); // 0 means 256
    header.writeUInt8(size >= 256 ? 0 : size, entry + 1);
    header.writeUInt16LE(1, entry + 4); // colour planes
    header.writeUInt16LE(32, entry + 6); // bits per pixel
    header.writeUInt32LE(png.length, entry + 8);
    header.writeUInt32LE(offset, entry + 12);
    offset += png.length;
  });
  return Buffer.concat([header, ...images.map(({ png }) => png)]);
}

/** ICNS: 'icns' + total length, then elements of 4-char type + length (including the 8-byte element header). */
function packIcns(images) {
  const elements = images.map(({ type, png }) => {
    const head = Buffer.alloc(8);
    head.write(type, 0, 'ascii');
    head.writeUInt32BE(png.length + 8, 4);
    return Buffer.concat([head, png]);
  });
  const body = Buffer.concat(elements);
  const head = Buffer.alloc(8);
  head.write('icns', 0, 'ascii');
  head.writeUInt32BE(body.length + 8, 4);
  return Buffer.concat([head, body]);
}

const pngDir = `${iconsDir}png/`;
mkdirSync(pngDir, { recursive: true });
const rendered = new Map(PNG_SIZES.map((size) => [size, render(size)]));
for (const [size, png] of rendered) writeFileSync(`${pngDir}${size}x${size}.png`, png);
writeFileSync(`${iconsDir}icon.png`, rendered.get(1024));
writeFileSync(`${iconsDir}icon.ico`, packIco(ICO_SIZES.map((size) => ({ size, png: rendered.get(size) }))));
writeFileSync(`${iconsDir}icon.icns`, packIcns(ICNS_TYPES.map(([type, size]) => ({ type, png: rendered.get(size) }))));
console.log(`icons written to ${iconsDir} (${PNG_SIZES.join(', ')} px; icon.ico, icon.icns)`);
