// Helpers for the live-tail tests: generated audit events and a writer process that appends them to a log on the
// node at a steady rate and rotates it the way kube-apiserver's lumberjack does.
import { parseSize, writeAuditLog } from '../support/audit-log-generator.ts';

/** Writes a generated audit log (JSON lines) to `out` and returns its path. */
export function generateLog(out: string, size: string, seed: number): string {
  writeAuditLog(out, { size: parseSize(size), seed });
  return out;
}

/** "auditID/stage" of each event line. */
export function eventKeys(lines: string[]): string[] {
  return lines.map((line) => {
    const event = JSON.parse(line) as { auditID: string; stage: string };
    return `${event.auditID}/${event.stage}`;
  });
}

/**
 * argv: INPUT LOG_PATH ROTATIONS_JSON LINES_PER_SECOND. Appends INPUT's lines to LOG_PATH (every 7th line in two
 * writes with a pause, so readers see half lines); at each rotation {atLine, gzip} it closes the file, renames it
 * to audit-<UTC stamp>.log, opens a new one, and with gzip writes <backup>.gz and removes the backup. Prints
 * "soon <k>" 40 lines before rotation k and "done" at the end.
 */
export const WRITER_SCRIPT = String.raw`
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
const [input, logPath, rotationsJson, rateText] = process.argv.slice(2);
const rotations = JSON.parse(rotationsJson);
const lines = fs.readFileSync(input, 'utf8').split('\n').filter(Boolean).map((line) => line + '\n');
const gate = new Int32Array(new SharedArrayBuffer(4));
const sleep = (ms) => Atomics.wait(gate, 0, 0, ms);
const msPerLine = 1000 / Number(rateText);
const dir = path.dirname(logPath);
const ext = path.extname(logPath);
const stem = path.basename(logPath, ext);
let fd = fs.openSync(logPath, 'a', 0o600);
let lastStamp = '';
const stampNow = () => new Date().toISOString().slice(0, 23).replaceAll(':', '-');
const started = Date.now();
for (let i = 0; i < lines.length; i++) {
  rotations.forEach((rotation, k) => {
    if (rotation.atLine - 40 === i) process.stdout.write('soon ' + k + '\n');
  });
  const rotation = rotations.find((r) => r.atLine === i);
  if (rotation) {
    fs.closeSync(fd);
    let stamp = stampNow();
    while (stamp <= lastStamp) { sleep(1); stamp = stampNow(); }
    lastStamp = stamp;
    const backup = path.join(dir, stem + '-' + stamp + ext);
    fs.renameSync(logPath, backup);
    fd = fs.openSync(logPath, 'a', 0o600);
    if (rotation.gzip) {
      fs.writeFileSync(backup + '.gz', zlib.gzipSync(fs.readFileSync(backup)), { mode: 0o600 });
      fs.unlinkSync(backup);
    }
  }
  const line = lines[i];
  if (i % 7 === 3) {
    const cut = Math.floor(line.length / 2);
    fs.writeSync(fd, line.slice(0, cut));
    sleep(15);
    fs.writeSync(fd, line.slice(cut));
  } else {
    fs.writeSync(fd, line);
  }
  const due = started + (i + 1) * msPerLine - Date.now();
  if (due > 0) sleep(due);
}
fs.closeSync(fd);
process.stdout.write('done\n');
`;
