// Which events the lab replays: the log explorer's open sources, the bundled sample, or files on the backend machine.
import { Button, MenuItem, Stack, TextField } from '@mui/material';
import { useState } from 'react';
import type { LabSource } from '../../../../../shared/ipc/contract/lab.ts';

export type LabSourceChoice = 'session' | 'sample' | 'paths';

interface Props {
  choice: LabSourceChoice;
  /** How many sources the log explorer has open (0: the option says so). */
  explorerSources: number;
  paths: string[];
  disabled?: boolean;
  onChoice(choice: LabSourceChoice): void;
  onPaths(paths: string[]): void;
}

export function LabSourcePicker({ choice, explorerSources, paths, disabled, onChoice, onPaths }: Props) {
  const [draft, setDraft] = useState(paths.join(', '));
  const apply = () =>
    onPaths(
      draft
        .split(/[,\n]/)
        .map((path) => path.trim())
        .filter(Boolean),
    );
  return (
    <Stack direction="row" spacing={1} sx={{ alignItems: 'center', flexWrap: 'wrap', rowGap: 1 }}>
      <TextField
        select
        size="small"
        label="Sample"
        value={choice}
        disabled={disabled}
        onChange={(event) => onChoice(event.target.value as LabSourceChoice)}
        sx={{ minWidth: 230 }}
        slotProps={{ htmlInput: { 'aria-label': 'Sample to replay' } }}
      >
        <MenuItem value="session" disabled={explorerSources === 0}>
          {explorerSources === 0 ? 'Log explorer (nothing open)' : `Log explorer (${explorerSources} sources)`}
        </MenuItem>
        <MenuItem value="sample">Bundled sample log</MenuItem>
        <MenuItem value="paths">Files on this machine…</MenuItem>
      </TextField>
      {choice === 'paths' && (
        <>
          <TextField
            size="small"
            label="Log files or folders (absolute paths, comma-separated)"
            value={draft}
            onChange={(event) => setDraft(event.target.value)}
            onKeyDown={(event) => {
              if (event.key === 'Enter') apply();
            }}
            sx={{ minWidth: 380, flex: 1 }}
            placeholder="/var/log/kubernetes/audit/audit.log"
          />
          <Button variant="outlined" size="small" onClick={apply} disabled={draft.trim() === ''}>
            Replay
          </Button>
        </>
      )}
    </Stack>
  );
}

export function labSourceOf(choice: LabSourceChoice, sessionId: string, paths: string[]): LabSource | null {
  if (choice === 'sample') return { kind: 'sample' };
  if (choice === 'session') return { kind: 'session', sessionId };
  return paths.length > 0 ? { kind: 'paths', paths } : null;
}
