// `auditscope policy simulate POLICY LOG... [--k8s-version X.Y] [--talkers N] [--json]`: replays logged requests through a policy and reports what
// it would keep, drop or downgrade, and what it would cost on disk.
import type { LabResult } from '../../shared/lab/types.ts';
import { defaultRotation, retentionOf } from '../../shared/lab/volume.ts';
import type { KubeVersion } from '../../shared/policy/types.ts';
import { openLogIndex } from '../backend/logs/log-index.ts';
import { runSimulation } from '../backend/lab/run-simulation.ts';
import { LabSampleBuilder } from '../backend/lab/sample-builder.ts';
import { parseCommandLine, usageError, type Command } from './command.ts';
import { CliError, printJsonLine } from './io.ts';
import { K8S_VERSION_HELP, kubeVersionOption, loadValidPolicy } from './policy-options.ts';

export const simulateCommand: Command = {
  name: 'simulate',
  summary: 'Replay logged requests through a policy: what it keeps, drops or downgrades, and the bytes on disk.',
  usage: `usage: auditscope policy simulate POLICY LOG... [--k8s-version X.Y] [--talkers N] [--json]

Replays the requests in the audit logs (files, .gz or directories) through POLICY: per-rule request counts and
levels, requests matched by no rule, the level distribution, projected bytes and volume, retention, top talkers
and what would be lost. A request is the set of events with the same auditID and requestReceivedTimestamp,
counted once.
${K8S_VERSION_HELP}
  --talkers N        top talkers to list per field, 1 to 100 (default 10)
  --json             print one object {"events","requests","rules":[{"index","requests","level"}],"noMatch",
                     "levels","bytes":{"sample","projected"}}
Exit 0 done, 1 the policy is invalid, 2 usage or I/O error.`,
  run: runSimulate,
};

async function runSimulate(argv: string[]): Promise<number> {
  const { positionals, values } = parseCommandLine(
    simulateCommand,
    argv,
    { json: { type: 'boolean' }, 'k8s-version': { type: 'string' }, talkers: { type: 'string' } },
    { min: 2, max: Infinity, what: 'arguments (a POLICY and at least one LOG)' },
  );
  const [policyFile, ...logs] = positionals as [string, ...string[]];
  const version = kubeVersionOption(simulateCommand, values['k8s-version']);
  const talkers = values.talkers === undefined ? 10 : Number(values.talkers);
  if (!/^\d+$/.test(values.talkers ?? '10') || talkers < 1 || talkers > 100)
    throw usageError(simulateCommand, `--talkers takes 1 to 100, got "${values.talkers}"`);
  const loaded = await loadValidPolicy(policyFile, version, 'simulated');

  const index = openLogIndex(logs);
  let result: LabResult;
  try {
    result = await runSimulation(new LabSampleBuilder(index), { policy: loaded.policy!, version, talkers });
  } catch (error) {
    throw new CliError((error as Error).message, 2);
  } finally {
    index.close();
  }
  reportSkipped(index.skipped());

  if (values.json) {
    printJsonLine({
      events: result.events,
      requests: result.requests,
      rules: result.rules.map((rule) => ({ index: rule.index, requests: rule.requests, level: rule.level })),
      noMatch: result.noMatch,
      levels: result.levels,
      bytes: { sample: result.bytes.sample, projected: result.bytes.projected },
    });
  } else {
    process.stdout.write(formatText(result, (i) => loaded.ruleLine(i), version));
  }
  return 0;
}

function reportSkipped(skipped: {
  total: number;
  details: { source: string; line: number; column: number; reason: string }[];
}) {
  for (const detail of skipped.details.slice(0, 20)) {
    process.stderr.write(`auditscope: ${detail.source}:${detail.line}:${detail.column}: skipped: ${detail.reason}\n`);
  }
  if (skipped.total > 20) process.stderr.write(`auditscope: ${skipped.total - 20} more lines skipped\n`);
}

function formatText(result: LabResult, ruleLine: (index: number) => number | undefined, version: KubeVersion): string {
  const lines: string[] = [];
  lines.push(`${result.events} events, ${result.requests} requests`);
  if (result.unevaluable > 0) lines.push(`${result.unevaluable} requests could not be evaluated (no verb or URI)`);
  lines.push('', 'rule  line  level            requests  projected');
  for (const rule of result.rules) {
    const line = ruleLine(rule.index);
    lines.push(
      `${String(rule.index).padStart(4)}  ${String(line ?? '').padStart(4)}  ${rule.level.padEnd(15)}  ${String(rule.requests).padStart(8)}  ${bytes(rule.projectedBytes)}${rule.requests === 0 ? '  (never matched)' : ''}`,
    );
  }
  lines.push(`no match (not logged): ${result.noMatch}`);
  lines.push(
    `levels: ${Object.entries(result.levels)
      .map(([level, count]) => `${level} ${count}`)
      .join(', ')}`,
  );
  const b = result.bytes;
  lines.push('', `bytes: sample ${bytes(b.sample)}, projected ${bytes(b.projected)}`);
  lines.push(
    `events: ${b.droppedEvents} dropped, ${b.downgradedEvents} downgraded, ${b.unknownEvents} at a higher level than recorded (size unknown, counted as recorded)`,
  );
  if (b.missingStageRequests > 0) {
    lines.push(`${b.missingStageRequests} requests would also log a RequestReceived stage the sample does not have`);
  }
  if (result.volume) {
    const v = result.volume;
    lines.push(
      `volume over ${v.spanHours.toFixed(1)} h: ${bytes(v.sampleBytesPerDay)}/day now, ${bytes(v.projectedBytesPerDay)}/day projected`,
    );
    const retention = retentionOf(v.projectedBytesPerHour, defaultRotation(version.minor), result.gzipRatio);
    const hours = retention.uncompressed.hours;
    lines.push(
      `retention with the 1.${version.minor} defaults: ${hours === null ? 'unbounded' : `${hours.toFixed(1)} h (${retention.uncompressed.limitedBy})`}; gzip ratio ${retention.gzipRatio.toFixed(3)}`,
    );
  }
  for (const [field, talkers] of Object.entries(result.talkers)) {
    if (talkers.length === 0) continue;
    lines.push('', `top talkers by ${field}:`);
    for (const talker of talkers) {
      const insert = talker.insert ? `  → None rule at index ${talker.insert.index}` : '';
      lines.push(
        `  ${bytes(talker.projectedBytes).padStart(10)}  ${String(talker.requests).padStart(7)}  ${talker.label}${insert}`,
      );
    }
  }
  for (const lost of result.lost) {
    const rules = lost.byRule.map((r) => (r.rule < 0 ? 'no rule' : `rule ${r.rule} (${r.level})`)).join(', ');
    lines.push(
      '',
      `warning: ${lost.title}: ${lost.lost} of ${lost.found} requests lost (${lost.description}; ${rules}); e.g. ${lost.example}`,
    );
  }
  return lines.join('\n') + '\n';
}

function bytes(n: number): string {
  if (n < 1024) return `${Math.round(n)} B`;
  const units = ['KiB', 'MiB', 'GiB', 'TiB'];
  let value = n / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toFixed(1)} ${units[unit]}`;
}
