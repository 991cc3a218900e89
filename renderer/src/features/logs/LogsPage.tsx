// The Logs section: sources, query, histogram, field sidebar, event table, details, investigations and export.
import { Alert, Box, Chip, Typography } from '@mui/material';
import {
  startTransition,
  useCallback,
  useDeferredValue,
  useEffect,
  useMemo,
  useRef,
  useState,
  type DragEvent,
} from 'react';
import type { LogRow } from '../../../../shared/ipc/contract/logs.ts';
import { parseQuery } from '../../../../shared/logs/query-parser.ts';
import { api, errorMessage } from '../../api/client.ts';
import { ColumnsMenu } from './ColumnsMenu.tsx';
import { DetailPanel } from './DetailPanel.tsx';
import { EmptyState } from './EmptyState.tsx';
import { EventTable } from './EventTable.tsx';
import { ExportDialog } from './ExportDialog.tsx';
import { FieldSidebar } from './FieldSidebar.tsx';
import { formatCount } from './format.ts';
import { InvestigationsDialog, type InvestigationRun } from './InvestigationsDialog.tsx';
import { addFilter } from './query-completion.ts';
import { QueryBar, type QueryProblem } from './QueryBar.tsx';
import { ResultHeader } from './ResultHeader.tsx';
import { SourcesBar } from './SourcesBar.tsx';
import { DEFAULT_COLUMNS, columnById } from './table-columns.tsx';
import { TimeHistogram, type TimeRange } from './TimeHistogram.tsx';
import { useLogSession } from './useLogSession.ts';
import { useResultRows, useRowAt } from './useResultRows.ts';
import { useResultSummary, type ResultScope } from './useResultSummary.ts';
import { useUploads } from './useUploads.ts';

const COLUMNS_KEY = 'auditscope.logs.columns';
const GENERATION = 1_000_000_000;

function storedColumns(): string[] {
  try {
    const stored = JSON.parse(localStorage.getItem(COLUMNS_KEY) ?? 'null') as unknown;
    if (Array.isArray(stored) && stored.length > 0 && stored.every((id) => typeof id === 'string' && columnById(id)))
      return stored as string[];
  } catch {
    // fall back to the defaults
  }
  return DEFAULT_COLUMNS;
}

function problemOf(text: string): QueryProblem | null {
  const parsed = parseQuery(text);
  return parsed.ok ? null : { message: parsed.message, position: parsed.position, end: parsed.end };
}

export default function LogsPage() {
  const session = useLogSession();
  const { uploads, uploadFiles, cancel } = useUploads(session);
  const [nativeDialogs, setNativeDialogs] = useState(false);
  const [draft, setDraft] = useState('');
  const [applied, setApplied] = useState('');
  const [requests, setRequests] = useState(false);
  const [range, setRange] = useState<TimeRange>({});
  const [sort, setSort] = useState<'time' | 'time-desc'>('time-desc');
  const [stackBy, setStackBy] = useState<'level' | 'codeClass'>('level');
  const [columns, setColumns] = useState<string[]>(storedColumns);
  const [selected, setSelected] = useState<{ index: number; row?: LogRow } | null>(null);
  const [live, setLive] = useState(true);
  const [refresh, setRefresh] = useState(0);
  // Only whether the newest rows are in view matters here (a scroll index would re-render the page every frame).
  const [atTop, setAtTop] = useState(true);
  const onScrollIndex = useCallback((first: number) => setAtTop(first === 0), []);
  const [newEvents, setNewEvents] = useState(0);
  const [scrollToTop, setScrollToTop] = useState(0);
  const [columnsAnchor, setColumnsAnchor] = useState<HTMLElement | null>(null);
  const [investigating, setInvestigating] = useState(false);
  const [exporting, setExporting] = useState(false);
  const [dragging, setDragging] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const shownVersion = useRef(0);
  const lastRefresh = useRef(0);

  useEffect(() => {
    api.call('app.info', {}).then(
      (info) => setNativeDialogs(info.capabilities.nativeDialogs),
      () => undefined,
    );
  }, []);
  useEffect(() => localStorage.setItem(COLUMNS_KEY, JSON.stringify(columns)), [columns]);

  const state = session.state;
  const hasSources = (state?.sources.length ?? 0) > 0;
  const scope: ResultScope | null = useMemo(
    () =>
      hasSources
        ? { sessionId: session.sessionId, query: applied, requests, since: range.since, until: range.until }
        : null,
    [hasSources, session.sessionId, applied, requests, range.since, range.until],
  );
  const summary = useResultSummary(scope, stackBy, refresh);
  const rows = useResultRows(scope, sort, refresh);
  const total = summary.summary?.total ?? null;

  // Index growth: follow it when live and the newest events are in view, else offer a "N new events" pill.
  const version = state?.version ?? 0;
  const following = live && sort === 'time-desc' && atTop;
  const ingesting = state?.ingesting ?? false;
  useEffect(() => {
    if (version === shownVersion.current) return;
    const sourcesChanged = Math.floor(version / GENERATION) !== Math.floor(shownVersion.current / GENERATION);
    if (sourcesChanged || following || !scope) {
      // Live growth: soon, so an event shows within a second of being written. Indexing a big file: at a calmer
      // pace, so the page and the backend spend their time on the ingest rather than on re-counting. A throttle,
      // not a debounce: steady progress pushes must not postpone the refresh forever.
      const interval = ingesting ? 750 : 100;
      const timer = setTimeout(
        () => {
          lastRefresh.current = Date.now();
          shownVersion.current = version;
          // Background growth re-renders in slices (a transition), never as one long task.
          startTransition(() => {
            setNewEvents(0);
            setRefresh(version);
          });
        },
        Math.max(0, lastRefresh.current + interval - Date.now()),
      );
      return () => clearTimeout(timer);
    }
    let alive = true;
    api.call('logs.query', { ...scope, offset: 0, limit: 0, sort }).then(
      (page) => alive && setNewEvents(Math.max(0, page.total - (total ?? 0))),
      () => undefined,
    );
    return () => {
      alive = false;
    };
  }, [version, following, scope, sort, total, ingesting]);

  const showNewEvents = () => {
    shownVersion.current = version;
    setNewEvents(0);
    setSort('time-desc');
    setRefresh(version);
    setScrollToTop((n) => n + 1);
  };

  const problem = useMemo(() => problemOf(draft), [draft]);
  // Apply a valid query shortly after typing stops; Enter applies at once.
  useEffect(() => {
    if (problem || draft === applied) return;
    const timer = setTimeout(() => setApplied(draft), 350);
    return () => clearTimeout(timer);
  }, [draft, applied, problem]);
  // A new result forgets the selection (adjusted while rendering, React's pattern for state derived from props).
  const resultKey = JSON.stringify([applied, requests, range, sort]);
  const [selectionKey, setSelectionKey] = useState(resultKey);
  if (selectionKey !== resultKey) {
    setSelectionKey(resultKey);
    setSelected(null);
  }

  const runQuery = useCallback((text: string) => {
    setDraft(text);
    if (problemOf(text)) return;
    setApplied(text);
    if (text.trim()) void api.call('logs.recordHistory', { query: text.trim() }).catch(() => undefined);
  }, []);

  // Stable callbacks, so the memoised panes do not re-render when only the selection changes.
  const onFilter = useCallback(
    (field: string, value: string | number, exclude: boolean) => runQuery(addFilter(draft, field, value, exclude)),
    [draft, runQuery],
  );
  const onTogglePin = useCallback((field: string) => {
    const id = field === 'group' ? 'group' : field;
    if (!columnById(id)) return;
    setColumns((current) => (current.includes(id) ? current.filter((column) => column !== id) : [...current, id]));
  }, []);
  const onInvestigations = useCallback(() => setInvestigating(true), []);
  const onExport = useCallback(() => setExporting(true), []);
  const onUploadFiles = useCallback((files: File[]) => void uploadFiles(files), [uploadFiles]);
  const onSelect = useCallback(
    (index: number | null, row: LogRow | undefined) => setSelected(index === null ? null : { index, row }),
    [],
  );
  const onInvestigation = (run: InvestigationRun) => {
    setRequests(run.investigation.requests);
    setRange({ since: run.since, until: run.until });
    setColumns(run.investigation.columns.filter((id) => columnById(id)));
    runQuery(run.query);
    setNotice(`${run.investigation.title}: ${run.investigation.nextSteps}`);
  };

  const onDrop = (event: DragEvent) => {
    event.preventDefault();
    setDragging(false);
    const files = [...event.dataTransfer.files];
    if (files.length > 0) void uploadFiles(files);
  };

  const resultError = summary.error ?? rows.error;
  // Keyboard jumps can select a row whose page is still loading; it shows once the page arrives.
  const loadedSelected = useRowAt(rows, selected?.index ?? null);
  // The detail panel follows the selection at low priority: holding an arrow key moves the highlight every frame
  // while the panel (JSON tree, tabs) renders only when the keyboard pauses.
  const selectedRow = useDeferredValue(selected ? (selected.row ?? loadedSelected) : undefined);

  return (
    <Box
      sx={{ display: 'flex', flexDirection: 'column', flex: 1, minHeight: 0, position: 'relative' }}
      onDragOver={(event) => {
        if (event.dataTransfer.types.includes('Files')) {
          event.preventDefault();
          setDragging(true);
        }
      }}
      onDragLeave={(event) => {
        if (event.currentTarget === event.target) setDragging(false);
      }}
      onDrop={onDrop}
    >
      <SourcesBar
        session={session}
        nativeDialogs={nativeDialogs}
        uploads={uploads}
        onUploadFiles={onUploadFiles}
        onCancelUpload={cancel}
      />
      {session.error && (
        <Alert severity="error" onClose={() => session.setError(null)} sx={{ mx: 2, mb: 1 }}>
          {session.error}
        </Alert>
      )}
      {!hasSources ? (
        <EmptyState />
      ) : (
        <>
          <QueryBar
            sessionId={session.sessionId}
            value={draft}
            problem={problem}
            onChange={setDraft}
            onSubmit={runQuery}
            onInvestigations={onInvestigations}
          />
          {notice && (
            <Alert severity="info" onClose={() => setNotice(null)} sx={{ mx: 2, mb: 1, py: 0 }}>
              {notice}
            </Alert>
          )}
          {resultError && (
            <Alert severity="error" sx={{ mx: 2, mb: 1, py: 0 }}>
              {errorMessage(resultError)}
            </Alert>
          )}
          <TimeHistogram
            histogram={summary.summary?.histogram ?? null}
            stackBy={stackBy}
            onStackBy={setStackBy}
            range={range}
            onRange={setRange}
            newest={state?.newest ?? null}
          />
          <Box sx={{ display: 'flex', flex: 1, minHeight: 0, borderTop: 1, borderColor: 'divider' }}>
            <FieldSidebar
              fields={summary.fields}
              total={total ?? 0}
              columns={columns}
              onFilter={onFilter}
              onTogglePin={onTogglePin}
            />
            <Box sx={{ display: 'flex', flexDirection: 'column', flex: 1, minWidth: 0, bgcolor: 'background.paper' }}>
              <ResultHeader
                total={total}
                requests={requests}
                partial={summary.summary?.partial ?? false}
                loading={summary.loading}
                live={live}
                onRequests={setRequests}
                onLive={setLive}
                onColumns={setColumnsAnchor}
                onExport={onExport}
              />
              <Box sx={{ position: 'relative', flex: 1, minHeight: 0, display: 'flex', flexDirection: 'column' }}>
                {total === 0 ? (
                  <Box sx={{ p: 4, textAlign: 'center' }}>
                    <Typography color="text.secondary">
                      No {requests ? 'requests' : 'events'} match
                      {applied ? (
                        <>
                          {' '}
                          <code>{applied}</code>
                        </>
                      ) : (
                        ''
                      )}
                      {range.since !== undefined || range.until !== undefined ? ' in this time range' : ''}. Loosen the
                      query or reset the range.
                    </Typography>
                  </Box>
                ) : (
                  <EventTable
                    rows={rows}
                    total={Math.min(total ?? rows.total, rows.total || (total ?? 0))}
                    columns={columns}
                    sort={sort}
                    selected={selected?.index ?? null}
                    onSort={setSort}
                    onSelect={onSelect}
                    onScrollIndex={onScrollIndex}
                    scrollToTop={scrollToTop}
                  />
                )}
                {newEvents > 0 && (
                  <Chip
                    color="primary"
                    label={`${formatCount(newEvents)} new ${requests ? 'request' : 'event'}${newEvents === 1 ? '' : 's'}`}
                    onClick={showNewEvents}
                    sx={{
                      position: 'absolute',
                      top: 40,
                      left: '50%',
                      transform: 'translateX(-50%)',
                      boxShadow: 3,
                      zIndex: 3,
                    }}
                  />
                )}
              </Box>
            </Box>
            {selectedRow && (
              <DetailPanel
                sessionId={session.sessionId}
                row={selectedRow}
                onClose={() => setSelected(null)}
                onQuery={runQuery}
              />
            )}
          </Box>
        </>
      )}
      {dragging && (
        <Box
          sx={{
            position: 'absolute',
            inset: 8,
            border: 2,
            borderStyle: 'dashed',
            borderColor: 'primary.main',
            borderRadius: 2,
            bgcolor: 'action.hover',
            display: 'flex',
            alignItems: 'center',
            justifyContent: 'center',
            pointerEvents: 'none',
            zIndex: 10,
          }}
        >
          <Typography variant="h6">Drop audit log files to open them</Typography>
        </Box>
      )}
      <ColumnsMenu
        anchor={columnsAnchor}
        columns={columns}
        onClose={() => setColumnsAnchor(null)}
        onChange={setColumns}
      />
      <InvestigationsDialog open={investigating} onClose={() => setInvestigating(false)} onRun={onInvestigation} />
      <ExportDialog
        open={exporting}
        scope={scope}
        total={total ?? 0}
        nativeDialogs={nativeDialogs}
        onClose={() => setExporting(false)}
      />
    </Box>
  );
}
