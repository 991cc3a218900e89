// The user guide stays true to the repository: every image it shows exists and is one the e2e tests regenerate
// (`npm run screenshots`), every relative link and anchor resolves, and every `auditscope …` command it shows is a
// real command of the built CLI, checked against the CLI's own --help output.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { DOCS_SCREENSHOTS } from '../e2e/support/app.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const GUIDE = join(ROOT, 'docs', 'user-guide.md');
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

interface Markdown {
  /** Text outside fenced code blocks, with inline code spans blanked out (links inside code are not links). */
  prose: string;
  /** Lines of fenced code blocks. */
  fencedLines: string[];
  /** Contents of inline code spans. */
  inlineCode: string[];
  headings: string[];
}

function readMarkdown(path: string): Markdown {
  const prose: string[] = [];
  const fencedLines: string[] = [];
  const inlineCode: string[] = [];
  const headings: string[] = [];
  let inFence = false;
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    if (/^\s*```/.test(line)) {
      inFence = !inFence;
      continue;
    }
    if (inFence) {
      fencedLines.push(line);
      continue;
    }
    const heading = /^#{1,6}\s+(.*)$/.exec(line);
    if (heading) headings.push(heading[1]!.trim());
    prose.push(
      line.replace(/`([^`]+)`/g, (_span, code: string) => {
        inlineCode.push(code);
        return ' ';
      }),
    );
  }
  return { prose: prose.join('\n'), fencedLines, inlineCode, headings };
}

/** GitHub's heading anchors: lower case, punctuation dropped, spaces to hyphens, -1, -2… for repeats. */
function anchorsOf(headings: string[]): Set<string> {
  const seen = new Map<string, number>();
  const out = new Set<string>();
  for (const heading of headings) {
    const base = heading
      .replace(/`/g, '')
      .toLowerCase()
      .replace(/[^\p{L}\p{N}\s_-]/gu, '')
      .replace(/\s/g, '-');
    const count = seen.get(base) ?? 0;
    seen.set(base, count + 1);
    out.add(count === 0 ? base : `${base}-${count}`);
  }
  return out;
}

function linksOf(prose: string): { image: boolean; target: string }[] {
  return [...prose.matchAll(/(!?)\[[^\]]*\]\(([^)\s]+)\)/g)].map((match) => ({
    image: match[1] === '!',
    target: match[2]!,
  }));
}

/** The words after `auditscope` for every command the guide shows: fenced lines and inline code starting with it. */
function commandsShown(markdown: Markdown): string[][] {
  const commands: string[][] = [];
  const take = (text: string) => {
    const line = text
      .trim()
      .replace(/^\$\s+/, '')
      // Environment assignments in front of the command (AUDITSCOPE_SUDO_PASSWORD='…' auditscope …).
      .replace(/^(?:[A-Z_][A-Z0-9_]*=(?:'[^']*'|"[^"]*"|\S+)\s+)+/, '')
      .replace(/\\\|/g, '|');
    if (line.startsWith('auditscope ')) commands.push(line.split(/\s+/).slice(1));
  };
  markdown.fencedLines.forEach(take);
  markdown.inlineCode.forEach(take);
  return commands;
}

function cli(args: string[]): { status: number | null; stdout: string } {
  const result = spawnSync(process.execPath, [join(ROOT, 'bin', 'auditscope.js'), ...args], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  return { status: result.status, stdout: result.stdout + result.stderr };
}

const helpCache = new Map<string, string>();
function domainHelp(domain: string): string {
  let help = helpCache.get(domain);
  if (help === undefined) {
    const result = cli([domain, '--help']);
    assert.equal(result.status, 0, `auditscope ${domain} --help failed:\n${result.stdout}`);
    help = result.stdout;
    helpCache.set(domain, help);
  }
  return help;
}

/** Commands a domain's --help names: `auditscope <domain> a|b` usages and the indented command list. */
function commandsInHelp(domain: string): Set<string> {
  const help = domainHelp(domain);
  const out = new Set<string>();
  for (const match of help.matchAll(new RegExp(`auditscope ${domain} ([a-z][a-z-]*(?:\\|[a-z][a-z-]*)*)`, 'g'))) {
    for (const command of match[1]!.split('|')) out.add(command);
  }
  for (const match of help.matchAll(/^ {2}([a-z][a-z-]*)\s/gm)) out.add(match[1]!);
  return out;
}

function isPlaceholder(word: string): boolean {
  return word === '…' || /^<.*>$/.test(word);
}

/** A command is real when its domain's help lists it, or its own --help prints its usage. */
function isRealCommand(domain: string, command: string): boolean {
  if (commandsInHelp(domain).has(command)) return true;
  const own = cli([domain, command, '--help']);
  return own.status === 0 && new RegExp(`usage: auditscope ${domain} ${command}\\b`).test(own.stdout);
}

const guide = readMarkdown(GUIDE);

describe('docs/user-guide.md', () => {
  test('every image exists as a PNG under docs/ and is one the e2e tests regenerate', () => {
    const images = linksOf(guide.prose).filter((link) => link.image);
    assert.ok(images.length >= 5, `the guide shows only ${images.length} images`);
    const names = new Set<string>();
    for (const { target } of images) {
      const match = /^images\/([a-z0-9-]+)\.png$/.exec(target);
      assert.ok(match, `${target}: guide images live in docs/images/<name>.png`);
      const file = join(ROOT, 'docs', target);
      assert.ok(existsSync(file), `${target} does not exist (run npm run screenshots)`);
      assert.deepEqual(readFileSync(file).subarray(0, 8), PNG_SIGNATURE, `${target} is not a PNG`);
      assert.ok(DOCS_SCREENSHOTS.includes(match[1]!), `${target} is not in DOCS_SCREENSHOTS (test/e2e/support/app.ts)`);
      names.add(match[1]!);
    }
    const unused = DOCS_SCREENSHOTS.filter((name) => !names.has(name));
    assert.deepEqual(unused, [], 'DOCS_SCREENSHOTS names images the guide does not show');
  });

  test('every relative link and anchor resolves', () => {
    const ownAnchors = anchorsOf(guide.headings);
    const links = linksOf(guide.prose).filter((link) => !link.image && !/^(https?|mailto):/.test(link.target));
    assert.ok(links.length > 0, 'the guide has no internal links');
    for (const { target } of links) {
      const [path, fragment] = target.split('#') as [string, string | undefined];
      if (path === '') {
        assert.ok(ownAnchors.has(fragment!), `#${fragment} matches no heading of the guide`);
        continue;
      }
      const file = resolve(dirname(GUIDE), path);
      assert.ok(existsSync(file), `${target}: ${file} does not exist`);
      if (fragment && file.endsWith('.md')) {
        assert.ok(anchorsOf(readMarkdown(file).headings).has(fragment), `${target}: no such heading in ${path}`);
      }
    }
  });

  test('README links to the guide', () => {
    const readme = readMarkdown(join(ROOT, 'README.md'));
    assert.ok(
      linksOf(readme.prose).some((link) => link.target === 'docs/user-guide.md'),
      'README.md has no link to docs/user-guide.md',
    );
  });

  describe('auditscope commands', () => {
    let domains: string[] = [];
    before(() => {
      const build = spawnSync('npm', ['run', '--silent', 'build:cli'], { cwd: ROOT, encoding: 'utf8' });
      assert.equal(build.status, 0, `npm run build:cli failed:\n${build.stdout}${build.stderr}`);
      const top = cli(['--help']);
      assert.equal(top.status, 0, top.stdout);
      const line = /^domains: (.+)$/m.exec(top.stdout);
      assert.ok(line, `auditscope --help names no domains:\n${top.stdout}`);
      domains = line[1]!.split(',').map((name) => name.trim());
    });

    test('the checker itself refuses a command that does not exist', () => {
      assert.ok(!isRealCommand('policy', 'no-such-command'));
      assert.ok(!isRealCommand('logs', 'no-such-command'));
    });

    test('every command the guide shows is a real command of the CLI', () => {
      const commands = commandsShown(guide);
      assert.ok(commands.length >= 20, `only ${commands.length} auditscope commands found in the guide`);
      for (const [domain, command] of commands) {
        // `auditscope --help`, and placeholders: `auditscope …`, `auditscope <domain> --help`, `auditscope manifest …`.
        if (domain === undefined || domain.startsWith('-') || isPlaceholder(domain)) continue;
        assert.ok(domains.includes(domain), `auditscope ${domain}: not a domain (${domains.join(', ')})`);
        if (command === undefined || command.startsWith('-') || isPlaceholder(command)) continue;
        assert.ok(isRealCommand(domain, command), `auditscope ${domain} ${command}: not a command of the CLI`);
      }
    });

    test('the guide shows every command the CLI lists', () => {
      const shown = new Set(commandsShown(guide).map((words) => words.slice(0, 2).join(' ')));
      for (const domain of domains) {
        for (const command of commandsInHelp(domain)) {
          assert.ok(shown.has(`${domain} ${command}`), `the guide never shows auditscope ${domain} ${command}`);
        }
      }
    });
  });
});
