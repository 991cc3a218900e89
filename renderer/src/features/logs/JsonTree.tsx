// A collapsible JSON tree with search: matching keys and values are highlighted and their parents opened.
import ChevronRightIcon from '@mui/icons-material/ChevronRight';
import ExpandMoreIcon from '@mui/icons-material/ExpandMore';
import { Box, ButtonBase, TextField } from '@mui/material';
import { useMemo, useState } from 'react';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

interface NodeProps {
  name: string | null;
  value: Json;
  depth: number;
  search: string;
  path: string;
  openPaths: Set<string>;
  toggled: Map<string, boolean>;
  onToggle(path: string, open: boolean): void;
}

function matches(text: string, search: string): boolean {
  return search !== '' && text.toLowerCase().includes(search);
}

/** Paths of containers that hold a match, so a search opens exactly those. */
function pathsWithMatches(value: Json, search: string, path: string, out: Set<string>): boolean {
  if (value !== null && typeof value === 'object') {
    let found = false;
    for (const [key, child] of Object.entries(value)) {
      const childPath = `${path}/${key}`;
      if (matches(key, search)) found = true;
      if (pathsWithMatches(child, search, childPath, out)) found = true;
    }
    if (found) out.add(path);
    return found;
  }
  return matches(String(value), search);
}

function Mark({ text, search }: { text: string; search: string }) {
  if (!matches(text, search)) return <>{text}</>;
  const at = text.toLowerCase().indexOf(search);
  return (
    <>
      {text.slice(0, at)}
      <Box component="mark" sx={{ bgcolor: 'warning.light', color: 'black', borderRadius: 0.5 }}>
        {text.slice(at, at + search.length)}
      </Box>
      {text.slice(at + search.length)}
    </>
  );
}

function JsonNode({ name, value, depth, search, path, openPaths, toggled, onToggle }: NodeProps) {
  const isContainer = value !== null && typeof value === 'object';
  const defaultOpen = depth < 2 || openPaths.has(path);
  const open = toggled.get(path) ?? defaultOpen;
  const label =
    name === null ? null : (
      <Box component="span" sx={{ color: 'primary.main' }}>
        <Mark text={name} search={search} />
        {': '}
      </Box>
    );
  if (!isContainer) {
    const text = typeof value === 'string' ? JSON.stringify(value) : String(value);
    const color = typeof value === 'string' ? 'success.main' : value === null ? 'text.disabled' : 'secondary.main';
    return (
      <Box sx={{ pl: 2.5, wordBreak: 'break-all' }}>
        {label}
        <Box component="span" sx={{ color }}>
          <Mark text={text} search={search} />
        </Box>
      </Box>
    );
  }
  const entries = Object.entries(value);
  const brackets = Array.isArray(value) ? ['[', ']'] : ['{', '}'];
  return (
    <Box>
      <ButtonBase
        onClick={() => onToggle(path, !open)}
        aria-expanded={open}
        aria-label={`${open ? 'Collapse' : 'Expand'} ${name ?? 'event'}`}
        sx={{ fontFamily: 'inherit', fontSize: 'inherit', justifyContent: 'flex-start', borderRadius: 0.5 }}
      >
        {open ? <ExpandMoreIcon sx={{ fontSize: 18 }} /> : <ChevronRightIcon sx={{ fontSize: 18 }} />}
        {label}
        <Box component="span" sx={{ color: 'text.secondary' }}>
          {brackets[0]}
          {!open && ` ${entries.length} ${Array.isArray(value) ? 'items' : 'keys'} ${brackets[1]}`}
        </Box>
      </ButtonBase>
      {open && (
        <Box sx={{ pl: 2, borderLeft: 1, borderColor: 'divider', ml: 1 }}>
          {entries.map(([key, child]) => (
            <JsonNode
              key={key}
              name={Array.isArray(value) ? null : key}
              value={child}
              depth={depth + 1}
              search={search}
              path={`${path}/${key}`}
              openPaths={openPaths}
              toggled={toggled}
              onToggle={onToggle}
            />
          ))}
        </Box>
      )}
    </Box>
  );
}

export function JsonTree({ value }: { value: unknown }) {
  const [search, setSearch] = useState('');
  const [toggled, setToggled] = useState(new Map<string, boolean>());
  const needle = search.trim().toLowerCase();
  const openPaths = useMemo(() => {
    const out = new Set<string>();
    if (needle) pathsWithMatches(value as Json, needle, '', out);
    return out;
  }, [value, needle]);
  return (
    <Box>
      <TextField
        size="small"
        fullWidth
        label="Search in event"
        value={search}
        onChange={(event) => {
          setSearch(event.target.value);
          setToggled(new Map());
        }}
        sx={{ mb: 1 }}
      />
      <Box sx={{ fontFamily: 'monospace', fontSize: 12.5, lineHeight: 1.6 }}>
        <JsonNode
          name={null}
          value={value as Json}
          depth={0}
          search={needle}
          path=""
          openPaths={openPaths}
          toggled={toggled}
          onToggle={(path, open) => setToggled(new Map(toggled).set(path, open))}
        />
      </Box>
    </Box>
  );
}
