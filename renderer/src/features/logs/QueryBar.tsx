// The query field: syntax colours, error underline with the parser's message, autocomplete of field names and of
// values (with counts from the index), history and saved queries.
import BookmarkBorderIcon from '@mui/icons-material/BookmarkBorder';
import HistoryIcon from '@mui/icons-material/History';
import SearchIcon from '@mui/icons-material/Search';
import TravelExploreIcon from '@mui/icons-material/TravelExplore';
import {
  Box,
  Button,
  IconButton,
  List,
  ListItemButton,
  Paper,
  Popper,
  Tooltip,
  Typography,
  useTheme,
} from '@mui/material';
import { memo, useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { FIELDS } from '../../../../shared/logs/fields.ts';
import { api } from '../../api/client.ts';
import { formatCount } from './format.ts';
import { applyCompletion, completionContext, type CompletionContext } from './query-completion.ts';
import { tokenizeQuery, type TokenKind } from './query-highlight.ts';
import { QueryLibraryMenu } from './QueryLibraryMenu.tsx';
import { SaveQueryDialog } from './SaveQueryDialog.tsx';

export interface QueryProblem {
  message: string;
  position: number;
  end: number;
}

interface Props {
  sessionId: string;
  value: string;
  problem: QueryProblem | null;
  onChange(text: string): void;
  onSubmit(text: string): void;
  onInvestigations(): void;
}

interface Suggestion {
  value: string;
  detail: string;
}

const MONO = '"JetBrains Mono", "SFMono-Regular", Consolas, "Liberation Mono", monospace';

function QueryBarView({ sessionId, value, problem, onChange, onSubmit, onInvestigations }: Props) {
  const theme = useTheme();
  const dark = theme.palette.mode === 'dark';
  const input = useRef<HTMLInputElement>(null);
  const overlay = useRef<HTMLDivElement>(null);
  const [anchor, setAnchor] = useState<HTMLDivElement | null>(null);
  const [caret, setCaret] = useState(0);
  const [focused, setFocused] = useState(false);
  const [dismissed, setDismissed] = useState(false);
  const [active, setActive] = useState(0);
  /** Enter accepts a suggestion only after the user moved through the list; otherwise it runs the query. */
  const [navigated, setNavigated] = useState(false);
  const [libraryAnchor, setLibraryAnchor] = useState<HTMLElement | null>(null);
  const [saving, setSaving] = useState(false);

  const context: CompletionContext = useMemo(() => completionContext(value, caret), [value, caret]);

  // Field names complete from the catalogue at once; values come from the index (keyed by what was asked).
  const fieldSuggestions = useMemo(() => {
    if (context.kind !== 'field') return [];
    const prefix = context.prefix.toLowerCase();
    return FIELDS.filter((field) => field.name.startsWith(prefix) && field.name !== context.prefix)
      .slice(0, 12)
      .map((field) => ({ value: field.name, detail: field.description }));
  }, [context]);
  const valueKey = context.kind === 'value' ? `${context.field}\u0000${context.prefix}` : '';
  const [valueSuggestions, setValueSuggestions] = useState<{ key: string; items: Suggestion[] }>({
    key: '',
    items: [],
  });

  useEffect(() => {
    if (context.kind !== 'value') return;
    let alive = true;
    const timer = setTimeout(() => {
      api.call('logs.suggest', { sessionId, field: context.field, prefix: context.prefix, limit: 12 }).then(
        (values) =>
          alive &&
          setValueSuggestions({
            key: valueKey,
            items: values
              .filter((item) => String(item.value) !== context.prefix)
              .map((item) => ({ value: String(item.value), detail: formatCount(item.count) })),
          }),
        () => alive && setValueSuggestions({ key: valueKey, items: [] }),
      );
    }, 120);
    return () => {
      alive = false;
      clearTimeout(timer);
    };
  }, [context, sessionId, valueKey]);

  const suggestions =
    context.kind === 'field' ? fieldSuggestions : valueSuggestions.key === valueKey ? valueSuggestions.items : [];
  // A new list starts at its first entry, unselected (adjusted while rendering).
  const listKey = suggestions.map((item) => item.value).join('\u0000');
  const [shownList, setShownList] = useState(listKey);
  if (shownList !== listKey) {
    setShownList(listKey);
    setActive(0);
    setNavigated(false);
  }

  const open = focused && !dismissed && suggestions.length > 0 && context.kind !== 'none';

  const accept = (choice: string) => {
    if (context.kind === 'none') return;
    const next = applyCompletion(value, context, choice);
    onChange(next.text);
    setCaret(next.caret);
    requestAnimationFrame(() => input.current?.setSelectionRange(next.caret, next.caret));
  };

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (open && (event.key === 'ArrowDown' || event.key === 'ArrowUp')) {
      event.preventDefault();
      const step = event.key === 'ArrowDown' ? 1 : -1;
      setActive((current) => (navigated ? (current + step + suggestions.length) % suggestions.length : current));
      setNavigated(true);
      return;
    }
    if (open && (event.key === 'Tab' || (event.key === 'Enter' && navigated))) {
      event.preventDefault();
      accept(suggestions[active].value);
      return;
    }
    if (event.key === 'Escape') {
      setDismissed(true);
      return;
    }
    if (event.key === 'Enter') {
      event.preventDefault();
      setDismissed(true);
      onSubmit(value);
    }
  };

  const colorOf = (kind: TokenKind): string | undefined => {
    switch (kind) {
      case 'field':
        return dark ? '#8ab4ff' : '#1d4ed8';
      case 'operator':
      case 'paren':
        return theme.palette.text.secondary;
      case 'keyword':
        return dark ? '#d0a6ff' : '#7b3fb3';
      case 'string':
        return dark ? '#86efac' : '#15803d';
      case 'negation':
        return theme.palette.error.main;
      default:
        return theme.palette.text.primary;
    }
  };

  const tokens = tokenizeQuery(value);
  const errorStart = problem ? Math.min(problem.position, Math.max(0, value.length - 1)) : -1;
  const errorEnd = problem ? Math.max(errorStart + 1, Math.min(problem.end, value.length)) : -1;

  /** Splits tokens at the error range so that part can be underlined. */
  const pieces: { text: string; color?: string; error: boolean; key: string }[] = [];
  for (const token of tokens) {
    const cuts = [token.start, token.start + token.text.length];
    for (const at of [errorStart, errorEnd]) if (at > cuts[0] && at < cuts[cuts.length - 1]) cuts.splice(-1, 0, at);
    cuts.sort((a, b) => a - b);
    for (let i = 0; i + 1 < cuts.length; i++) {
      pieces.push({
        text: value.slice(cuts[i], cuts[i + 1]),
        color: colorOf(token.kind),
        error: problem !== null && cuts[i] >= errorStart && cuts[i] < errorEnd,
        key: `${cuts[i]}`,
      });
    }
  }

  const textStyle = { fontFamily: MONO, fontSize: 14, lineHeight: '22px', letterSpacing: 0 } as const;

  return (
    <Box sx={{ px: 2, pb: 1 }}>
      <Box sx={{ display: 'flex', gap: 1, alignItems: 'center' }}>
        <Box
          ref={setAnchor}
          sx={{
            flex: 1,
            minWidth: 0,
            position: 'relative',
            display: 'flex',
            alignItems: 'center',
            border: 1,
            borderColor: problem ? 'error.main' : focused ? 'primary.main' : 'divider',
            boxShadow: focused
              ? `0 0 0 1px ${problem ? theme.palette.error.main : theme.palette.primary.main}`
              : 'none',
            borderRadius: 1,
            bgcolor: 'background.paper',
            px: 1.25,
            height: 38,
          }}
        >
          <SearchIcon fontSize="small" sx={{ color: 'text.secondary', mr: 1, flexShrink: 0 }} />
          <Box sx={{ position: 'relative', flex: 1, minWidth: 0, height: 22 }}>
            <Box
              ref={overlay}
              aria-hidden
              sx={{
                ...textStyle,
                position: 'absolute',
                inset: 0,
                whiteSpace: 'pre',
                overflow: 'hidden',
                pointerEvents: 'none',
              }}
            >
              {value === '' ? (
                <Box component="span" sx={{ color: 'text.disabled' }}>
                  Filter events, e.g. verb:delete resource:secrets -user:system:*
                </Box>
              ) : (
                pieces.map((piece) => (
                  <Box
                    component="span"
                    key={piece.key}
                    sx={{
                      color: piece.color,
                      textDecoration: piece.error ? 'underline wavy' : 'none',
                      textDecorationColor: theme.palette.error.main,
                      textUnderlineOffset: 3,
                    }}
                  >
                    {piece.text}
                  </Box>
                ))
              )}
            </Box>
            <Box
              component="input"
              ref={input}
              aria-label="Query"
              aria-invalid={problem !== null}
              aria-describedby={problem ? 'query-problem' : undefined}
              aria-autocomplete="list"
              aria-expanded={open}
              aria-controls={open ? 'query-suggestions' : undefined}
              role="combobox"
              spellCheck={false}
              autoComplete="off"
              value={value}
              onChange={(event: React.ChangeEvent<HTMLInputElement>) => {
                onChange(event.target.value);
                setCaret(event.target.selectionStart ?? event.target.value.length);
                setDismissed(false);
              }}
              onSelect={(event: React.SyntheticEvent<HTMLInputElement>) =>
                setCaret(event.currentTarget.selectionStart ?? 0)
              }
              onScroll={(event: React.UIEvent<HTMLInputElement>) => {
                if (overlay.current) overlay.current.scrollLeft = event.currentTarget.scrollLeft;
              }}
              onKeyDown={onKeyDown}
              onFocus={() => setFocused(true)}
              onBlur={() => setTimeout(() => setFocused(false), 150)}
              sx={{
                ...textStyle,
                position: 'absolute',
                inset: 0,
                width: '100%',
                border: 0,
                outline: 0,
                p: 0,
                m: 0,
                background: 'transparent',
                color: 'transparent',
                caretColor: theme.palette.text.primary,
              }}
            />
          </Box>
        </Box>
        <Tooltip title="History and saved queries">
          <IconButton aria-label="History and saved queries" onClick={(event) => setLibraryAnchor(event.currentTarget)}>
            <HistoryIcon />
          </IconButton>
        </Tooltip>
        <Tooltip title="Save this query">
          <span>
            <IconButton aria-label="Save query" disabled={value.trim() === ''} onClick={() => setSaving(true)}>
              <BookmarkBorderIcon />
            </IconButton>
          </span>
        </Tooltip>
        <Button variant="outlined" size="small" startIcon={<TravelExploreIcon />} onClick={onInvestigations}>
          Investigations
        </Button>
      </Box>
      <Typography
        id="query-problem"
        role={problem ? 'alert' : undefined}
        variant="caption"
        color="error"
        sx={{ display: 'block', minHeight: 18, pl: 1, pt: 0.25, fontFamily: problem ? MONO : undefined }}
      >
        {problem ? `${problem.message} (at character ${problem.position + 1})` : ''}
      </Typography>
      <Popper open={open} anchorEl={anchor} placement="bottom-start" sx={{ zIndex: 1400 }}>
        <Paper elevation={8} sx={{ mt: 0.5, minWidth: 360, maxWidth: 640, maxHeight: 340, overflow: 'auto' }}>
          <List dense id="query-suggestions" role="listbox" aria-label="Suggestions">
            {suggestions.map((suggestion, index) => (
              <ListItemButton
                key={suggestion.value}
                role="option"
                aria-selected={index === active}
                selected={index === active}
                onMouseDown={(event) => {
                  event.preventDefault();
                  accept(suggestion.value);
                }}
                sx={{ display: 'flex', gap: 2 }}
              >
                <Box sx={{ fontFamily: MONO, fontSize: 13, flex: 1, overflow: 'hidden', textOverflow: 'ellipsis' }}>
                  {suggestion.value}
                </Box>
                <Typography variant="caption" color="text.secondary" noWrap sx={{ maxWidth: 260 }}>
                  {suggestion.detail}
                </Typography>
              </ListItemButton>
            ))}
          </List>
        </Paper>
      </Popper>
      <QueryLibraryMenu
        anchor={libraryAnchor}
        onClose={() => setLibraryAnchor(null)}
        onPick={(query) => {
          setLibraryAnchor(null);
          onChange(query);
          onSubmit(query);
        }}
      />
      <SaveQueryDialog open={saving} query={value} onClose={() => setSaving(false)} />
    </Box>
  );
}

/** Memoised: the explorer re-renders on every selection and scroll state change, this pane only when its props do. */
export const QueryBar = memo(QueryBarView);
