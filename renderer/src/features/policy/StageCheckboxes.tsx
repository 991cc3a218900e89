import { Checkbox, FormControl, FormControlLabel, FormGroup, FormHelperText, FormLabel } from '@mui/material';
import { STAGES } from '../../../../shared/policy/types.ts';

const STAGE_HELP: Record<string, string> = {
  RequestReceived: 'before the request is handled (omitting it halves volume)',
  ResponseStarted: 'long-running requests, and every 401 (keep it)',
  ResponseComplete: 'when the response is done',
  Panic: 'when the handler panicked',
};

export function StageCheckboxes({
  label,
  value,
  onChange,
  disabled,
  helperText,
}: {
  label: string;
  value: string[];
  onChange(value: string[]): void;
  disabled?: boolean;
  helperText?: string;
}) {
  return (
    <FormControl component="fieldset" disabled={disabled}>
      <FormLabel component="legend" sx={{ fontSize: 13 }}>
        {label}
      </FormLabel>
      <FormGroup row>
        {STAGES.map((stage) => (
          <FormControlLabel
            key={stage}
            title={STAGE_HELP[stage]}
            control={
              <Checkbox
                size="small"
                checked={value.includes(stage)}
                onChange={(event) =>
                  onChange(event.target.checked ? [...value, stage] : value.filter((s) => s !== stage))
                }
              />
            }
            label={stage}
            slotProps={{ typography: { variant: 'body2' } }}
          />
        ))}
      </FormGroup>
      {helperText && <FormHelperText>{helperText}</FormHelperText>}
    </FormControl>
  );
}
