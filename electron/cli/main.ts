// The `auditscope` command line. Each domain lives in its own module; this file only dispatches.
import { CliError, type CliCommandModule } from './io.ts';

const DOMAINS: Record<string, () => Promise<CliCommandModule>> = {
  logs: () => import('./logs-commands.ts'),
  policy: () => import('./policy-commands.ts'),
  manifest: () => import('./manifest-commands.ts'),
  node: () => import('./node-commands.ts'),
};

const USAGE = `usage: auditscope <domain> <command> [options]

domains: ${Object.keys(DOMAINS).join(', ') || '(none)'}
Run "auditscope <domain> --help" for the commands of a domain.`;

async function main(argv: string[]): Promise<number> {
  const [domain, ...rest] = argv;
  if (!domain || domain === '--help' || domain === '-h') {
    process.stdout.write(USAGE + '\n');
    return domain ? 0 : 2;
  }
  const load = DOMAINS[domain];
  if (!load) throw new CliError(`unknown domain "${domain}"\n${USAGE}`, 2);
  const module = await load();
  return module.run(rest);
}

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
