// The `auditscope` command line. Each domain lives in its own module; this file only dispatches.
import { CliError, type CliCommandModule } from './io.ts';
import { prestartQueryWorkers } from './logs-query-start.ts';

const DOMAINS: Record<string, { summary: string; load: () => Promise<CliCommandModule> }> = {
  policy: {
    summary: 'validate, evaluate, explain, lint and simulate audit policies',
    load: () => import('./policy-commands.ts'),
  },
  manifest: {
    summary: 'enable, disable or show audit logging in a kube-apiserver manifest',
    load: () => import('./manifest-commands.ts'),
  },
  node: {
    summary: 'probe a control-plane node, apply or revert audit settings on it over SSH',
    load: () => import('./node-commands.ts'),
  },
  logs: { summary: "query audit log files, tail a node's audit log", load: () => import('./logs-commands.ts') },
};

const USAGE = `usage: auditscope <domain> <command> [options]

domains: ${Object.keys(DOMAINS).join(', ')}
${Object.entries(DOMAINS)
  .map(([name, domain]) => `  ${name.padEnd(8)}  ${domain.summary}`)
  .join('\n')}

Run "auditscope <domain> --help" for the commands of a domain, "auditscope <domain> <command> --help" for the
options of a command.
Exit codes: 0 success, 1 invalid input or refused, 2 usage or I/O error. Errors go to stderr as "auditscope: …".`;

async function main(argv: string[]): Promise<number> {
  const [domain, ...rest] = argv;
  if (domain === '--help' || domain === '-h' || domain === 'help') {
    process.stdout.write(USAGE + '\n');
    return 0;
  }
  if (domain === undefined) throw new CliError(`missing domain\n${USAGE}`, 2);
  const entry = DOMAINS[domain];
  if (!entry) throw new CliError(`unknown domain "${domain}"\n${USAGE}`, 2);
  // Worker threads take tens of milliseconds to boot: let them boot while the log engine's code loads.
  if (domain === 'logs' && rest[0] === 'query') prestartQueryWorkers(rest.slice(1));
  return (await entry.load()).run(rest);
}

// A reader that stops early (`auditscope logs query … | head`) closes the pipe: stop quietly, as Unix tools do.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    if (error instanceof CliError) {
      process.stderr.write(`auditscope: ${error.message}\n`);
      process.exitCode = error.exitCode;
    } else {
      process.stderr.write(
        `auditscope: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
      );
      process.exitCode = 2;
    }
  },
);
