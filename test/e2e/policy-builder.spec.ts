// The policy builder, driven like a user would: build the tutorial policy by clicking, check the YAML, save,
// reopen; break and fix the YAML; reorder; explain a request.
import { expect, test, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { openApp, screenshot, setTheme } from './support/app.ts';

async function yamlText(page: Page): Promise<string> {
  return page.evaluate(() => {
    const monaco = (
      window as unknown as { monaco?: { editor: { getModels(): { uri: { path: string }; getValue(): string }[] } } }
    ).monaco;
    if (monaco)
      return monaco.editor
        .getModels()
        .find((model) => model.uri.path.endsWith('policy.yaml'))!
        .getValue();
    return '';
  });
}

/** Replaces the whole YAML the way a paste does (Monaco would re-indent typed newlines). */
async function setYaml(page: Page, text: string): Promise<void> {
  await page.evaluate((value) => {
    const monaco = (
      window as unknown as {
        monaco: { editor: { getModels(): { uri: { path: string }; setValue(v: string): void }[] } };
      }
    ).monaco;
    monaco.editor
      .getModels()
      .find((model) => model.uri.path.endsWith('policy.yaml'))!
      .setValue(value);
  }, text);
}

/** Types at the end of the YAML with the keyboard. */
async function typeAtEnd(page: Page, keys: string, backspaces = 0): Promise<void> {
  await page.getByRole('region', { name: 'Policy YAML' }).locator('.monaco-editor textarea').focus();
  await page.keyboard.press('ControlOrMeta+End');
  for (let i = 0; i < backspaces; i++) await page.keyboard.press('Backspace');
  await page.keyboard.type(keys);
}

async function newEmptyPolicy(page: Page): Promise<void> {
  page.once('dialog', (dialog) => void dialog.accept());
  await page.getByRole('button', { name: 'New policy' }).click();
  await page.getByRole('button', { name: 'Empty policy' }).click();
}

async function addChip(page: Page, label: string, value: string): Promise<void> {
  const field = page.getByRole('combobox', { name: label, exact: true }).first();
  await field.click();
  await field.fill(value);
  await field.press('Enter');
}

test.beforeEach(async ({ page }) => {
  await openApp(page, '#/policy');
  await expect(page.getByRole('region', { name: 'Policy YAML' }).locator('.monaco-editor')).toBeVisible();
});

test('builds the tutorial policy by clicking, saves it and reopens the same rules', async ({ page }) => {
  await newEmptyPolicy(page);
  await page.getByRole('button', { name: 'Add rule' }).click();
  await page.getByRole('combobox', { name: 'Level' }).click();
  await page.getByRole('option', { name: /^Metadata/ }).click();
  const verbs = page.getByRole('group', { name: 'Verbs' });
  await verbs.getByRole('button', { name: 'delete', exact: true }).click();
  await verbs.getByRole('button', { name: 'get', exact: true }).click();
  await page.getByRole('button', { name: 'Add API group' }).click();
  await addChip(page, 'Resources', 'secrets');
  await addChip(page, 'Resources', 'configmaps');

  await expect
    .poll(async () => parse(await yamlText(page)))
    .toEqual({
      apiVersion: 'audit.k8s.io/v1',
      kind: 'Policy',
      rules: [
        {
          level: 'Metadata',
          verbs: ['delete', 'get'],
          resources: [{ group: '', resources: ['secrets', 'configmaps'] }],
        },
      ],
    });

  await page.getByRole('button', { name: 'Add rule' }).click();
  await expect(page.getByRole('listitem', { name: /^Rule 2: Metadata .*catch-all/ })).toBeVisible();
  const expected = {
    apiVersion: 'audit.k8s.io/v1',
    kind: 'Policy',
    rules: [
      { level: 'Metadata', verbs: ['delete', 'get'], resources: [{ group: '', resources: ['secrets', 'configmaps'] }] },
      { level: 'Metadata' },
    ],
  };
  await expect.poll(async () => parse(await yamlText(page))).toEqual(expected);
  await expect(page.getByLabel('Unsaved changes')).toBeVisible();
  await setTheme(page, 'light');
  await screenshot(page, 'policy-builder-light');
  await setTheme(page, 'dark');
  await screenshot(page, 'policy-builder-dark');
  await setTheme(page, 'light');

  const downloadPromise = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  const download = await downloadPromise;
  const savedPath = await download.path();
  const saved = readFileSync(savedPath, 'utf8');
  expect(parse(saved)).toEqual(expected);
  await expect(page.getByLabel('Unsaved changes')).toHaveCount(0);

  await newEmptyPolicy(page);
  await expect(page.getByRole('list', { name: 'Policy rules' }).getByRole('listitem')).toHaveCount(0);
  await page
    .getByTestId('policy-file-input')
    .setInputFiles({ name: 'audit-policy.yaml', mimeType: 'application/yaml', buffer: Buffer.from(saved) });
  await expect(
    page.getByRole('listitem', { name: /^Rule 1: Metadata for delete, get on core secrets, configmaps/ }),
  ).toBeVisible();
  await expect(page.getByRole('listitem', { name: /^Rule 2: Metadata/ })).toBeVisible();
  expect(parse(await yamlText(page))).toEqual(expected);
});

test('YAML errors show the apiserver message as a marker and a problem, and clear when fixed', async ({ page }) => {
  await setYaml(page, 'apiVersion: audit.k8s.io/v1\nkind: Policy\nrules:\n  - level: ');
  await typeAtEnd(page, 'Foo');
  const apiserverMessage =
    'rules[0].level: Unsupported value: "Foo": supported values: "None", "Metadata", "Request", "RequestResponse"';
  const problems = page.getByRole('region', { name: 'Problems' });
  await expect(problems.getByText(apiserverMessage)).toBeVisible();
  await expect(page.locator('.monaco-editor .squiggly-error').first()).toBeAttached();

  await typeAtEnd(page, 'Metadata', 3);
  await expect(problems.getByText(apiserverMessage)).toHaveCount(0);
  await expect(page.locator('.monaco-editor .squiggly-error')).toHaveCount(0);

  await setYaml(page, 'apiVersion: audit.k8s.io/v1\nkind: Policy\nrules:\n  - level: Metadata\n    verb: ["get"]\n');
  await expect(problems.getByText(/unknown field.*verb.*verbs/i)).toBeVisible();
});

test('an audit.k8s.io/v1beta1 policy is refused and migrated in place with one click', async ({ page }) => {
  await setYaml(page, '# keep me\napiVersion: audit.k8s.io/v1beta1\nkind: Policy\nrules:\n  - level: Metadata\n');
  const problems = page.getByRole('region', { name: 'Problems' });
  await expect(problems.getByText(/v1beta1/).first()).toBeVisible();
  await problems.getByRole('button', { name: 'Migrate to audit.k8s.io/v1' }).click();
  await expect
    .poll(() => yamlText(page))
    .toBe('# keep me\napiVersion: audit.k8s.io/v1\nkind: Policy\nrules:\n  - level: Metadata\n');
  await expect(problems.getByText(/v1beta1/)).toHaveCount(0);
});

test('moving a catch-all rule to the top marks the later rules unreachable', async ({ page }) => {
  await setYaml(
    page,
    'apiVersion: audit.k8s.io/v1\nkind: Policy\nrules:\n  - level: None\n    nonResourceURLs: ["/healthz*"]\n  - level: Metadata\n    resources:\n      - group: ""\n        resources: ["secrets"]\n  - level: Metadata\n',
  );
  const problems = page.getByRole('region', { name: 'Problems' });
  await expect(page.getByRole('listitem', { name: /^Rule 3: .*catch-all/ })).toBeVisible();
  await expect(problems.getByText(/unreachable/i)).toHaveCount(0);
  await page.getByRole('button', { name: 'Move rule 3 up' }).click();
  await page.getByRole('button', { name: 'Move rule 2 up' }).click();
  await expect(page.getByRole('listitem', { name: /^Rule 1: .*catch-all/ })).toBeVisible();
  await expect(problems.getByText(/unreachable/i)).toHaveCount(2);
});

test('explain highlights the rule that decides a request', async ({ page }) => {
  await setYaml(
    page,
    'apiVersion: audit.k8s.io/v1\nkind: Policy\nrules:\n  - level: None\n    users: ["system:kube-proxy"]\n  - level: Metadata\n    resources:\n      - group: ""\n        resources: ["secrets"]\n  - level: RequestResponse\n',
  );
  await page.getByRole('tab', { name: 'Explain' }).click();
  await page.getByLabel('Request', { exact: true }).fill('GET /api/v1/namespaces/default/secrets/x');
  await page.getByLabel('User', { exact: true }).fill('dev-user');
  await page.getByRole('button', { name: 'Explain', exact: true }).click();
  await expect(page.getByTestId('explain-result')).toContainText('Rule 2 matched');
  await expect(page.locator('[data-rule-index="1"][data-highlighted="true"]')).toBeVisible();
  await expect(page.getByTestId('explain-result')).toContainText(/Rule 1: .*users/);
  await screenshot(page, 'policy-explain');
});
