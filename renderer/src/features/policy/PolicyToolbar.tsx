// File and history actions for the builder, with the unsaved-changes indicator and the policy's status.
import FolderOpenIcon from '@mui/icons-material/FolderOpenOutlined';
import NoteAddIcon from '@mui/icons-material/NoteAddOutlined';
import RedoIcon from '@mui/icons-material/Redo';
import SaveIcon from '@mui/icons-material/SaveOutlined';
import UndoIcon from '@mui/icons-material/Undo';
import { Box, Button, Chip, Divider, IconButton, Paper, Stack, Tooltip, Typography } from '@mui/material';

interface Props {
  fileName: string;
  dirty: boolean;
  valid: boolean;
  errorCount: number;
  warningCount: number;
  versionLabel: string;
  canUndo: boolean;
  canRedo: boolean;
  onNew(): void;
  onOpen(): void;
  onSave(): void;
  onSaveAs(): void;
  onUndo(): void;
  onRedo(): void;
}

export function PolicyToolbar(props: Props) {
  return (
    <Paper
      variant="outlined"
      sx={{ px: 1.5, py: 0.75, display: 'flex', alignItems: 'center', gap: 1, flexWrap: 'wrap' }}
      component="div"
      role="toolbar"
      aria-label="Policy file"
    >
      <Button size="small" startIcon={<NoteAddIcon />} onClick={props.onNew}>
        New policy
      </Button>
      <Button size="small" startIcon={<FolderOpenIcon />} onClick={props.onOpen}>
        Open
      </Button>
      <Button size="small" startIcon={<SaveIcon />} onClick={props.onSave}>
        Save
      </Button>
      <Button size="small" onClick={props.onSaveAs}>
        Save as…
      </Button>
      <Divider orientation="vertical" flexItem />
      <Tooltip title="Undo (Ctrl+Z outside the editor)">
        <span>
          <IconButton size="small" aria-label="Undo" disabled={!props.canUndo} onClick={props.onUndo}>
            <UndoIcon fontSize="small" />
          </IconButton>
        </span>
      </Tooltip>
      <Tooltip title="Redo (Ctrl+Shift+Z outside the editor)">
        <span>
          <IconButton size="small" aria-label="Redo" disabled={!props.canRedo} onClick={props.onRedo}>
            <RedoIcon fontSize="small" />
          </IconButton>
        </span>
      </Tooltip>
      <Divider orientation="vertical" flexItem />
      <Typography variant="body2" sx={{ fontWeight: 600 }} data-testid="policy-file-name">
        {props.fileName}
      </Typography>
      {props.dirty && (
        <Typography variant="caption" color="warning.main" aria-label="Unsaved changes">
          ● unsaved
        </Typography>
      )}
      <Box sx={{ flex: 1 }} />
      <Stack direction="row" spacing={1}>
        <Chip
          size="small"
          color={props.valid ? 'success' : 'error'}
          variant="outlined"
          label={
            props.valid
              ? `Loads on Kubernetes ${props.versionLabel}`
              : `${props.errorCount} error${props.errorCount === 1 ? '' : 's'}: kube-apiserver would refuse it`
          }
        />
        {props.warningCount > 0 && (
          <Chip
            size="small"
            color="warning"
            variant="outlined"
            label={`${props.warningCount} warning${props.warningCount === 1 ? '' : 's'}`}
          />
        )}
      </Stack>
    </Paper>
  );
}
