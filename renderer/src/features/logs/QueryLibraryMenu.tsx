// Saved queries and recent queries, loaded from the user-data folder when the menu opens.
import DeleteIcon from '@mui/icons-material/DeleteOutlineOutlined';
import { IconButton, ListSubheader, Menu, MenuItem, Typography } from '@mui/material';
import { useEffect, useState } from 'react';
import type { QueryLibrary } from '../../../../shared/ipc/contract/logs.ts';
import { api } from '../../api/client.ts';

interface Props {
  anchor: HTMLElement | null;
  onClose(): void;
  onPick(query: string): void;
}

export function QueryLibraryMenu({ anchor, onClose, onPick }: Props) {
  const [library, setLibrary] = useState<QueryLibrary>({ history: [], saved: [] });
  useEffect(() => {
    if (anchor) api.call('logs.library', {}).then(setLibrary, () => undefined);
  }, [anchor]);

  return (
    <Menu anchorEl={anchor} open={anchor !== null} onClose={onClose} slotProps={{ paper: { sx: { maxWidth: 560 } } }}>
      <ListSubheader>Saved queries</ListSubheader>
      {library.saved.length === 0 && (
        <MenuItem disabled>
          <Typography variant="body2">Nothing saved yet: use the bookmark button next to the query</Typography>
        </MenuItem>
      )}
      {library.saved.map((item) => (
        <MenuItem key={`saved-${item.name}`} onClick={() => onPick(item.query)} sx={{ gap: 2 }}>
          <Typography variant="body2" sx={{ fontWeight: 600 }}>
            {item.name}
          </Typography>
          <Typography variant="body2" color="text.secondary" noWrap sx={{ flex: 1, fontFamily: 'monospace' }}>
            {item.query}
          </Typography>
          <IconButton
            size="small"
            aria-label={`Delete saved query ${item.name}`}
            onClick={(event) => {
              event.stopPropagation();
              // A delete that failed leaves the entry listed, as it still is.
              void api.call('logs.deleteQuery', { name: item.name }).then(setLibrary, () => undefined);
            }}
          >
            <DeleteIcon fontSize="small" />
          </IconButton>
        </MenuItem>
      ))}
      <ListSubheader>Recent</ListSubheader>
      {library.history.length === 0 && (
        <MenuItem disabled>
          <Typography variant="body2">Queries you run appear here</Typography>
        </MenuItem>
      )}
      {library.history.slice(0, 15).map((query) => (
        <MenuItem key={`history-${query}`} onClick={() => onPick(query)}>
          <Typography variant="body2" noWrap sx={{ fontFamily: 'monospace' }}>
            {query}
          </Typography>
        </MenuItem>
      ))}
    </Menu>
  );
}
