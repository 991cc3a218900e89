// Evaluations per second of the compiled matcher (and the reference evaluator, for comparison) over the request mix
// of a generated audit log, on one core: on the GCE reference policy from the reference corpus when it is there
// (the figure in the README), and on the built-in security profile.
import { readFileSync } from 'node:fs';
import { compilePolicy } from '../../shared/policy/compile.ts';
import { evaluatePolicy } from '../../shared/policy/evaluate.ts';
import { requestAttributesFromEvent } from '../../shared/policy/event-attributes.ts';
import { loadPolicyText } from '../../shared/policy/load-policy.ts';
import { findPreset } from '../../shared/policy/presets/index.ts';
import type { RequestAttributes } from '../../shared/policy/types.ts';
import { auditLogBytes } from '../support/audit-log-generator.ts';
import { CORPUS_MISSING, corpusDir, corpusPath } from '../support/corpus.ts';

const TARGET_PER_SECOND = 2_000_000;

function requestMix(): RequestAttributes[] {
  return auditLogBytes({ size: 8e6 })
    .toString('utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => requestAttributesFromEvent(JSON.parse(line)));
}

/** The policies measured: name and text. */
function policies(): [string, string][] {
  const measured: [string, string][] = [['security profile (built-in preset)', findPreset('security')!.yaml]];
  if (corpusDir()) {
    const gce = readFileSync(corpusPath('corpus/policies/gce-gci-configure-helper-audit-policy.yaml'), 'utf8');
    measured.unshift(['GCE reference policy', gce]);
  } else {
    console.log(`policy-eval: the GCE reference policy is not measured (${CORPUS_MISSING})`);
  }
  return measured;
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
  const requests = requestMix();
  for (const [name, text] of policies()) {
    const loaded = loadPolicyText(text);
    if (!loaded.valid || !loaded.policy) throw new Error(`the ${name} should be valid`);
    const policy = loaded.policy;
    const byRule = new Map<number, number>();
    const compiled = compilePolicy(policy);
    for (const r of requests) {
      const rule = compiled.evaluate(r).rule;
      byRule.set(rule, (byRule.get(rule) ?? 0) + 1);
    }
    console.log(
      `policy-eval: ${name} (${policy.rules.length} rules), ${requests.length} requests from a generated log`,
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
}

if (import.meta.url === `file://${process.argv[1]}`) await run();
