// Light and dark themes. Colours chosen for contrast in both; levels have fixed colours used across the app.
import { createTheme, type Theme } from '@mui/material/styles';

/** With `reducedMotion` (the user's prefers-reduced-motion setting) dialogs, menus and tabs appear without animation. */
export function buildTheme(mode: 'light' | 'dark', reducedMotion = false): Theme {
  return createTheme({
    ...(reducedMotion
      ? {
          transitions: {
            duration: {
              shortest: 0,
              shorter: 0,
              short: 0,
              standard: 0,
              complex: 0,
              enteringScreen: 0,
              leavingScreen: 0,
            },
          },
        }
      : {}),
    palette: {
      mode,
      primary: { main: mode === 'light' ? '#2457c5' : '#8ab4ff' },
      secondary: { main: mode === 'light' ? '#7b3fb3' : '#d0a6ff' },
      background:
        mode === 'light' ? { default: '#f4f6fa', paper: '#ffffff' } : { default: '#0f1218', paper: '#171b23' },
    },
    shape: { borderRadius: 8 },
    typography: {
      fontFamily: '"Inter", "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif',
      fontSize: 13,
      h6: { fontWeight: 600 },
    },
    components: {
      // A clear keyboard focus ring on every control in both themes (ripples alone are too faint); Monaco draws its own.
      MuiCssBaseline: {
        styleOverrides: {
          ':focus-visible': { outline: focusRing(mode), outlineOffset: 2 },
          '.monaco-editor :focus-visible': { outline: 'none' },
        },
      },
      // MUI's ButtonBase resets outline on its own class, so buttons, tabs and chips get the ring explicitly.
      MuiButtonBase: {
        styleOverrides: { root: { '&.Mui-focusVisible': { outline: focusRing(mode), outlineOffset: 2 } } },
      },
      MuiButton: { defaultProps: { disableElevation: true }, styleOverrides: { root: { textTransform: 'none' } } },
      MuiTab: { styleOverrides: { root: { textTransform: 'none', fontWeight: 600, minHeight: 48 } } },
      MuiPaper: { defaultProps: { elevation: 0 } },
      MuiTooltip: { defaultProps: { arrow: true } },
    },
  });
}

function focusRing(mode: 'light' | 'dark'): string {
  return `2px solid ${mode === 'light' ? '#2457c5' : '#8ab4ff'}`;
}

/** Level colours (None grey, Metadata blue, Request amber, RequestResponse red): more body, warmer colour. */
export const LEVEL_COLORS: Record<string, { light: string; dark: string }> = {
  None: { light: '#6b7280', dark: '#9ca3af' },
  Metadata: { light: '#1d63d8', dark: '#7fb0ff' },
  Request: { light: '#b45309', dark: '#fbbf24' },
  RequestResponse: { light: '#b91c1c', dark: '#f87171' },
};

export function levelColor(level: string, mode: 'light' | 'dark'): string {
  return (LEVEL_COLORS[level] ?? LEVEL_COLORS.None)[mode];
}
