// The live YAML view: Monaco with the policy schema (completion, hover) and the engine's findings as markers.
import Editor, { type OnMount } from '@monaco-editor/react';
import { Box, useTheme } from '@mui/material';
import { forwardRef, useEffect, useImperativeHandle, useRef } from 'react';
import type { editor as MonacoEditor } from 'monaco-editor';
import type { Diagnostic } from '../../../../shared/policy/types.ts';
import { monaco } from '../../monaco/setup.ts';

export const POLICY_MODEL_PATH = 'file:///auditscope/policy.yaml';

export interface YamlEditorHandle {
  revealLine(line: number, column?: number): void;
}

interface Props {
  text: string;
  diagnostics: Diagnostic[];
  onType(text: string): void;
}

type Editor = Parameters<OnMount>[0];

export const YamlEditor = forwardRef<YamlEditorHandle, Props>(function YamlEditor({ text, diagnostics, onType }, ref) {
  const theme = useTheme();
  const editorRef = useRef<Editor | null>(null);

  useImperativeHandle(ref, () => ({
    revealLine(line, column = 1) {
      const editor = editorRef.current;
      if (!editor) return;
      editor.revealLineInCenter(line);
      editor.setPosition({ lineNumber: line, column });
      editor.focus();
    },
  }));

  useEffect(() => {
    const model = editorRef.current?.getModel();
    if (!model) return;
    monaco.editor.setModelMarkers(model, 'auditscope', diagnostics.filter((d) => d.range).map(toMarker));
  });

  return (
    <Box sx={{ flex: 1, minHeight: 0 }}>
      <Editor
        path={POLICY_MODEL_PATH}
        defaultLanguage="yaml"
        value={text}
        theme={theme.palette.mode === 'dark' ? 'vs-dark' : 'vs'}
        onMount={(editor) => {
          editorRef.current = editor;
          const model = editor.getModel();
          if (model)
            monaco.editor.setModelMarkers(model, 'auditscope', diagnostics.filter((d) => d.range).map(toMarker));
        }}
        onChange={(value) => {
          if (value !== undefined && value !== text) onType(value);
        }}
        options={{
          minimap: { enabled: false },
          fontSize: 13,
          tabSize: 2,
          insertSpaces: true,
          scrollBeyondLastLine: false,
          automaticLayout: true,
          renderWhitespace: 'boundary',
          ariaLabel: 'Policy YAML',
          quickSuggestions: { other: true, comments: false, strings: true },
        }}
      />
    </Box>
  );
});

function toMarker(diagnostic: Diagnostic): MonacoEditor.IMarkerData {
  const range = diagnostic.range!;
  const sameSpot = range.end.line === range.start.line && range.end.column <= range.start.column;
  return {
    severity:
      diagnostic.severity === 'error'
        ? monaco.MarkerSeverity.Error
        : diagnostic.severity === 'warning'
          ? monaco.MarkerSeverity.Warning
          : monaco.MarkerSeverity.Info,
    message: diagnostic.message,
    code: diagnostic.code,
    source: 'auditscope',
    startLineNumber: range.start.line,
    startColumn: range.start.column,
    endLineNumber: range.end.line,
    endColumn: sameSpot ? range.start.column + 1 : range.end.column,
  };
}
