// Choose the table's columns.
import { Checkbox, ListItemText, Menu, MenuItem } from '@mui/material';
import { COLUMNS } from './table-columns.tsx';

interface Props {
  anchor: HTMLElement | null;
  columns: string[];
  onClose(): void;
  onChange(columns: string[]): void;
}

export function ColumnsMenu({ anchor, columns, onClose, onChange }: Props) {
  const toggle = (id: string) => {
    if (columns.includes(id)) {
      if (columns.length > 1) onChange(columns.filter((column) => column !== id));
    } else {
      // Keep the catalogue's order, so columns land in a predictable place.
      const order = COLUMNS.map((column) => column.id);
      onChange([...columns, id].sort((a, b) => order.indexOf(a) - order.indexOf(b)));
    }
  };
  return (
    <Menu anchorEl={anchor} open={anchor !== null} onClose={onClose} slotProps={{ paper: { sx: { maxHeight: 460 } } }}>
      {COLUMNS.map((column) => (
        <MenuItem key={column.id} dense onClick={() => toggle(column.id)}>
          <Checkbox size="small" checked={columns.includes(column.id)} sx={{ p: 0.5, mr: 1 }} tabIndex={-1} />
          <ListItemText primary={column.label} />
        </MenuItem>
      ))}
    </Menu>
  );
}
