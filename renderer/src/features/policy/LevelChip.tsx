import { Chip, useTheme } from '@mui/material';
import { levelColor } from '../../shell/theme.ts';

export function LevelChip({ level, size = 'small' }: { level: string; size?: 'small' | 'medium' }) {
  const theme = useTheme();
  const color = levelColor(level, theme.palette.mode);
  return (
    <Chip
      size={size}
      label={level || 'no level'}
      variant="outlined"
      sx={{ color, borderColor: color, fontWeight: 600, minWidth: 84, bgcolor: `${color}14` }}
    />
  );
}
