// Every field of the selected PolicyRule. Fields that cannot be combined are disabled with the reason.
import {
  Alert,
  Box,
  FormControl,
  InputLabel,
  MenuItem,
  Paper,
  Select,
  Stack,
  ToggleButton,
  ToggleButtonGroup,
  Typography,
} from '@mui/material';
import {
  COMMON_NON_RESOURCE_URLS,
  COMMON_USER_GROUPS,
  COMMON_USERS,
  STANDARD_VERBS,
} from '../../../../shared/policy/catalogue.ts';
import { LEVELS, type KubeVersion, type PolicyRule } from '../../../../shared/policy/types.ts';
import { ChipListField } from './ChipListField.tsx';
import { ResourceGroupsEditor } from './ResourceGroupsEditor.tsx';
import { StageCheckboxes } from './StageCheckboxes.tsx';

const LEVEL_HELP: Record<string, string> = {
  None: 'nothing is logged',
  Metadata: 'who, what, when, result — no bodies',
  Request: 'metadata and the request body',
  RequestResponse: 'metadata, request and response bodies',
};

interface Props {
  index: number;
  rule: PolicyRule;
  version: KubeVersion;
  disabled: boolean;
  onField<K extends keyof PolicyRule>(field: K, value: PolicyRule[K]): void;
}

export function RuleEditor({ index, rule, version, disabled, onField }: Props) {
  const isNonResource = rule.nonResourceURLs.length > 0;
  const isResource = rule.resources.length > 0 || rule.namespaces.length > 0;
  const otherVerbs = rule.verbs.filter((verb) => !(STANDARD_VERBS as readonly string[]).includes(verb));
  const managedFields = rule.omitManagedFields === undefined ? 'unset' : String(rule.omitManagedFields);

  return (
    <Paper
      variant="outlined"
      sx={{ p: 2, overflow: 'auto', flex: 1, minHeight: 0 }}
      aria-label={`Rule ${index + 1} editor`}
      component="section"
    >
      <Typography variant="subtitle1" component="h2" sx={{ fontWeight: 600, mb: 2 }}>
        Rule {index + 1}
      </Typography>
      <Stack spacing={2.5}>
        <FormControl size="small" disabled={disabled}>
          <InputLabel id={`level-${index}`}>Level</InputLabel>
          <Select
            labelId={`level-${index}`}
            label="Level"
            value={LEVELS.includes(rule.level as never) ? rule.level : ''}
            onChange={(event) => onField('level', event.target.value)}
          >
            {LEVELS.map((level) => (
              <MenuItem key={level} value={level}>
                <Box>
                  <Typography variant="body2">{level}</Typography>
                  <Typography variant="caption" color="text.secondary">
                    {LEVEL_HELP[level]}
                  </Typography>
                </Box>
              </MenuItem>
            ))}
          </Select>
        </FormControl>

        <Box>
          <Typography variant="body2" color="text.secondary" sx={{ mb: 0.75 }} id={`verbs-label-${index}`}>
            Verbs {rule.verbs.length === 0 && '— none selected: every verb'}
          </Typography>
          <ToggleButtonGroup
            size="small"
            aria-label="Verbs"
            disabled={disabled}
            value={rule.verbs}
            onChange={(_event, next: string[]) =>
              onField('verbs', [
                ...rule.verbs.filter((v) => next.includes(v)),
                ...next.filter((v) => !rule.verbs.includes(v)),
              ])
            }
            sx={{ flexWrap: 'wrap' }}
          >
            {STANDARD_VERBS.map((verb) => (
              <ToggleButton key={verb} value={verb} sx={{ textTransform: 'none', px: 1.25 }}>
                {verb}
              </ToggleButton>
            ))}
          </ToggleButtonGroup>
          <Box sx={{ mt: 1 }}>
            <ChipListField
              label="Other verbs"
              values={otherVerbs}
              disabled={disabled}
              suggestions={[
                { value: 'proxy', description: 'deprecated /proxy/ paths' },
                { value: 'post', description: 'non-resource POST' },
                { value: 'head', description: 'non-resource HEAD' },
                { value: 'put', description: 'non-resource PUT' },
              ]}
              placeholder="free entry"
              onChange={(values) =>
                onField('verbs', [
                  ...rule.verbs.filter((v) => (STANDARD_VERBS as readonly string[]).includes(v)),
                  ...values,
                ])
              }
            />
          </Box>
        </Box>

        <Box>
          <Typography variant="body2" color="text.secondary" sx={{ mb: 1 }}>
            Resources {rule.resources.length === 0 && !isNonResource && '— none: every resource of every group'}
          </Typography>
          {isNonResource ? (
            <Alert severity="info" variant="outlined">
              This rule lists non-resource URLs, so it cannot also name resources or namespaces (the apiserver rejects
              rules that apply to both). Remove the URLs to edit resources.
            </Alert>
          ) : (
            <ResourceGroupsEditor
              value={rule.resources}
              version={version}
              disabled={disabled}
              onChange={(value) => onField('resources', value)}
            />
          )}
        </Box>

        <ChipListField
          label="Namespaces"
          values={rule.namespaces}
          disabled={disabled || isNonResource}
          helperText={
            isNonResource
              ? 'Not with non-resource URLs.'
              : 'Exact names. "" matches cluster-scoped requests and all-namespace lists. * is literal, not a wildcard.'
          }
          suggestions={[
            { value: 'kube-system', description: 'control-plane components' },
            { value: 'kube-public', description: 'public bootstrap data' },
            { value: '', description: 'cluster-scoped objects and all-namespace list/watch' },
          ]}
          onChange={(value) => onField('namespaces', value)}
        />
        <ChipListField
          label="Users"
          values={rule.users}
          disabled={disabled}
          helperText="Authenticated user names (the impersonator, not the impersonated user). Requests that failed authentication have no user and never match."
          suggestions={COMMON_USERS}
          onChange={(value) => onField('users', value)}
        />
        <ChipListField
          label="User groups"
          values={rule.userGroups}
          disabled={disabled}
          helperText="Matches when any of the user's groups is listed."
          suggestions={COMMON_USER_GROUPS}
          onChange={(value) => onField('userGroups', value)}
        />
        <ChipListField
          label="Non-resource URLs"
          values={rule.nonResourceURLs}
          disabled={disabled || isResource}
          helperText={
            isResource
              ? 'Not with resources or namespaces: a rule is either a resource rule or a URL rule.'
              : 'Paths like /healthz*: * alone matches all; a trailing * is a plain string prefix.'
          }
          suggestions={COMMON_NON_RESOURCE_URLS}
          onChange={(value) => onField('nonResourceURLs', value)}
        />
        <StageCheckboxes
          label="Omit stages (added to the policy's)"
          value={rule.omitStages}
          disabled={disabled}
          onChange={(value) => onField('omitStages', value)}
        />
        <FormControl size="small" disabled={disabled}>
          <InputLabel id={`managed-${index}`}>Omit managed fields</InputLabel>
          <Select
            labelId={`managed-${index}`}
            label="Omit managed fields"
            value={managedFields}
            onChange={(event) =>
              onField('omitManagedFields', event.target.value === 'unset' ? undefined : event.target.value === 'true')
            }
          >
            <MenuItem value="unset">Unset — inherit the policy setting</MenuItem>
            <MenuItem value="true">true — strip metadata.managedFields from bodies</MenuItem>
            <MenuItem value="false">false — keep managedFields</MenuItem>
          </Select>
        </FormControl>
      </Stack>
    </Paper>
  );
}
