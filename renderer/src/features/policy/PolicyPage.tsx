// The Policy section: rule list, rule editor and live YAML side by side, problems and explain below.
import { Alert, Badge, Box, Paper, Tab, Tabs } from '@mui/material';
import { useCallback, useEffect, useMemo, useRef, useState, type DragEvent } from 'react';
import { migratePolicyText } from '../../../../shared/policy/migrate.ts';
import { isCatchAll } from '../../../../shared/policy/summary.ts';
import type { Diagnostic, KubeVersion, PolicyEdit, PolicyRule } from '../../../../shared/policy/types.ts';
import { parseKubeVersion, formatKubeVersion } from '../../../../shared/policy/version.ts';
import { api, errorMessage } from '../../api/client.ts';
import { useSettings } from '../../shell/useSettings.ts';
import { subscribeIntent } from '../../state/intents.ts';
import { publishPolicyDraft } from '../../state/policy-draft.ts';
import { analyzePolicy } from './analysis.ts';
import { ExplainPanel } from './ExplainPanel.tsx';
import {
  downloadText,
  openWithNativeDialog,
  readPickedFile,
  saveWithNativeDialog,
  type PolicyFile,
} from './policy-files.ts';
import { PolicySettings } from './PolicySettings.tsx';
import { PolicyToolbar } from './PolicyToolbar.tsx';
import { PresetsDialog } from './PresetsDialog.tsx';
import { ProblemsPanel } from './ProblemsPanel.tsx';
import { RuleEditor } from './RuleEditor.tsx';
import { LabPanel } from './lab/LabPanel.tsx';
import { RuleList, type RuleStats } from './RuleList.tsx';
import { useLastGoodPolicy, usePolicyDocument, EMPTY_POLICY } from './usePolicyDocument.ts';
import { YamlEditor, type YamlEditorHandle } from './YamlEditor.tsx';

type BottomTab = 'problems' | 'explain' | 'lab';
type MiddleTab = 'rule' | 'policy';

export default function PolicyPage() {
  const doc = usePolicyDocument(EMPTY_POLICY);
  const { settings, update } = useSettings();
  const version = useMemo(() => safeVersion(settings.kubernetesVersion), [settings.kubernetesVersion]);
  const analysis = useMemo(() => analyzePolicy(doc.text, version), [doc.text, version]);
  const policy = useLastGoodPolicy(analysis.loaded.policy);
  const broken = analysis.loaded.policy === null;
  const rules = policy?.rules ?? [];

  const [selectedIndex, setSelected] = useState<number | null>(null);
  // A rule removed by a YAML edit must not stay selected.
  const selected = selectedIndex !== null && selectedIndex < rules.length ? selectedIndex : null;
  const [highlighted, setHighlighted] = useState<number | null>(null);
  const [bottomTab, setBottomTab] = useState<BottomTab>('problems');
  const [labStats, setLabStats] = useState<Map<number, RuleStats>>();
  const [middleTab, setMiddleTab] = useState<MiddleTab>('rule');
  const [presetsOpen, setPresetsOpen] = useState(false);
  const [fileError, setFileError] = useState<string | null>(null);
  const [nativeDialogs, setNativeDialogs] = useState(false);
  const yamlRef = useRef<YamlEditorHandle>(null);
  const fileInput = useRef<HTMLInputElement>(null);

  useEffect(() => {
    api.call('app.info', {}).then(
      (info) => setNativeDialogs(info.capabilities.nativeDialogs),
      () => undefined,
    );
  }, []);
  useEffect(() => publishPolicyDraft(doc.text), [doc.text]);
  useEffect(() => subscribeIntent('open-preset-gallery', () => setPresetsOpen(true)), []);

  // Unsaved-changes prompt when the window or tab is closed.
  useEffect(() => {
    if (!doc.dirty) return;
    const onBeforeUnload = (event: BeforeUnloadEvent) => event.preventDefault();
    window.addEventListener('beforeunload', onBeforeUnload);
    return () => window.removeEventListener('beforeunload', onBeforeUnload);
  }, [doc.dirty]);

  // Undo/redo from the keyboard outside text fields (Monaco and inputs keep their own).
  const { undo, redo } = doc;
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const target = event.target as HTMLElement | null;
      if (target?.closest('input, textarea, .monaco-editor, [contenteditable="true"]')) return;
      if (!(event.ctrlKey || event.metaKey) || event.key.toLowerCase() !== 'z') return;
      event.preventDefault();
      if (event.shiftKey) redo();
      else undo();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [undo, redo]);

  const edit = useCallback(
    (edits: PolicyEdit[]) => {
      try {
        doc.edit(edits);
        setFileError(null);
      } catch (error) {
        setFileError(`That edit could not be applied to the YAML: ${errorMessage(error)}`);
      }
    },
    [doc],
  );

  const confirmDiscard = () => !doc.dirty || window.confirm('Discard the unsaved changes to this policy?');

  const loadFile = (file: PolicyFile) => {
    doc.load(file.text, { name: file.name, path: file.path });
    setSelected(file.text.trim() ? 0 : null);
    setHighlighted(null);
  };

  const onOpen = async () => {
    if (!confirmDiscard()) return;
    setFileError(null);
    if (nativeDialogs) {
      try {
        const file = await openWithNativeDialog();
        if (file) loadFile(file);
      } catch (error) {
        setFileError(errorMessage(error));
      }
    } else {
      fileInput.current?.click();
    }
  };

  const onSave = async (saveAs: boolean) => {
    setFileError(null);
    if (nativeDialogs) {
      try {
        const saved = await saveWithNativeDialog(doc.text, doc.file, saveAs);
        if (saved) doc.markSaved(doc.text, { name: saved.name, path: saved.path });
      } catch (error) {
        setFileError(errorMessage(error));
      }
    } else {
      let name = doc.file.name;
      if (saveAs) {
        const answer = window.prompt('Save as', name);
        if (!answer) return;
        name = answer;
      }
      downloadText(doc.text, name);
      doc.markSaved(doc.text, { name });
    }
  };

  const onPicked = async (input: HTMLInputElement) => {
    const file = input.files?.[0];
    input.value = '';
    if (!file) return;
    try {
      loadFile(await readPickedFile(file));
    } catch (error) {
      setFileError(errorMessage(error));
    }
  };

  const onDrop = async (event: DragEvent) => {
    const file = event.dataTransfer.files[0];
    if (!file) return;
    event.preventDefault();
    if (!confirmDiscard()) return;
    try {
      loadFile(await readPickedFile(file));
    } catch (error) {
      setFileError(errorMessage(error));
    }
  };

  const reveal = (diagnostic: Diagnostic) => {
    const rule =
      diagnostic.rule ?? (diagnostic.path ? Number(/^rules\[(\d+)\]/.exec(diagnostic.path)?.[1] ?? NaN) : NaN);
    if (Number.isInteger(rule)) {
      setSelected(rule);
      setMiddleTab('rule');
    }
    if (diagnostic.range) yamlRef.current?.revealLine(diagnostic.range.start.line, diagnostic.range.start.column);
  };

  const setRuleField = <K extends keyof PolicyRule>(index: number, field: K, value: PolicyRule[K]) =>
    edit([{ op: 'setRuleField', index, field, value }]);

  const selectedRule = selected !== null ? rules[selected] : undefined;
  const endsWithCatchAll = rules.length > 0 && isCatchAll(rules[rules.length - 1]!);

  return (
    <Box
      sx={{ display: 'flex', flexDirection: 'column', flex: 1, minHeight: 0, gap: 1.5, p: 1.5 }}
      onDragOver={(event) => {
        if (event.dataTransfer.types.includes('Files')) event.preventDefault();
      }}
      onDrop={(event) => void onDrop(event)}
    >
      <input
        ref={fileInput}
        type="file"
        accept=".yaml,.yml,.json,text/yaml,application/json"
        hidden
        aria-label="Open policy file"
        data-testid="policy-file-input"
        onChange={(event) => void onPicked(event.target)}
      />
      <PolicyToolbar
        fileName={doc.file.name}
        dirty={doc.dirty}
        valid={analysis.loaded.valid}
        errorCount={analysis.errorCount}
        warningCount={analysis.warningCount}
        versionLabel={formatKubeVersion(version)}
        canUndo={doc.canUndo}
        canRedo={doc.canRedo}
        onNew={() => confirmDiscard() && setPresetsOpen(true)}
        onOpen={() => void onOpen()}
        onSave={() => void onSave(false)}
        onSaveAs={() => void onSave(true)}
        onUndo={doc.undo}
        onRedo={doc.redo}
      />
      {fileError && (
        <Alert severity="error" onClose={() => setFileError(null)}>
          {fileError}
        </Alert>
      )}
      {broken && (
        <Alert severity="warning" variant="outlined">
          The YAML does not parse right now ({analysis.diagnostics[0]?.message ?? 'syntax error'}). The builder shows
          the last valid state until it does.
        </Alert>
      )}
      <Box
        sx={{
          display: 'grid',
          gridTemplateColumns: 'minmax(320px, 1fr) minmax(340px, 1.05fr) minmax(360px, 1.15fr)',
          gap: 1.5,
          flex: 1,
          minHeight: 0,
        }}
      >
        <Box sx={{ display: 'flex', flexDirection: 'column', minHeight: 0 }}>
          <RuleList
            stats={labStats}
            rules={rules}
            selected={selected}
            highlighted={highlighted}
            problems={analysis.byRule}
            disabled={broken}
            onSelect={(index) => {
              setSelected(index);
              setMiddleTab('rule');
              const line = analysis.loaded.ruleLine(index);
              if (line) yamlRef.current?.revealLine(line);
            }}
            onAdd={() => {
              edit([
                {
                  op: 'addRule',
                  index: endsWithCatchAll ? rules.length - 1 : rules.length,
                  rule: { level: 'Metadata' },
                },
              ]);
              setSelected(endsWithCatchAll ? rules.length - 1 : rules.length);
              setMiddleTab('rule');
            }}
            onMove={(from, to) => edit([{ op: 'moveRule', from, to }])}
            onDuplicate={(index) => {
              edit([{ op: 'addRule', index: index + 1, rule: compactRule(rules[index]!) }]);
              setSelected(index + 1);
            }}
            onDelete={(index) => {
              edit([{ op: 'removeRule', index }]);
              setHighlighted(null);
            }}
          />
        </Box>
        <Box sx={{ display: 'flex', flexDirection: 'column', minHeight: 0, gap: 1 }}>
          <Tabs
            value={middleTab}
            onChange={(_event, value: MiddleTab) => setMiddleTab(value)}
            sx={{ minHeight: 36 }}
            aria-label="Editor"
          >
            <Tab value="rule" label={selectedRule ? `Rule ${selected! + 1}` : 'Rule'} sx={{ minHeight: 36 }} />
            <Tab value="policy" label="Policy settings" sx={{ minHeight: 36 }} />
          </Tabs>
          {middleTab === 'rule' &&
            (selectedRule && selected !== null ? (
              <RuleEditor
                key={selected}
                index={selected}
                rule={selectedRule}
                version={version}
                disabled={broken}
                onField={(field, value) => setRuleField(selected, field, value)}
              />
            ) : (
              <Paper variant="outlined" sx={{ p: 3, color: 'text.secondary', flex: 1 }}>
                {rules.length === 0
                  ? 'Add a rule to start, or pick a preset with "New policy".'
                  : 'Select a rule to edit it.'}
              </Paper>
            ))}
          {middleTab === 'policy' && policy && (
            <PolicySettings
              policy={policy}
              version={version}
              disabled={broken}
              onVersion={(next) => void update({ kubernetesVersion: formatKubeVersion(next) })}
              onOmitStages={(value) => edit([{ op: 'setPolicyField', field: 'omitStages', value }])}
              onOmitManagedFields={(value) =>
                edit([{ op: 'setPolicyField', field: 'omitManagedFields', value: value ? true : undefined }])
              }
            />
          )}
        </Box>
        <Paper
          variant="outlined"
          sx={{ display: 'flex', flexDirection: 'column', minHeight: 0, overflow: 'hidden' }}
          role="region"
          aria-label="Policy YAML"
        >
          <YamlEditor ref={yamlRef} text={doc.text} diagnostics={analysis.diagnostics} onType={doc.type} />
        </Paper>
      </Box>
      <Paper
        variant="outlined"
        sx={{ height: bottomTab === 'lab' ? 380 : 260, display: 'flex', flexDirection: 'column', minHeight: 0 }}
      >
        <Tabs
          value={bottomTab}
          onChange={(_event, value: BottomTab) => setBottomTab(value)}
          sx={{ minHeight: 36, borderBottom: 1, borderColor: 'divider' }}
          aria-label="Panels"
        >
          <Tab
            value="problems"
            sx={{ minHeight: 36 }}
            label={
              <Badge
                color={analysis.errorCount > 0 ? 'error' : 'warning'}
                badgeContent={analysis.diagnostics.length}
                max={999}
                sx={{ pr: 1.5 }}
              >
                Problems
              </Badge>
            }
          />
          <Tab value="explain" label="Explain" sx={{ minHeight: 36 }} />
          <Tab value="lab" label="Lab" sx={{ minHeight: 36 }} />
        </Tabs>
        <Box sx={{ flex: 1, minHeight: 0, overflow: 'auto' }}>
          {/* Panels stay mounted so a Lab replay or an explanation survives switching tabs. */}
          <Box sx={{ display: bottomTab === 'problems' ? 'block' : 'none' }}>
            <Box role="region" aria-label="Problems">
              <ProblemsPanel
                onMigrate={() => {
                  try {
                    doc.replace(migratePolicyText(doc.text).text);
                  } catch (error) {
                    setFileError(errorMessage(error));
                  }
                }}
                diagnostics={analysis.diagnostics}
                onReveal={reveal}
                onFix={(diagnostic) => diagnostic.fix && edit(diagnostic.fix.edits)}
              />
            </Box>
          </Box>
          <Box sx={{ display: bottomTab === 'explain' ? 'block' : 'none', height: '100%' }}>
            <ExplainPanel policy={analysis.loaded.policy} version={version} onHighlight={setHighlighted} />
          </Box>
          <Box sx={{ display: bottomTab === 'lab' ? 'block' : 'none', height: '100%' }}>
            <LabPanel
              policyText={doc.text}
              kubeVersion={formatKubeVersion(version)}
              disabled={broken}
              active={bottomTab === 'lab'}
              onInsertRule={(index, rule) => edit([{ op: 'addRule', index, rule }])}
              onStats={setLabStats}
              onSelectRule={(index) => {
                setSelected(index);
                setMiddleTab('rule');
              }}
            />
          </Box>
        </Box>
      </Paper>
      <PresetsDialog
        open={presetsOpen}
        onClose={() => setPresetsOpen(false)}
        onPick={(preset) => {
          setPresetsOpen(false);
          loadFile(
            preset
              ? { name: `${preset.id}.yaml`, text: preset.yaml }
              : { name: 'audit-policy.yaml', text: EMPTY_POLICY },
          );
          if (!preset) setSelected(null);
        }}
      />
    </Box>
  );
}

function safeVersion(text: string): KubeVersion {
  try {
    return parseKubeVersion(text);
  } catch {
    return parseKubeVersion(undefined);
  }
}

/** The fields of a rule that are set, for duplicating it. */
function compactRule(rule: PolicyRule): Partial<PolicyRule> & { level: string } {
  const copy: Partial<PolicyRule> & { level: string } = { level: rule.level };
  for (const key of [
    'users',
    'userGroups',
    'verbs',
    'resources',
    'namespaces',
    'nonResourceURLs',
    'omitStages',
  ] as const) {
    if (rule[key].length > 0) (copy as Record<string, unknown>)[key] = structuredClone(rule[key]);
  }
  if (rule.omitManagedFields !== undefined) copy.omitManagedFields = rule.omitManagedFields;
  return copy;
}
