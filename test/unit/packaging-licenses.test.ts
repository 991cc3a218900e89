// The licence list shown in the About dialog: complete for what ships, and in step with node_modules.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { collectBundledComponents, OUTPUT, renderLicenseFile } from '../../build/scripts/gen-licenses.ts';
import { ROOT } from './packaging-support.ts';

const components = collectBundledComponents();

test('every production dependency and Electron are listed, with their installed versions', () => {
  const project = JSON.parse(readFileSync(`${ROOT}package.json`, 'utf8')) as {
    dependencies: Record<string, string>;
    devDependencies: Record<string, string>;
  };
  for (const name of [...Object.keys(project.dependencies), 'electron']) {
    const installed = JSON.parse(readFileSync(`${ROOT}node_modules/${name}/package.json`, 'utf8')) as {
      version: string;
    };
    assert.ok(
      components.some((component) => component.name === name && component.version === installed.version),
      `${name}@${installed.version} listed`,
    );
  }
});

test('transitive dependencies are included, type-only and build-only packages are not', () => {
  const names = new Set(components.map((component) => component.name));
  for (const transitive of ['scheduler', 'asn1', '@mui/system', 'react-is'])
    assert.ok(names.has(transitive), transitive);
  assert.ok(![...names].some((name) => name.startsWith('@types/')), 'no @types packages');
  for (const buildOnly of ['vite', 'typescript', 'electron-builder', '@electron/get'])
    assert.ok(!names.has(buildOnly), buildOnly);
});

test('every component has a licence and an http(s) link when its manifest names one', () => {
  for (const component of components) {
    assert.notEqual(component.license, 'UNKNOWN', `${component.name} has a licence`);
    if (component.url) assert.match(component.url, /^https?:\/\/\S+$/, component.name);
  }
});

test('the committed licenses.generated.json matches node_modules (rerun build/scripts/gen-licenses.ts)', () => {
  assert.equal(readFileSync(OUTPUT, 'utf8'), renderLicenseFile(components));
});
