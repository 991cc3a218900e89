// `auditscope policy lint FILE [--json] [--k8s-version X.Y]`: everything kube-apiserver would say about the file
// (decode, loader and validation errors, strict-decoding warnings) plus the linter's findings.
// Exit 0 when there is no error (warnings allowed), 1 when the policy is invalid, 2 on usage or I/O errors.
import { parseArgs } from 'node:util';
import { CliError, printJsonLine, readTextFile } from './io.ts';
import { lintPolicy } from '../../shared/policy/lint.ts';
import { loadPolicyText } from '../../shared/policy/load-policy.ts';
import { parseKubeVersion } from '../../shared/policy/version.ts';
import type { Diagnostic, KubeVersion } from '../../shared/policy/types.ts';

const USAGE = 'usage: auditscope policy lint FILE [--json] [--k8s-version X.Y]';

function parseOptions(argv: string[]): { file: string; json: boolean; version: KubeVersion } {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      options: { json: { type: 'boolean' }, 'k8s-version': { type: 'string' } },
      allowPositionals: true,
      strict: true,
    });
  } catch (error) {
    throw new CliError(`${(error as Error).message}\n${USAGE}`, 2);
  }
  if (parsed.positionals.length !== 1) {
    throw new CliError(`expected exactly one policy FILE, got ${parsed.positionals.length}\n${USAGE}`, 2);
  }
  let version: KubeVersion;
  try {
    version = parseKubeVersion(parsed.values['k8s-version']);
  } catch (error) {
    throw new CliError((error as Error).message, 2);
  }
  return { file: parsed.positionals[0]!, json: parsed.values.json === true, version };
}

function position(diagnostic: Diagnostic): { line: number; column: number } {
  return { line: diagnostic.range?.start.line ?? 1, column: diagnostic.range?.start.column ?? 1 };
}

function byPosition(a: Diagnostic, b: Diagnostic): number {
  const pa = position(a);
  const pb = position(b);
  return pa.line - pb.line || pa.column - pb.column;
}

export async function runLint(argv: string[]): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(USAGE + '\n');
    return 0;
  }
  const { file, json, version } = parseOptions(argv);
  const loaded = loadPolicyText(await readTextFile(file), version);
  const diagnostics = [
    ...loaded.loadErrors,
    ...loaded.validationErrors,
    ...loaded.warnings,
    ...lintPolicy(loaded.parsed, version),
  ].sort(byPosition);
  const errors = diagnostics.filter((d) => d.severity === 'error').length;

  if (json) {
    printJsonLine({
      warnings: diagnostics.map((d) => ({
        code: d.code,
        severity: d.severity,
        message: d.message,
        ...position(d),
        rule: d.rule ?? null,
      })),
    });
  } else {
    for (const d of diagnostics) {
      const { line, column } = position(d);
      const fix = d.fix ? ` (quick fix: ${d.fix.title})` : '';
      process.stdout.write(`${file}:${line}:${column}: ${d.severity} [${d.code}] ${d.message}${fix}\n`);
    }
    const warnings = diagnostics.filter((d) => d.severity === 'warning').length;
    const notes = diagnostics.length - errors - warnings;
    process.stdout.write(
      `${file}: ${errors} error(s), ${warnings} warning(s), ${notes} note(s) for Kubernetes 1.${version.minor}\n`,
    );
  }
  return errors > 0 ? 1 : 0;
}
