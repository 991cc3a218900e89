// Command line of the project's audit-log generator:
//   node --import tsx test/support/gen-audit-log.ts --size 100MB --out x.jsonl [--seed 42] [--hours 24]
//     [--start 2024-05-14T00:00:00Z] [--preset cluster|sample]
// Sizes: plain bytes, or with KB/MB/GB (powers of 10) or KiB/MiB/GiB (powers of 2). Statistics go to stderr as JSON.
import { parseArgs } from 'node:util';
import { parseSize, writeAuditLog, type PresetName } from './audit-log-generator.ts';

const USAGE =
  'usage: gen-audit-log.ts --size SIZE --out FILE [--seed N] [--hours H] [--start RFC3339] [--preset cluster|sample]';

function fail(message: string): never {
  process.stderr.write(`gen-audit-log: ${message}\n${USAGE}\n`);
  process.exit(2);
}

let values;
try {
  ({ values } = parseArgs({
    options: {
      size: { type: 'string' },
      out: { type: 'string' },
      seed: { type: 'string' },
      hours: { type: 'string' },
      start: { type: 'string' },
      preset: { type: 'string' },
    },
    strict: true,
  }));
} catch (error) {
  fail((error as Error).message);
}
if (!values.size || !values.out) fail('--size and --out are required');
const number = (name: string, text: string | undefined): number | undefined => {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (!Number.isFinite(value)) fail(`--${name} must be a number, got "${text}"`);
  return value;
};
if (values.preset !== undefined && values.preset !== 'cluster' && values.preset !== 'sample') {
  fail(`--preset must be cluster or sample, got "${values.preset}"`);
}

try {
  const started = performance.now();
  const stats = writeAuditLog(values.out, {
    size: parseSize(values.size),
    seed: number('seed', values.seed),
    hours: number('hours', values.hours),
    start: values.start,
    preset: values.preset as PresetName | undefined,
  });
  const seconds = (performance.now() - started) / 1000;
  process.stderr.write(JSON.stringify({ out: values.out, ...stats, seconds: Number(seconds.toFixed(2)) }) + '\n');
} catch (error) {
  fail((error as Error).message);
}
