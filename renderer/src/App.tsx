// Root component: theme, settings, navigation and the three sections.
import { Box, CssBaseline, useMediaQuery } from '@mui/material';
import { ThemeProvider } from '@mui/material/styles';
import { lazy, Suspense, useCallback, useEffect, useMemo, useState, type ComponentType } from 'react';
import { AppShell } from './shell/AppShell.tsx';
import { ErrorBoundary } from './shell/ErrorBoundary.tsx';
import { Loading } from './shell/Loading.tsx';
import { sectionFromHash, type SectionId } from './shell/sections.ts';
import { buildTheme } from './shell/theme.ts';
import { useSettings } from './shell/useSettings.ts';
import { WelcomeDialog } from './shell/WelcomeDialog.tsx';
import { requestIntent } from './state/intents.ts';

const PolicyPage = lazy(() => import('./features/policy/PolicyPage.tsx'));
const NodesPage = lazy(() => import('./features/nodes/NodesPage.tsx'));
const LogsPage = lazy(() => import('./features/logs/LogsPage.tsx'));

const SECTION_VIEWS: { id: SectionId; View: ComponentType }[] = [
  { id: 'policy', View: PolicyPage },
  { id: 'nodes', View: NodesPage },
  { id: 'logs', View: LogsPage },
];

export function App() {
  const { settings, loaded, update } = useSettings();
  const prefersDark = useMediaQuery('(prefers-color-scheme: dark)');
  const mode = settings.theme === 'system' ? (prefersDark ? 'dark' : 'light') : settings.theme;
  const reducedMotion = useMediaQuery('(prefers-reduced-motion: reduce)');
  const theme = useMemo(() => buildTheme(mode, reducedMotion), [mode, reducedMotion]);
  const [section, setSection] = useState<SectionId>(() => sectionFromHash(location.hash));
  const [visited, setVisited] = useState<Set<SectionId>>(() => new Set([section]));
  // Remember visited sections while rendering (React's "adjust state on change" pattern, no extra effect pass).
  if (!visited.has(section)) setVisited(new Set([...visited, section]));

  useEffect(() => {
    const onHash = () => setSection(sectionFromHash(location.hash));
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, []);
  const navigate = useCallback((next: SectionId) => {
    history.replaceState(null, '', `#/${next}`);
    setSection(next);
  }, []);

  // First run shows the welcome screen until the user picks a way in or skips; About can bring it back.
  const [welcomeRequested, setWelcomeRequested] = useState(false);
  const welcomeOpen = loaded && (!settings.welcomeSeen || welcomeRequested);
  const closeWelcome = (target: SectionId | null) => {
    setWelcomeRequested(false);
    if (!settings.welcomeSeen) void update({ welcomeSeen: true });
    if (target) navigate(target);
    if (target === 'policy') requestIntent('open-preset-gallery');
  };

  useEffect(() => {
    document.documentElement.dataset.theme = mode;
    // Marker for tests and tooling: the shell has its settings and has rendered.
    if (loaded) document.body.dataset.appReady = 'true';
  }, [mode, loaded]);

  return (
    <ThemeProvider theme={theme}>
      <CssBaseline />
      <AppShell
        section={section}
        onSection={navigate}
        theme={settings.theme}
        onTheme={(value) => void update({ theme: value })}
        onShowWelcome={() => setWelcomeRequested(true)}
      >
        {/* Sections stay mounted once visited, so a half-built policy or a loaded log survives navigation. */}
        {SECTION_VIEWS.filter(({ id }) => visited.has(id)).map(({ id, View }) => (
          <Box
            key={id}
            sx={{ display: id === section ? 'flex' : 'none', flexDirection: 'column', flex: 1, minHeight: 0 }}
          >
            <ErrorBoundary area={id}>
              <Suspense fallback={<Loading label={`Loading ${id}`} />}>
                <View />
              </Suspense>
            </ErrorBoundary>
          </Box>
        ))}
      </AppShell>
      <WelcomeDialog open={welcomeOpen} onChoose={closeWelcome} />
    </ThemeProvider>
  );
}
