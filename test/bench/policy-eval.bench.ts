// Evaluations per second of the compiled matcher (and the reference evaluator, for comparison) on the GCE
// reference policy, over the request mix of a synthetic audit log (shared/tools/gen-audit-log.mjs), on one core.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compilePolicy } from '../../shared/policy/compile.ts';
import { evaluatePolicy } from '../../shared/policy/evaluate.ts';
import { requestAttributesFromEvent } from '../../shared/policy/event-attributes.ts';
import { loadPolicyText } from '../../shared/policy/load-policy.ts';
import type { RequestAttributes } from '../../shared/policy/types.ts';
import { SHARED_DIR } from '../support/shared-dir.ts';

const POLICY = SHARED_DIR + '/corpus/policies/gce-gci-configure-helper-audit-policy.yaml';
const GENERATOR = SHARED_DIR + '/tools/gen-audit-log.mjs';
const TARGET_PER_SECOND = 2_000_000;

function requestMix(): RequestAttributes[] {
  const dir = mkdtempSync(join(tmpdir(), 'auditscope-bench-'));
  try {
    const out = join(dir, 'audit.jsonl');
    execFileSync('node', [GENERATOR, '--size', '8MB', '--out', out], { stdio: 'ignore' });
    return readFileSync(out, 'utf8')
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map((line) => requestAttributesFromEvent(JSON.parse(line)));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function measure(label: string, requests: RequestAttributes[], evaluate: (r: RequestAttributes) => unknown): number {
  let sink = 0;
  const pass = () => {
    for (let i = 0; i < requests.length; i++) if (evaluate(requests[i]!) !== undefined) sink++;
  };
  for (let i = 0; i < 3; i++) pass(); // warm up the JIT
  let evaluations = 0;
  const started = process.hrtime.bigint();
  let elapsed = 0;
  while (elapsed < 2) {
    pass();
    evaluations += requests.length;
    elapsed = Number(process.hrtime.bigint() - started) / 1e9;
  }
  const perSecond = evaluations / elapsed;
  console.log(
    `${label}: ${Math.round(perSecond).toLocaleString('en-US')} evaluations/s (${evaluations} in ${elapsed.toFixed(2)} s, sink ${sink > 0})`,
  );
  return perSecond;
}

export default async function run(): Promise<void> {
  const loaded = loadPolicyText(readFileSync(POLICY, 'utf8'));
  if (!loaded.valid || !loaded.policy) throw new Error('the GCE policy should be valid');
  const policy = loaded.policy;
  const requests = requestMix();
  const byRule = new Map<number, number>();
  const compiled = compilePolicy(policy);
  for (const r of requests) {
    const rule = compiled.evaluate(r).rule;
    byRule.set(rule, (byRule.get(rule) ?? 0) + 1);
  }
  console.log(
    `policy-eval: GCE policy (${policy.rules.length} rules), ${requests.length} requests from a synthetic log`,
  );
  console.log(
    `  matching rule histogram: ${[...byRule]
      .sort((a, b) => a[0] - b[0])
      .map(([r, n]) => `${r}:${n}`)
      .join(' ')}`,
  );
  const fast = measure('  compiled matcher', requests, (r) => compiled.evaluate(r));
  measure('  reference evaluator', requests, (r) => evaluatePolicy(policy, r));
  console.log(
    `  target ${TARGET_PER_SECOND.toLocaleString('en-US')}/s: ${fast >= TARGET_PER_SECOND ? 'met' : 'NOT met'}`,
  );
}

if (import.meta.url === `file://${process.argv[1]}`) await run();
