// Root component: theme, settings, navigation and the three sections.
import { CssBaseline, useMediaQuery } from '@mui/material';
import { ThemeProvider } from '@mui/material/styles';
import { lazy, Suspense, useCallback, useEffect, useMemo, useState } from 'react';
import { AppShell } from './shell/AppShell.tsx';
import { ErrorBoundary } from './shell/ErrorBoundary.tsx';
import { Loading } from './shell/Loading.tsx';
import { sectionFromHash, type SectionId } from './shell/sections.ts';
import { buildTheme } from './shell/theme.ts';
import { useSettings } from './shell/useSettings.ts';

const PolicyPage = lazy(() => import('./features/policy/PolicyPage.tsx'));
const NodesPage = lazy(() => import('./features/nodes/NodesPage.tsx'));
const LogsPage = lazy(() => import('./features/logs/LogsPage.tsx'));

export function App() {
  const { settings, loaded, update } = useSettings();
  const prefersDark = useMediaQuery('(prefers-color-scheme: dark)');
  const mode = settings.theme === 'system' ? (prefersDark ? 'dark' : 'light') : settings.theme;
  const theme = useMemo(() => buildTheme(mode), [mode]);
  const [section, setSection] = useState<SectionId>(() => sectionFromHash(location.hash));

  useEffect(() => {
    const onHash = () => setSection(sectionFromHash(location.hash));
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, []);
  const navigate = useCallback((next: SectionId) => {
    history.replaceState(null, '', `#/${next}`);
    setSection(next);
  }, []);

  useEffect(() => {
    document.documentElement.dataset.theme = mode;
    // Marker for tests and tooling: the shell has its settings and has rendered.
    if (loaded) document.body.dataset.appReady = 'true';
  }, [mode, loaded]);

  return (
    <ThemeProvider theme={theme}>
      <CssBaseline />
      <AppShell section={section} onSection={navigate} theme={settings.theme} onTheme={(value) => void update({ theme: value })}>
        <ErrorBoundary area={section} key={section}>
          <Suspense fallback={<Loading label={`Loading ${section}`} />}>
            {section === 'policy' && <PolicyPage />}
            {section === 'nodes' && <NodesPage />}
            {section === 'logs' && <LogsPage />}
          </Suspense>
        </ErrorBoundary>
      </AppShell>
    </ThemeProvider>
  );
}
