// Layering the architecture depends on: shared/ is pure, plain-Node code never imports electron at runtime.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { test } from 'node:test';

const root = new URL('../../', import.meta.url).pathname;

function sources(dir: string): string[] {
  const out: string[] = [];
  const walk = (current: string) => {
    for (const entry of readdirSync(current, { withFileTypes: true })) {
      const path = join(current, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (/\.(ts|tsx)$/.test(entry.name)) out.push(path);
    }
  };
  walk(join(root, dir));
  return out;
}

function imports(file: string): { specifier: string; typeOnly: boolean }[] {
  const text = readFileSync(file, 'utf8');
  const found: { specifier: string; typeOnly: boolean }[] = [];
  for (const match of text.matchAll(/^\s*(import|export)\s+(type\s+)?[^'"]*?from\s+['"]([^'"]+)['"]/gm)) {
    found.push({ specifier: match[3]!, typeOnly: Boolean(match[2]) });
  }
  for (const match of text.matchAll(/import\(\s*['"]([^'"]+)['"]\s*\)/g))
    found.push({ specifier: match[1]!, typeOnly: false });
  return found;
}

test('shared/ imports only relative shared files, yaml and zod', () => {
  const bad: string[] = [];
  for (const file of sources('shared')) {
    for (const { specifier } of imports(file)) {
      const allowed =
        specifier === 'yaml' ||
        specifier === 'zod' ||
        (specifier.startsWith('.') &&
          !join(file, '..', specifier)
            .replace(root, '')
            .match(/^(electron|renderer)\//));
      if (!allowed) bad.push(`${relative(root, file)} → ${specifier}`);
    }
  }
  assert.deepEqual(bad, []);
});

test('Node-side services, the server and the CLI never import electron at runtime', () => {
  const bad: string[] = [];
  for (const dir of ['electron/backend', 'electron/server', 'electron/cli']) {
    for (const file of sources(dir)) {
      for (const { specifier, typeOnly } of imports(file)) {
        if (!typeOnly && (specifier === 'electron' || specifier.includes('/main/')))
          bad.push(`${relative(root, file)} → ${specifier}`);
      }
    }
  }
  assert.deepEqual(bad, []);
});

test('the renderer imports only shared/ and its own code', () => {
  const bad: string[] = [];
  for (const file of sources('renderer/src')) {
    for (const { specifier } of imports(file)) {
      if (specifier === 'electron' || specifier.startsWith('node:') || /\/electron\//.test(specifier))
        bad.push(`${relative(root, file)} → ${specifier}`);
    }
  }
  assert.deepEqual(bad, []);
});

test('tests find the reference material beside the checkout, never at a machine-specific absolute path', () => {
  const bad: string[] = [];
  for (const dir of ['test', 'electron', 'shared', 'renderer/src', 'build']) {
    for (const file of sources(dir)) {
      if (/['"`]\/work\//.test(readFileSync(file, 'utf8'))) bad.push(relative(root, file));
    }
  }
  assert.deepEqual(bad, []);
});
