// Edits a rule's `resources`: a list of API groups, each with resources (and wildcard forms) and resource names.
import AddIcon from '@mui/icons-material/Add';
import CloseIcon from '@mui/icons-material/Close';
import { Autocomplete, Box, Button, IconButton, Paper, Stack, TextField, Tooltip, Typography } from '@mui/material';
import type { GroupResources, KubeVersion } from '../../../../shared/policy/types.ts';
import { ChipListField } from './ChipListField.tsx';
import { groupOptions, resourceOptions } from './resource-options.ts';

interface Props {
  value: GroupResources[];
  version: KubeVersion;
  disabled: boolean;
  onChange(value: GroupResources[]): void;
}

const groupLabel = (group: string) => (group === '' ? '"" (core)' : group);

export function ResourceGroupsEditor({ value, version, disabled, onChange }: Props) {
  const groups = groupOptions(version);
  const update = (index: number, patch: Partial<GroupResources>) =>
    onChange(value.map((entry, i) => (i === index ? { ...entry, ...patch } : entry)));
  return (
    <Stack spacing={1}>
      {value.map((entry, index) => (
        <Paper
          key={index}
          variant="outlined"
          sx={{ p: 1.5, bgcolor: 'background.default' }}
          role="group"
          aria-label={`Resource group ${index + 1}`}
        >
          <Stack spacing={1.5}>
            <Stack direction="row" spacing={1} sx={{ alignItems: 'center' }}>
              <Autocomplete<string, false, false, true>
                freeSolo
                size="small"
                disabled={disabled}
                sx={{ flex: 1 }}
                options={groups.map((g) => g.value)}
                value={entry.group}
                getOptionLabel={groupLabel}
                onChange={(_event, next) => update(index, { group: normalizeGroup(next ?? '') })}
                onInputChange={(_event, next, reason) => {
                  if (reason === 'input') update(index, { group: normalizeGroup(next) });
                }}
                renderOption={(optionProps, option) => {
                  const { key, ...rest } = optionProps;
                  return (
                    <Box component="li" key={key} {...rest} sx={{ display: 'block !important' }}>
                      <Typography variant="body2" sx={{ fontFamily: 'monospace' }}>
                        {groupLabel(option)}
                      </Typography>
                      <Typography variant="caption" color="text.secondary">
                        {groups.find((g) => g.value === option)?.description}
                      </Typography>
                    </Box>
                  );
                }}
                renderInput={(params) => (
                  <TextField
                    {...params}
                    label="API group"
                    helperText="Without version: apps, not apps/v1. Empty is the core group."
                  />
                )}
              />
              <Tooltip title="Remove this group">
                <span>
                  <IconButton
                    aria-label={`Remove resource group ${index + 1}`}
                    disabled={disabled}
                    onClick={() => onChange(value.filter((_, i) => i !== index))}
                  >
                    <CloseIcon fontSize="small" />
                  </IconButton>
                </span>
              </Tooltip>
            </Stack>
            <ChipListField
              label="Resources"
              values={entry.resources}
              suggestions={resourceOptions(entry.group, version)}
              disabled={disabled}
              placeholder="every resource of this group"
              onChange={(resources) => update(index, { resources })}
            />
            <ChipListField
              label="Resource names"
              values={entry.resourceNames}
              disabled={disabled || entry.resources.length === 0}
              helperText={
                entry.resources.length === 0
                  ? 'Needs at least one resource.'
                  : 'Object names from the URL: create has no name, so named rules never match create.'
              }
              placeholder="any name"
              onChange={(resourceNames) => update(index, { resourceNames })}
            />
          </Stack>
        </Paper>
      ))}
      <Box>
        <Button
          size="small"
          startIcon={<AddIcon />}
          disabled={disabled}
          onClick={() => onChange([...value, { group: '', resources: [], resourceNames: [] }])}
        >
          Add API group
        </Button>
      </Box>
    </Stack>
  );
}

/** The picker shows the core group as `"" (core)`; typing `""` also means the core group. */
function normalizeGroup(text: string): string {
  const trimmed = text.trim();
  return trimmed === '"" (core)' || trimmed === '""' ? '' : trimmed;
}
