// A list-of-strings field: chips with suggestions and free entry (Enter adds what was typed).
import { Autocomplete, Box, Chip, TextField, Typography } from '@mui/material';

export interface Suggestion {
  value: string;
  description?: string;
}

interface Props {
  label: string;
  values: string[];
  suggestions?: readonly Suggestion[];
  onChange(values: string[]): void;
  disabled?: boolean;
  helperText?: string;
  placeholder?: string;
}

/** Shown as `""` so an empty-string entry (e.g. "cluster-scoped" namespace) stays visible and editable. */
const display = (value: string) => (value === '' ? '""' : value);
const fromInput = (value: string) => (value.trim() === '""' ? '' : value.trim());

export function ChipListField({ label, values, suggestions = [], onChange, disabled, helperText, placeholder }: Props) {
  const descriptions = new Map(suggestions.map((s) => [s.value, s.description]));
  return (
    <Autocomplete<string, true, false, true>
      multiple
      freeSolo
      size="small"
      disabled={disabled}
      options={suggestions.map((s) => s.value).filter((value) => !values.includes(value))}
      value={values}
      onChange={(_event, next) =>
        onChange([...new Set(next.map((value) => (typeof value === 'string' ? fromInput(value) : value)))])
      }
      getOptionLabel={display}
      renderValue={(selected, getItemProps) =>
        selected.map((value, index) => {
          const { key, ...itemProps } = getItemProps({ index });
          return <Chip key={key} size="small" label={display(value)} {...itemProps} />;
        })
      }
      renderOption={(optionProps, option) => {
        const { key, ...rest } = optionProps;
        return (
          <Box component="li" key={key} {...rest} sx={{ display: 'block !important' }}>
            <Typography variant="body2" sx={{ fontFamily: 'monospace' }}>
              {display(option)}
            </Typography>
            {descriptions.get(option) && (
              <Typography variant="caption" color="text.secondary">
                {descriptions.get(option)}
              </Typography>
            )}
          </Box>
        );
      }}
      renderInput={(params) => (
        <TextField
          {...params}
          label={label}
          helperText={helperText}
          placeholder={values.length === 0 ? (placeholder ?? 'any') : undefined}
        />
      )}
    />
  );
}
