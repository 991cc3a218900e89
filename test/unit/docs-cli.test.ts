// The CLI reference (docs/cli.md) stays true to the built CLI: every command's synopsis is its usage line
// word for word, every command the CLI lists is documented, and every example uses a real command with options
// that command's usage names.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, test } from 'node:test';

const ROOT = join(import.meta.dirname, '..', '..');

function cli(...args: string[]): { code: number | null; stdout: string } {
  const result = spawnSync(process.execPath, [join(ROOT, 'bin', 'auditscope.js'), ...args], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  return { code: result.status, stdout: result.stdout };
}

/** The synopsis of `auditscope DOMAIN COMMAND --help`: its first paragraph without "usage: ", on one line. */
function synopsis(domain: string, command: string): string {
  const help = cli(domain, command, '--help');
  assert.equal(help.code, 0, `auditscope ${domain} ${command} --help`);
  return help.stdout
    .split('\n\n')[0]!
    .replace(/^usage: /, '')
    .replace(/\s+/g, ' ')
    .trim();
}

function commandsOf(domain: string): string[] {
  const help = cli(domain, '--help').stdout;
  return [...help.matchAll(/^ {2}([a-z][a-z-]*) {2,}\S/gm)].map((match) => match[1]!);
}

/** Splits a shell command line into words (single and double quotes; no expansions). */
function shellWords(line: string): string[] {
  return [...line.matchAll(/'([^']*)'|"([^"]*)"|(\S+)/g)].map((match) => match[1] ?? match[2] ?? match[3]!);
}

const section = readFileSync(join(ROOT, 'docs', 'cli.md'), 'utf8');

const documented = [...section.matchAll(/^\| `(auditscope [^`]+)` \|/gm)].map((match) =>
  match[1]!.replace(/\\\|/g, '|'),
);
const examples: string[] = [];
for (const block of section.matchAll(/```sh\n([\s\S]*?)```/g)) examples.push(...block[1]!.trim().split('\n'));

describe('docs/cli.md: the command line', () => {
  before(() => {
    const build = spawnSync('npm', ['run', '--silent', 'build:cli'], { cwd: ROOT, encoding: 'utf8' });
    assert.equal(build.status, 0, build.stderr);
  });

  test('every synopsis is the command usage, word for word, and every command is documented', () => {
    assert.ok(documented.length >= 14, `only ${documented.length} commands in the tables`);
    const seen = new Set<string>();
    for (const line of documented) {
      const [, domain, command] = line.split(' ') as [string, string, string];
      assert.equal(line, synopsis(domain, command), `docs/cli.md's synopsis of auditscope ${domain} ${command}`);
      seen.add(`${domain} ${command}`);
    }
    const domains = /^domains: (.+)$/m.exec(cli('--help').stdout)![1]!.split(', ');
    for (const domain of domains) {
      for (const command of commandsOf(domain)) {
        assert.ok(seen.has(`${domain} ${command}`), `docs/cli.md does not document auditscope ${domain} ${command}`);
      }
    }
  });

  test('every example is a real command with options its usage names', () => {
    assert.ok(examples.length >= 10, `only ${examples.length} examples`);
    for (const example of examples) {
      const words = shellWords(example.replace(/^(?:[A-Z_][A-Z0-9_]*='[^']*'\s+)+/, ''));
      assert.equal(words[0], 'auditscope', example);
      const [domain, command, ...args] = words.slice(1) as [string, string, ...string[]];
      const usage = cli(domain, command, '--help');
      assert.equal(usage.code, 0, `${example}: not a command`);
      for (const option of args.filter((word) => word.startsWith('--'))) {
        assert.match(
          usage.stdout,
          new RegExp(`${option}(?![a-z-])`),
          `${example}: ${option} is not an option of ${domain} ${command}`,
        );
      }
    }
  });

  test('the secret variables it names are the ones every SSH command reads', () => {
    const variables = [...section.matchAll(/^\| `(AUDITSCOPE_[A-Z_]+)` \|/gm)].map((match) => match[1]!);
    assert.deepEqual(variables, ['AUDITSCOPE_KEY_PASSPHRASE', 'AUDITSCOPE_SSH_PASSWORD', 'AUDITSCOPE_SUDO_PASSWORD']);
    for (const [domain, command] of [
      ['node', 'probe'],
      ['node', 'apply'],
      ['node', 'revert'],
      ['logs', 'tail'],
    ] as const) {
      const usage = cli(domain, command, '--help').stdout;
      for (const variable of variables) assert.ok(usage.includes(variable), `${domain} ${command}: ${variable}`);
    }
  });
});
