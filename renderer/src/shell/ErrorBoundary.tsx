// Shows a readable error instead of a blank window when a view throws.
import { Alert, AlertTitle, Box, Button } from '@mui/material';
import { Component, type ReactNode } from 'react';

interface State {
  error: Error | null;
}

export class ErrorBoundary extends Component<{ children: ReactNode; area: string }, State> {
  state: State = { error: null };

  static getDerivedStateFromError(error: Error): State {
    return { error };
  }

  render() {
    if (!this.state.error) return this.props.children;
    return (
      <Box sx={{ p: 3 }} role="alert">
        <Alert severity="error" action={<Button onClick={() => this.setState({ error: null })}>Try again</Button>}>
          <AlertTitle>The {this.props.area} view hit an error</AlertTitle>
          {this.state.error.message}
          <Box component="pre" sx={{ mt: 1, fontSize: 12, whiteSpace: 'pre-wrap', opacity: 0.8 }}>
            {this.state.error.stack?.split('\n').slice(0, 6).join('\n')}
          </Box>
        </Alert>
      </Box>
    );
  }
}
