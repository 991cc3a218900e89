// `auditscope policy ...`: validate, evaluate, explain, lint and simulate audit policies with kube-apiserver
// semantics.
import { compilePolicy } from '../../shared/policy/compile.ts';
import { requestAttributesFromEvent } from '../../shared/policy/event-attributes.ts';
import { explainEvaluation } from '../../shared/policy/explain.ts';
import { loadPolicyText } from '../../shared/policy/load-policy.ts';
import { parseRequestAttributes } from '../../shared/policy/request-json.ts';
import type { Diagnostic, EvaluationResult, RequestAttributes } from '../../shared/policy/types.ts';
import { parseCommandLine, runDomain, usageError, type Command, type Domain } from './command.ts';
import { printJsonLine, readTextFile } from './io.ts';
import { lintCommand } from './policy-lint-command.ts';
import { K8S_VERSION_HELP, kubeVersionOption, loadValidPolicy, position } from './policy-options.ts';
import { simulateCommand } from './policy-simulate-command.ts';

const REQUEST_HELP = `A request is {"user":STRING|null,"groups":[...],"verb","namespace","apiGroup","resource","subresource",
"name","path","isResourceRequest":bool}. Rules are numbered from 0; -1 means no rule matched.`;

const validateCommand: Command = {
  name: 'validate',
  summary: 'Check a policy file exactly as kube-apiserver would load it.',
  usage: `usage: auditscope policy validate FILE [--k8s-version X.Y] [--json]

Checks FILE as kube-apiserver loads it: decoding, the loader's checks and ValidatePolicy, with the apiserver's
own messages, plus strict-decoding warnings.
${K8S_VERSION_HELP}
  --json             print one object {"valid","errors":[{"message","line","column"}],"loadErrors":[…],
                     "warnings":[{"code","message","line","column"}]}
Exit 0 valid (warnings allowed), 1 invalid, 2 usage or I/O error.`,
  run: validate,
};

const evaluateCommand: Command = {
  name: 'evaluate',
  summary: 'Print the audit level, omitted stages and matching rule for requests.',
  usage: `usage: auditscope policy evaluate FILE (--request JSON | --requests FILE.jsonl | --events AUDIT.log) [--k8s-version X.Y]

Prints one JSON line per request: {"level","omitStages","omitManagedFields","rule"}.
  --request JSON         one request
  --requests FILE.jsonl  one request per line
  --events AUDIT.log     the requests of logged audit events (re-parsed from requestURI), one per line
${K8S_VERSION_HELP}
${REQUEST_HELP}
A line that is not a request prints {"error","line"} in its place and on stderr.
Exit 0 done, 1 the policy is invalid or a line is not a request, 2 usage or I/O error.`,
  run: evaluate,
};

const explainCommand: Command = {
  name: 'explain',
  summary: 'Show which rule matched a request, and why each earlier rule did not.',
  usage: `usage: auditscope policy explain FILE --request JSON [--k8s-version X.Y] [--json]

Prints, for each rule up to the one that matched, whether it matched and else the first criterion that did not.
${K8S_VERSION_HELP}
  --json             print one object {"rules":[…],"result":{"level","omitStages","omitManagedFields","rule"},
                     "summary"}
${REQUEST_HELP}
Exit 0 done, 1 the policy is invalid, 2 usage or I/O error.`,
  run: explain,
};

const POLICY: Domain = {
  name: 'policy',
  commands: [validateCommand, evaluateCommand, explainCommand, lintCommand, simulateCommand],
};

export function run(argv: string[]): Promise<number> {
  return runDomain(POLICY, argv);
}

const ONE_FILE = { min: 1, max: 1, what: 'policy FILE' };

/** loadErrors are plain strings in the JSON output, so the position goes into the text. */
function withPosition(diagnostic: Diagnostic): string {
  if (!diagnostic.range) return diagnostic.message;
  const { line, column } = diagnostic.range.start;
  return `${diagnostic.message} (line ${line}, column ${column})`;
}

function describe(file: string, diagnostic: Diagnostic): string {
  const { line, column } = position(diagnostic);
  return `${file}:${line}:${column}: ${diagnostic.severity}: ${diagnostic.message}`;
}

async function validate(argv: string[]): Promise<number> {
  const { positionals, values } = parseCommandLine(
    validateCommand,
    argv,
    { 'k8s-version': { type: 'string' }, json: { type: 'boolean' } },
    ONE_FILE,
  );
  const file = positionals[0]!;
  const version = kubeVersionOption(validateCommand, values['k8s-version']);
  const loaded = loadPolicyText(await readTextFile(file), version);
  if (values.json) {
    printJsonLine({
      valid: loaded.valid,
      errors: loaded.validationErrors.map((d) => ({ message: d.message, ...position(d) })),
      loadErrors: loaded.loadErrors.map(withPosition),
      warnings: loaded.warnings.map((d) => ({ code: d.code, message: d.message, ...position(d) })),
    });
  } else {
    for (const diagnostic of [...loaded.loadErrors, ...loaded.validationErrors, ...loaded.warnings]) {
      process.stdout.write(describe(file, diagnostic) + '\n');
    }
    const counts = `${loaded.loadErrors.length + loaded.validationErrors.length} error(s), ${loaded.warnings.length} warning(s)`;
    process.stdout.write(
      `${file}: ${loaded.valid ? 'valid' : 'INVALID'} for Kubernetes 1.${version.minor} (${counts})\n`,
    );
  }
  return loaded.valid ? 0 : 1;
}

function requestOption(command: Command, value: string | undefined): RequestAttributes {
  if (value === undefined) throw usageError(command, '--request JSON is required');
  try {
    return parseRequestAttributes(JSON.parse(value));
  } catch (error) {
    throw usageError(command, `--request: ${(error as Error).message}`);
  }
}

function formatResult(result: EvaluationResult) {
  return {
    level: result.level,
    omitStages: result.omitStages,
    omitManagedFields: result.omitManagedFields,
    rule: result.rule,
  };
}

async function evaluate(argv: string[]): Promise<number> {
  const { positionals, values } = parseCommandLine(
    evaluateCommand,
    argv,
    {
      'k8s-version': { type: 'string' },
      request: { type: 'string' },
      requests: { type: 'string' },
      events: { type: 'string' },
    },
    ONE_FILE,
  );
  const file = positionals[0]!;
  const sources = (['request', 'requests', 'events'] as const).filter((key) => values[key] !== undefined);
  if (sources.length !== 1) throw usageError(evaluateCommand, 'give exactly one of --request, --requests, --events');
  const version = kubeVersionOption(evaluateCommand, values['k8s-version']);
  if (values.request !== undefined) {
    const request = requestOption(evaluateCommand, values.request);
    const loaded = await loadValidPolicy(file, version, 'evaluated');
    printJsonLine(formatResult(compilePolicy(loaded.policy!, version).evaluate(request)));
    return 0;
  }
  const inputFile = (values.requests ?? values.events)!;
  const lines = (await readTextFile(inputFile)).split('\n');
  const matcher = compilePolicy((await loadValidPolicy(file, version, 'evaluated')).policy!, version);
  const toRequest = values.events !== undefined ? eventLineToRequest : requestLineToRequest;
  let failures = 0;
  const out: string[] = [];
  lines.forEach((line, index) => {
    if (line.trim() === '') return;
    try {
      out.push(JSON.stringify(formatResult(matcher.evaluate(toRequest(line)))));
    } catch (error) {
      failures++;
      const message = `${inputFile}:${index + 1}: ${(error as Error).message}`;
      process.stderr.write(`auditscope: ${message}\n`);
      out.push(JSON.stringify({ error: message, line: index + 1 }));
    }
  });
  process.stdout.write(out.length > 0 ? out.join('\n') + '\n' : '');
  return failures > 0 ? 1 : 0;
}

function parseJsonLine(line: string): unknown {
  try {
    return JSON.parse(line);
  } catch (error) {
    throw new Error(`not valid JSON: ${(error as Error).message}`, { cause: error });
  }
}

function requestLineToRequest(line: string): RequestAttributes {
  return parseRequestAttributes(parseJsonLine(line));
}

function eventLineToRequest(line: string): RequestAttributes {
  return requestAttributesFromEvent(parseJsonLine(line) as object);
}

async function explain(argv: string[]): Promise<number> {
  const { positionals, values } = parseCommandLine(
    explainCommand,
    argv,
    { 'k8s-version': { type: 'string' }, request: { type: 'string' }, json: { type: 'boolean' } },
    ONE_FILE,
  );
  const file = positionals[0]!;
  const version = kubeVersionOption(explainCommand, values['k8s-version']);
  const request = requestOption(explainCommand, values.request);
  const loaded = await loadValidPolicy(file, version, 'explained');
  const explanation = explainEvaluation(loaded.policy!, request, version);
  if (values.json) {
    printJsonLine({ ...explanation, result: formatResult(explanation.result) });
    return 0;
  }
  for (const rule of explanation.rules) {
    const line = loaded.ruleLine(rule.rule);
    const where = line ? ` (line ${line})` : '';
    process.stdout.write(`rule ${rule.rule}${where}: ${rule.matched ? rule.reason : `no match: ${rule.reason}`}\n`);
  }
  process.stdout.write(explanation.summary + '\n');
  return 0;
}
