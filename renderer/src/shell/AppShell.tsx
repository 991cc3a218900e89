// The frame around every section: app bar with navigation, theme switch and About, and the active section below.
import DarkModeIcon from '@mui/icons-material/DarkModeOutlined';
import InfoOutlinedIcon from '@mui/icons-material/InfoOutlined';
import LightModeIcon from '@mui/icons-material/LightModeOutlined';
import SettingsBrightnessIcon from '@mui/icons-material/SettingsBrightnessOutlined';
import { AppBar, Box, IconButton, Tab, Tabs, Toolbar, Tooltip, Typography } from '@mui/material';
import { useEffect, useState, type ReactNode } from 'react';
import type { Settings } from '../../../shared/ipc/contract/app.ts';
import { AboutDialog } from './AboutDialog.tsx';
import { Logo } from './Logo.tsx';
import { SECTIONS, type SectionId } from './sections.ts';

const THEME_ORDER: Settings['theme'][] = ['system', 'light', 'dark'];
const THEME_LABEL: Record<Settings['theme'], string> = {
  system: 'Theme: follow the system',
  light: 'Theme: light',
  dark: 'Theme: dark',
};

interface Props {
  section: SectionId;
  onSection(section: SectionId): void;
  theme: Settings['theme'];
  onTheme(theme: Settings['theme']): void;
  onShowWelcome(): void;
  children: ReactNode;
}

export function AppShell({ section, onSection, theme, onTheme, onShowWelcome, children }: Props) {
  const [aboutOpen, setAboutOpen] = useState(false);
  // Alt+1..3 jump between sections from anywhere (the tabs themselves are arrow-key navigable).
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (!event.altKey || event.ctrlKey || event.metaKey) return;
      const index = Number(event.key) - 1;
      const target = SECTIONS[index];
      if (target) {
        event.preventDefault();
        onSection(target.id);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [onSection]);

  const nextTheme = THEME_ORDER[(THEME_ORDER.indexOf(theme) + 1) % THEME_ORDER.length]!;
  const ThemeIcon = theme === 'light' ? LightModeIcon : theme === 'dark' ? DarkModeIcon : SettingsBrightnessIcon;

  return (
    <Box sx={{ display: 'flex', flexDirection: 'column', height: '100vh', bgcolor: 'background.default' }}>
      <AppBar position="static" color="inherit" sx={{ borderBottom: 1, borderColor: 'divider' }} elevation={0}>
        <Toolbar variant="dense" sx={{ gap: 2 }}>
          <Box sx={{ display: 'flex', alignItems: 'center', gap: 1 }}>
            <Logo size={26} />
            <Typography variant="h6" component="h1" sx={{ fontSize: 17, letterSpacing: 0.2 }}>
              Auditscope
            </Typography>
          </Box>
          <Tabs
            component="nav"
            aria-label="Sections"
            value={section}
            onChange={(_event, value: SectionId) => onSection(value)}
            sx={{ flex: 1, minHeight: 48 }}
          >
            {SECTIONS.map((item, index) => (
              <Tab
                key={item.id}
                value={item.id}
                label={item.label}
                id={`tab-${item.id}`}
                aria-controls={`section-${item.id}`}
                title={`${item.description} (Alt+${index + 1})`}
              />
            ))}
          </Tabs>
          <Tooltip title={`${THEME_LABEL[theme]} — click for ${THEME_LABEL[nextTheme].toLowerCase()}`}>
            <IconButton aria-label="Switch theme" data-theme-preference={theme} onClick={() => onTheme(nextTheme)}>
              <ThemeIcon />
            </IconButton>
          </Tooltip>
          <Tooltip title="About Auditscope: versions and licences">
            <IconButton aria-label="About Auditscope" onClick={() => setAboutOpen(true)}>
              <InfoOutlinedIcon />
            </IconButton>
          </Tooltip>
        </Toolbar>
      </AppBar>
      <Box
        component="main"
        id={`section-${section}`}
        role="tabpanel"
        aria-labelledby={`tab-${section}`}
        sx={{ flex: 1, minHeight: 0, display: 'flex', flexDirection: 'column' }}
      >
        {children}
      </Box>
      <AboutDialog
        open={aboutOpen}
        onClose={() => setAboutOpen(false)}
        onShowWelcome={() => {
          setAboutOpen(false);
          onShowWelcome();
        }}
      />
    </Box>
  );
}
