// Errors and warnings from the engine; a click selects the rule and reveals the line, quick fixes apply at once.
import ErrorIcon from '@mui/icons-material/ErrorOutlineOutlined';
import InfoIcon from '@mui/icons-material/InfoOutlined';
import CheckIcon from '@mui/icons-material/TaskAlt';
import WarningIcon from '@mui/icons-material/WarningAmber';
import {
  Box,
  Button,
  Chip,
  List,
  ListItem,
  ListItemButton,
  ListItemIcon,
  ListItemText,
  Typography,
} from '@mui/material';
import { REMOVED_VERSION_CODE } from '../../../../shared/policy/loader.ts';
import type { Diagnostic } from '../../../../shared/policy/types.ts';

interface Props {
  diagnostics: Diagnostic[];
  onReveal(diagnostic: Diagnostic): void;
  onFix(diagnostic: Diagnostic): void;
  /** Converts a removed audit.k8s.io/v1alpha1 or v1beta1 policy to v1 (a text-level fix). */
  onMigrate(): void;
}

export function ProblemsPanel({ diagnostics, onReveal, onFix, onMigrate }: Props) {
  if (diagnostics.length === 0) {
    return (
      <Box sx={{ p: 2, display: 'flex', alignItems: 'center', gap: 1, color: 'success.main' }} role="status">
        <CheckIcon fontSize="small" />
        <Typography variant="body2">
          No problems: kube-apiserver will load this policy and the linter has nothing to say.
        </Typography>
      </Box>
    );
  }
  return (
    <List dense disablePadding aria-label="Problem list">
      {diagnostics.map((diagnostic, index) => {
        const Icon =
          diagnostic.severity === 'error' ? ErrorIcon : diagnostic.severity === 'warning' ? WarningIcon : InfoIcon;
        const color =
          diagnostic.severity === 'error'
            ? 'error.main'
            : diagnostic.severity === 'warning'
              ? 'warning.main'
              : 'info.main';
        return (
          <ListItem
            key={`${diagnostic.code}-${index}`}
            disablePadding
            secondaryAction={
              diagnostic.fix ? (
                <Button size="small" variant="outlined" onClick={() => onFix(diagnostic)}>
                  {diagnostic.fix.title}
                </Button>
              ) : diagnostic.code === REMOVED_VERSION_CODE ? (
                <Button size="small" variant="outlined" onClick={onMigrate}>
                  Migrate to audit.k8s.io/v1
                </Button>
              ) : undefined
            }
          >
            <ListItemButton
              onClick={() => onReveal(diagnostic)}
              sx={{ pr: diagnostic.fix || diagnostic.code === REMOVED_VERSION_CODE ? 28 : 2 }}
            >
              <ListItemIcon sx={{ minWidth: 32, color }}>
                <Icon fontSize="small" aria-label={diagnostic.severity} />
              </ListItemIcon>
              <ListItemText
                primary={diagnostic.message}
                secondary={
                  <Box component="span" sx={{ display: 'flex', gap: 1, alignItems: 'center', mt: 0.25 }}>
                    <Chip
                      component="span"
                      size="small"
                      label={diagnostic.code}
                      variant="outlined"
                      sx={{ height: 18, fontSize: 11 }}
                    />
                    {diagnostic.range && (
                      <span>
                        line {diagnostic.range.start.line}, column {diagnostic.range.start.column}
                      </span>
                    )}
                    {diagnostic.rule !== undefined && <span>rule {diagnostic.rule + 1}</span>}
                  </Box>
                }
                slotProps={{
                  primary: { variant: 'body2', sx: { wordBreak: 'break-word' } },
                  secondary: { component: 'span' },
                }}
              />
            </ListItemButton>
          </ListItem>
        );
      })}
    </List>
  );
}
