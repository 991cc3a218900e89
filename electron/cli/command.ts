// The shape every `auditscope <domain> <command>` shares: a command's own usage (printed by --help or -h anywhere
// in its arguments), one summary line for the domain's --help, and the same exit codes and messages for usage
// errors in every domain.
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { CliError } from './io.ts';

/** The `options` of node:util parseArgs. */
export type OptionsConfig = NonNullable<ParseArgsConfig['options']>;

export interface Command {
  /** The word after the domain, e.g. "validate". */
  name: string;
  /** One line in the domain's --help. */
  summary: string;
  /** Printed by `auditscope <domain> <name> --help`; starts with `usage: auditscope <domain> <name>`. */
  usage: string;
  /** Arguments after the command word, never containing --help or -h. Returns the exit code. */
  run(argv: string[]): Promise<number>;
}

export interface Domain {
  name: string;
  commands: Command[];
  /** Lines after the command list (shared notes); must not start with two spaces and a lower-case word. */
  notes?: string;
  /** Commands that are not listed (internal entry points). */
  hidden?: Record<string, (argv: string[]) => Promise<number>>;
}

export function domainUsage(domain: Domain): string {
  const width = Math.max(...domain.commands.map((command) => command.name.length));
  const lines = domain.commands.map((command) => `  ${command.name.padEnd(width)}  ${command.summary}`);
  return [
    `usage: auditscope ${domain.name} <command> [options]`,
    '',
    'commands:',
    ...lines,
    '',
    ...(domain.notes ? [domain.notes, ''] : []),
    `Run "auditscope ${domain.name} <command> --help" for the options of a command.`,
  ].join('\n');
}

/** --help or -h among the options (before a `--`), wherever it stands. */
export function wantsHelp(argv: string[]): boolean {
  const end = argv.indexOf('--');
  const options = end < 0 ? argv : argv.slice(0, end);
  return options.includes('--help') || options.includes('-h');
}

export async function runDomain(domain: Domain, argv: string[]): Promise<number> {
  const [word, ...rest] = argv;
  if (word === undefined) throw new CliError(`missing command\n${domainUsage(domain)}`, 2);
  if (word === '--help' || word === '-h' || word === 'help') {
    process.stdout.write(domainUsage(domain) + '\n');
    return 0;
  }
  const hidden = domain.hidden?.[word];
  if (hidden) return hidden(rest);
  const command = domain.commands.find((candidate) => candidate.name === word);
  if (!command) throw new CliError(`unknown ${domain.name} command "${word}"\n${domainUsage(domain)}`, 2);
  if (wantsHelp(rest)) {
    process.stdout.write(command.usage + '\n');
    return 0;
  }
  return command.run(rest);
}

/** parseArgs (strict) whose complaints become usage errors: exit 2 with the command's usage. */
export function parseCommandLine<const O extends OptionsConfig>(
  command: Pick<Command, 'usage'>,
  argv: string[],
  options: O,
  positionals: { min: number; max: number; what: string },
  /** --no-X sets a boolean option X to false (where "keep what is there" differs from false). */
  allowNegative = false,
) {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options, allowPositionals: true, allowNegative, strict: true });
  } catch (error) {
    throw usageError(command, parseArgsMessage(error as Error & { code?: string }));
  }
  const count = parsed.positionals.length;
  if (count < positionals.min || count > positionals.max) {
    const wanted =
      positionals.min === positionals.max
        ? `exactly ${positionals.min === 1 ? 'one' : positionals.min} ${positionals.what}`
        : positionals.max === Infinity
          ? `at least ${positionals.min === 1 ? 'one' : positionals.min} ${positionals.what}`
          : `${positionals.min} to ${positionals.max} ${positionals.what}`;
    throw usageError(
      command,
      count === 0 || positionals.max > 0
        ? `expected ${wanted}, got ${count}`
        : `unexpected argument "${parsed.positionals[0]}"`,
    );
  }
  return parsed;
}

export function usageError(command: Pick<Command, 'usage'>, message: string): CliError {
  return new CliError(`${message}\n${command.usage}`, 2);
}

/** node:util's complaints, without its advice about `--` that does not fit an unknown option. */
function parseArgsMessage(error: Error & { code?: string }): string {
  const unknown = /^Unknown option '([^']+)'/.exec(error.message);
  if (error.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' && unknown) return `unknown option ${unknown[1]}`;
  return error.message;
}
