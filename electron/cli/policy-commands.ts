// `auditscope policy ...`: validate, evaluate, explain and lint audit policies with kube-apiserver semantics.
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { CliError, printJsonLine, readTextFile } from './io.ts';
import { runLint } from './policy-lint-command.ts';
import { loadPolicyText, type LoadedPolicy } from '../../shared/policy/load-policy.ts';
import { compilePolicy } from '../../shared/policy/compile.ts';
import { explainEvaluation } from '../../shared/policy/explain.ts';
import { requestAttributesFromEvent } from '../../shared/policy/event-attributes.ts';
import { parseRequestAttributes } from '../../shared/policy/request-json.ts';
import { parseKubeVersion } from '../../shared/policy/version.ts';
import type { Diagnostic, EvaluationResult, KubeVersion, RequestAttributes } from '../../shared/policy/types.ts';

const USAGE = `usage: auditscope policy <command> ...

commands:
  validate FILE [--k8s-version X.Y] [--json]
      Check FILE as kube-apiserver would load it. Exit 0 valid (warnings allowed), 1 invalid, 2 usage or I/O error.
  evaluate FILE (--request JSON | --requests FILE.jsonl | --events AUDIT.log) [--k8s-version X.Y]
      Print one JSON line per request: {"level","omitStages","omitManagedFields","rule"}.
  explain FILE --request JSON [--k8s-version X.Y] [--json]
      Which rule matched, and for each earlier rule the first criterion that did not match.
  lint FILE [--json]
      Warnings about mistakes the apiserver accepts.

--k8s-version takes 1.24 to 1.36 (default 1.36). A request is
{"user":STRING|null,"groups":[...],"verb","namespace","apiGroup","resource","subresource","name","path","isResourceRequest":bool}.`;

export async function run(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'validate':
      return validateCommand(rest);
    case 'evaluate':
      return evaluateCommand(rest);
    case 'explain':
      return explainCommand(rest);
    case 'lint':
      return runLint(rest);
    case 'simulate':
      return (await import('./policy-simulate-command.ts')).runSimulate(rest);
    case '--help':
    case '-h':
      process.stdout.write(USAGE + '\n');
      return 0;
    default:
      throw new CliError(command ? `unknown policy command "${command}"\n${USAGE}` : USAGE, 2);
  }
}

function parseOptions(argv: string[], options: ParseArgsConfig['options']) {
  try {
    const parsed = parseArgs({ args: argv, options, allowPositionals: true, strict: true });
    if (parsed.positionals.length !== 1) {
      throw new CliError(`expected exactly one policy FILE, got ${parsed.positionals.length}\n${USAGE}`, 2);
    }
    return { file: parsed.positionals[0]!, values: parsed.values as Record<string, string | boolean | undefined> };
  } catch (error) {
    if (error instanceof CliError) throw error;
    throw new CliError(`${(error as Error).message}\n${USAGE}`, 2);
  }
}

function versionOption(value: string | boolean | undefined): KubeVersion {
  try {
    return parseKubeVersion(typeof value === 'string' ? value : undefined);
  } catch (error) {
    throw new CliError((error as Error).message, 2);
  }
}

async function loadFile(file: string, version: KubeVersion): Promise<LoadedPolicy> {
  return loadPolicyText(await readTextFile(file), version);
}

function position(diagnostic: Diagnostic): { line: number; column: number } {
  return { line: diagnostic.range?.start.line ?? 1, column: diagnostic.range?.start.column ?? 1 };
}

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

async function validateCommand(argv: string[]): Promise<number> {
  const { file, values } = parseOptions(argv, { 'k8s-version': { type: 'string' }, json: { type: 'boolean' } });
  const version = versionOption(values['k8s-version']);
  const loaded = await loadFile(file, version);
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

/** Loads the policy for evaluation; an invalid policy is refused as the apiserver would refuse to start. */
async function loadForEvaluation(file: string, version: KubeVersion): Promise<LoadedPolicy> {
  const loaded = await loadFile(file, version);
  if (!loaded.valid || !loaded.policy) {
    for (const diagnostic of [...loaded.loadErrors, ...loaded.validationErrors]) {
      process.stderr.write(describe(file, diagnostic) + '\n');
    }
    throw new CliError(`${file}: the policy is invalid for Kubernetes 1.${version.minor}; nothing evaluated`, 1);
  }
  return loaded;
}

function requestOption(value: string | boolean | undefined): RequestAttributes {
  if (typeof value !== 'string') throw new CliError('--request needs a JSON request', 2);
  try {
    return parseRequestAttributes(JSON.parse(value));
  } catch (error) {
    throw new CliError(`--request: ${(error as Error).message}`, 2);
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

async function evaluateCommand(argv: string[]): Promise<number> {
  const { file, values } = parseOptions(argv, {
    'k8s-version': { type: 'string' },
    request: { type: 'string' },
    requests: { type: 'string' },
    events: { type: 'string' },
  });
  const sources = (['request', 'requests', 'events'] as const).filter((key) => values[key] !== undefined);
  if (sources.length !== 1) throw new CliError(`give exactly one of --request, --requests, --events\n${USAGE}`, 2);
  const version = versionOption(values['k8s-version']);
  if (values.request !== undefined) {
    const request = requestOption(values.request);
    const loaded = await loadForEvaluation(file, version);
    printJsonLine(formatResult(compilePolicy(loaded.policy!, version).evaluate(request)));
    return 0;
  }
  const inputFile = (values.requests ?? values.events) as string;
  const lines = (await readTextFile(inputFile)).split('\n');
  const matcher = compilePolicy((await loadForEvaluation(file, version)).policy!, version);
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
  return failures > 0 ? 2 : 0;
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

async function explainCommand(argv: string[]): Promise<number> {
  const { file, values } = parseOptions(argv, {
    'k8s-version': { type: 'string' },
    request: { type: 'string' },
    json: { type: 'boolean' },
  });
  const version = versionOption(values['k8s-version']);
  const request = requestOption(values.request);
  const loaded = await loadForEvaluation(file, version);
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
