// Drives test/kube/cmd/policy-oracle, the real k8s.io/apiserver audit-policy loader, validator and evaluator,
// over its one-JSON-object-per-line protocol, so tests can compare our policy code with Kubernetes' own.
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { kubeBinaries } from './binaries.ts';

export type AuditLevel = 'None' | 'Metadata' | 'Request' | 'RequestResponse';
export type AuditStage = 'RequestReceived' | 'ResponseStarted' | 'ResponseComplete' | 'Panic';

/** The authorizer attributes the apiserver hands the policy evaluator. */
export interface PolicyRequest {
  /** null: no user info at all (failed authentication). */
  user: string | null;
  groups?: string[];
  verb: string;
  namespace?: string;
  apiGroup?: string;
  apiVersion?: string;
  resource?: string;
  subresource?: string;
  name?: string;
  path?: string;
  isResourceRequest: boolean;
}

export interface ValidateResult {
  /** True when the apiserver would load the policy. */
  ok: boolean;
  /** policy.LoadPolicyFromBytes' error text, '' when it loads. */
  loadError: string;
  /** ValidatePolicy's errors one by one; [] when loading stops before validation (decode or apiVersion error). */
  errors: string[];
  /** Strict-decoding error the apiserver only logs before it falls back to lenient decoding (unknown fields). */
  warning?: string;
}

export interface EvaluateResult {
  level: AuditLevel;
  /** A set, in stage order; duplicates from the policy are kept when no rule matched, as the apiserver does. */
  omitStages: AuditStage[];
  omitManagedFields: boolean;
  /** Index of the deciding rule, -1 when none matched. */
  rule: number;
}

interface Waiter {
  resolve: (value: unknown) => void;
  reject: (error: Error) => void;
}

export class PolicyOracle {
  private child: ChildProcessWithoutNullStreams | undefined;
  private readonly waiting: Waiter[] = []; // answers come back in request order
  private partial = '';
  private stderrTail = '';
  private exited: Promise<void> | undefined;

  /** @param binary path of policy-oracle; by default the one build.sh provides. */
  constructor(private readonly binary?: string) {}

  async start(): Promise<void> {
    if (this.child) return;
    const file = this.binary ?? (await kubeBinaries()).policyOracle;
    const child = spawn(file, [], { stdio: ['pipe', 'pipe', 'pipe'] });
    this.child = child;
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => this.onData(chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      this.stderrTail = (this.stderrTail + chunk).slice(-4000);
    });
    child.stdin.on('error', () => {}); // reported through 'exit' below
    this.exited = new Promise((resolve) => {
      const fail = (why: string) => {
        this.child = undefined;
        const error = new Error(`policy-oracle ${why}${this.stderrTail ? `: ${this.stderrTail.trim()}` : ''}`);
        for (const waiter of this.waiting.splice(0)) waiter.reject(error);
        resolve();
      };
      child.on('error', (error) => fail(`failed to start (${file}): ${error.message}`));
      child.on('exit', (code, signal) => fail(`exited (${signal ?? code})`));
    });
    // Surface a missing or broken binary here rather than on the first request.
    await new Promise<void>((resolve, reject) => {
      child.once('spawn', resolve);
      child.once('error', reject);
    });
  }

  validate(policyYaml: string): Promise<ValidateResult> {
    return this.send({ op: 'validate', policy: policyYaml }) as Promise<ValidateResult>;
  }

  async evaluate(policyYaml: string, requests: PolicyRequest[]): Promise<EvaluateResult[]> {
    const answer = (await this.send({ op: 'evaluate', policy: policyYaml, requests })) as { results: EvaluateResult[] };
    return answer.results;
  }

  /** Go and k8s.io/apiserver versions compiled into the oracle. */
  version(): Promise<Record<string, string>> {
    return this.send({ op: 'version' }) as Promise<Record<string, string>>;
  }

  async close(): Promise<void> {
    if (!this.child) return;
    this.child.stdin.end(); // the oracle exits at end of input
    await this.exited;
  }

  private send(message: object): Promise<unknown> {
    const child = this.child;
    if (!child) return Promise.reject(new Error('policy-oracle is not running: call start() first'));
    return new Promise((resolve, reject) => {
      this.waiting.push({ resolve, reject });
      child.stdin.write(`${JSON.stringify(message)}\n`);
    });
  }

  private onData(chunk: string): void {
    const lines = (this.partial + chunk).split('\n');
    this.partial = lines.pop() ?? '';
    for (const line of lines) {
      const waiter = this.waiting.shift();
      if (!waiter) continue;
      try {
        const answer = JSON.parse(line) as { error?: string };
        if (typeof answer.error === 'string') waiter.reject(new Error(`policy-oracle: ${answer.error}`));
        else waiter.resolve(answer);
      } catch {
        waiter.reject(new Error(`policy-oracle: unreadable answer ${line.slice(0, 200)}`));
      }
    }
  }
}
