// "Which rule decides this request, and why not the ones before it?" — by form, URL or pasted audit event.
import { Alert, Box, Button, Checkbox, FormControlLabel, Stack, Tab, Tabs, TextField, Typography } from '@mui/material';
import { useState } from 'react';
import { explainEvaluation, type Explanation } from '../../../../shared/policy/explain.ts';
import type { KubeVersion, Policy, RequestAttributes } from '../../../../shared/policy/types.ts';
import {
  attributesFromEventText,
  attributesFromForm,
  attributesFromUrlLine,
  EMPTY_FORM,
  type ExplainForm,
} from './explain-input.ts';
import { LevelChip } from './LevelChip.tsx';

interface Props {
  policy: Policy | null;
  version: KubeVersion;
  onHighlight(rule: number | null): void;
}

type Mode = 'url' | 'form' | 'event';

export function ExplainPanel({ policy, version, onHighlight }: Props) {
  const [mode, setMode] = useState<Mode>('url');
  const [urlLine, setUrlLine] = useState('GET /api/v1/namespaces/default/secrets/x');
  const [user, setUser] = useState('dev-user');
  const [groups, setGroups] = useState('system:authenticated');
  const [eventText, setEventText] = useState('');
  const [form, setForm] = useState<ExplainForm>(EMPTY_FORM);
  const [result, setResult] = useState<{ explanation: Explanation; request: RequestAttributes } | null>(null);
  const [error, setError] = useState<string | null>(null);

  const explain = () => {
    if (!policy) return;
    try {
      const request =
        mode === 'url'
          ? attributesFromUrlLine(urlLine, user, groups)
          : mode === 'event'
            ? attributesFromEventText(eventText)
            : attributesFromForm(form);
      const explanation = explainEvaluation(policy, request, version);
      setResult({ explanation, request });
      setError(null);
      onHighlight(explanation.result.rule === -1 ? null : explanation.result.rule);
    } catch (caught) {
      setError((caught as Error).message);
      setResult(null);
      onHighlight(null);
    }
  };
  const field = (key: keyof ExplainForm, label: string) => (
    <TextField
      size="small"
      label={label}
      value={form[key] as string}
      onChange={(event) => setForm({ ...form, [key]: event.target.value })}
    />
  );

  return (
    <Box
      sx={{ display: 'flex', gap: 3, p: 1.5, minHeight: 0, height: '100%', boxSizing: 'border-box' }}
      component="section"
      aria-label="Explain"
    >
      <Box sx={{ flex: 1, minWidth: 0 }}>
        <Tabs
          value={mode}
          onChange={(_event, value: Mode) => setMode(value)}
          sx={{ minHeight: 36, mb: 1 }}
          aria-label="Describe the request by"
        >
          <Tab value="url" label="URL" sx={{ minHeight: 36 }} />
          <Tab value="form" label="Form" sx={{ minHeight: 36 }} />
          <Tab value="event" label="Audit event" sx={{ minHeight: 36 }} />
        </Tabs>
        {mode === 'url' && (
          <Stack spacing={1.5}>
            <TextField
              size="small"
              label="Request"
              value={urlLine}
              onChange={(event) => setUrlLine(event.target.value)}
              fullWidth
              placeholder="GET /api/v1/namespaces/prod/secrets/db"
            />
            <Stack direction="row" spacing={1}>
              <TextField
                size="small"
                label="User"
                value={user}
                onChange={(event) => setUser(event.target.value)}
                sx={{ flex: 1 }}
                placeholder="empty: failed authentication"
              />
              <TextField
                size="small"
                label="Groups"
                value={groups}
                onChange={(event) => setGroups(event.target.value)}
                sx={{ flex: 1 }}
                placeholder="comma-separated"
              />
            </Stack>
          </Stack>
        )}
        {mode === 'form' && (
          <Stack spacing={1}>
            <Stack direction="row" spacing={1}>
              {field('user', 'User')}
              {field('groups', 'Groups')}
              {field('verb', 'Verb')}
              <FormControlLabel
                control={
                  <Checkbox
                    size="small"
                    checked={form.noUser}
                    onChange={(event) => setForm({ ...form, noUser: event.target.checked })}
                  />
                }
                label="No user (401)"
              />
            </Stack>
            <FormControlLabel
              control={
                <Checkbox
                  size="small"
                  checked={form.nonResource}
                  onChange={(event) => setForm({ ...form, nonResource: event.target.checked })}
                />
              }
              label="Non-resource request"
            />
            {form.nonResource ? (
              field('path', 'Path')
            ) : (
              <Stack direction="row" spacing={1}>
                {field('apiGroup', 'API group')}
                {field('resource', 'Resource')}
                {field('subresource', 'Subresource')}
                {field('namespace', 'Namespace')}
                {field('name', 'Name')}
              </Stack>
            )}
          </Stack>
        )}
        {mode === 'event' && (
          <TextField
            size="small"
            multiline
            minRows={3}
            maxRows={6}
            fullWidth
            label="Audit event (one JSON line)"
            value={eventText}
            onChange={(event) => setEventText(event.target.value)}
          />
        )}
        <Button sx={{ mt: 1 }} variant="contained" size="small" onClick={explain} disabled={!policy}>
          Explain
        </Button>
      </Box>
      <Box sx={{ flex: 1, minWidth: 0, overflow: 'auto' }} aria-live="polite">
        {error && <Alert severity="error">{error}</Alert>}
        {result && (
          <Box data-testid="explain-result">
            <Stack direction="row" spacing={1} sx={{ alignItems: 'center', mb: 1 }}>
              <LevelChip level={result.explanation.result.level} />
              <Typography variant="body2" sx={{ fontWeight: 600 }}>
                {result.explanation.result.rule === -1
                  ? 'No rule matched'
                  : `Rule ${result.explanation.result.rule + 1} matched`}
              </Typography>
              {result.explanation.result.omitStages.length > 0 && (
                <Typography variant="caption" color="text.secondary">
                  omits {result.explanation.result.omitStages.join(', ')}
                </Typography>
              )}
            </Stack>
            <Typography variant="caption" color="text.secondary" component="p" sx={{ mb: 1, fontFamily: 'monospace' }}>
              {describeRequest(result.request)}
            </Typography>
            {result.explanation.rules.map((rule) => (
              <Typography
                key={rule.rule}
                variant="body2"
                sx={{ color: rule.matched ? 'success.main' : 'text.secondary' }}
              >
                {rule.matched ? '✓' : '✗'} Rule {rule.rule + 1}: {rule.reason}
              </Typography>
            ))}
          </Box>
        )}
      </Box>
    </Box>
  );
}

function describeRequest(request: RequestAttributes): string {
  const who =
    request.user === null
      ? 'no user'
      : `user ${request.user}${request.groups.length ? ` (${request.groups.join(', ')})` : ''}`;
  if (!request.isResourceRequest) return `${request.verb} ${request.path} — ${who}`;
  const resource = request.subresource ? `${request.resource}/${request.subresource}` : request.resource;
  return `${request.verb} ${request.apiGroup || 'core'}/${resource}${request.name ? ` ${request.name}` : ''}${request.namespace ? ` in ${request.namespace}` : ''} — ${who}`;
}
