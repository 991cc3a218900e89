// `auditscope policy lint FILE [--k8s-version X.Y] [--json]`: everything kube-apiserver would say about the file
// (decode, loader and validation errors, strict-decoding warnings) plus the linter's findings.
import { lintPolicy } from '../../shared/policy/lint.ts';
import { loadPolicyText } from '../../shared/policy/load-policy.ts';
import type { Diagnostic } from '../../shared/policy/types.ts';
import { parseCommandLine, type Command } from './command.ts';
import { printJsonLine, readTextFile } from './io.ts';
import { K8S_VERSION_HELP, kubeVersionOption, position } from './policy-options.ts';

export const lintCommand: Command = {
  name: 'lint',
  summary: 'Warn about mistakes kube-apiserver accepts (unreachable rules, secrets at Request level, …).',
  usage: `usage: auditscope policy lint FILE [--k8s-version X.Y] [--json]

Prints what kube-apiserver would say about FILE (errors, strict-decoding warnings) and the linter's findings,
sorted by position, as FILE:LINE:COLUMN: SEVERITY [CODE] MESSAGE (quick fix: TITLE).
${K8S_VERSION_HELP}
  --json             print one object {"warnings":[{"code","severity","message","line","column","rule"}]}
Exit 0 no error (warnings allowed), 1 the policy is invalid, 2 usage or I/O error.`,
  run: runLint,
};

function byPosition(a: Diagnostic, b: Diagnostic): number {
  const pa = position(a);
  const pb = position(b);
  return pa.line - pb.line || pa.column - pb.column;
}

async function runLint(argv: string[]): Promise<number> {
  const { positionals, values } = parseCommandLine(
    lintCommand,
    argv,
    { json: { type: 'boolean' }, 'k8s-version': { type: 'string' } },
    { min: 1, max: 1, what: 'policy FILE' },
  );
  const file = positionals[0]!;
  const version = kubeVersionOption(lintCommand, values['k8s-version']);
  const loaded = loadPolicyText(await readTextFile(file), version);
  const diagnostics = [
    ...loaded.loadErrors,
    ...loaded.validationErrors,
    ...loaded.warnings,
    ...lintPolicy(loaded.parsed, version),
  ].sort(byPosition);
  const errors = diagnostics.filter((d) => d.severity === 'error').length;

  if (values.json) {
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
