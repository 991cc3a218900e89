// The policy being edited: its YAML text is the single source of truth; builder edits go through the engine's
// comment-preserving document edits, and undo/redo spans builder and YAML edits alike.
import { useCallback, useEffect, useReducer, useRef, useState } from 'react';
import { applyEdits } from '../../../../shared/policy/document.ts';
import type { Policy, PolicyEdit } from '../../../../shared/policy/types.ts';

export const EMPTY_POLICY = 'apiVersion: audit.k8s.io/v1\nkind: Policy\nrules: []\n';

interface FileRef {
  name: string;
  /** Absolute path when the desktop app opened or saved it; browser mode only knows the name. */
  path?: string;
}

interface State {
  text: string;
  past: string[];
  future: string[];
  savedText: string;
  file: FileRef;
  /** When the last change was typing, so bursts of keystrokes become one undo step. */
  lastTypedAt: number;
}

type Action =
  | { type: 'replace'; text: string; typed: boolean; at: number }
  | { type: 'undo' }
  | { type: 'redo' }
  | { type: 'load'; text: string; file: FileRef }
  | { type: 'saved'; text: string; file: FileRef };

const TYPING_MERGE_MS = 800;
const HISTORY_LIMIT = 200;

function reducer(state: State, action: Action): State {
  switch (action.type) {
    case 'replace': {
      if (action.text === state.text) return state;
      const merge = action.typed && action.at - state.lastTypedAt < TYPING_MERGE_MS && state.past.length > 0;
      return {
        ...state,
        text: action.text,
        past: merge ? state.past : [...state.past, state.text].slice(-HISTORY_LIMIT),
        future: [],
        lastTypedAt: action.typed ? action.at : 0,
      };
    }
    case 'undo': {
      const previous = state.past.at(-1);
      if (previous === undefined) return state;
      return {
        ...state,
        text: previous,
        past: state.past.slice(0, -1),
        future: [state.text, ...state.future],
        lastTypedAt: 0,
      };
    }
    case 'redo': {
      const [next, ...rest] = state.future;
      if (next === undefined) return state;
      return { ...state, text: next, past: [...state.past, state.text], future: rest, lastTypedAt: 0 };
    }
    case 'load':
      return { text: action.text, past: [], future: [], savedText: action.text, file: action.file, lastTypedAt: 0 };
    case 'saved':
      return { ...state, savedText: action.text, file: action.file };
  }
}

export function usePolicyDocument(initialText: string = EMPTY_POLICY) {
  const [state, dispatch] = useReducer(reducer, {
    text: initialText,
    past: [],
    future: [],
    savedText: initialText,
    file: { name: 'audit-policy.yaml' },
    lastTypedAt: 0,
  });
  // Edits run in event handlers after render, so the text committed by the last render is the one to edit.
  const textRef = useRef(state.text);
  useEffect(() => {
    textRef.current = state.text;
  }, [state.text]);

  const edit = useCallback((edits: PolicyEdit[]) => {
    const text = applyEdits(textRef.current, edits);
    textRef.current = text;
    dispatch({ type: 'replace', text, typed: false, at: Date.now() });
  }, []);
  const type = useCallback((text: string) => dispatch({ type: 'replace', text, typed: true, at: Date.now() }), []);
  const replace = useCallback((text: string) => dispatch({ type: 'replace', text, typed: false, at: Date.now() }), []);
  const undo = useCallback(() => dispatch({ type: 'undo' }), []);
  const redo = useCallback(() => dispatch({ type: 'redo' }), []);
  const load = useCallback((text: string, file: FileRef) => dispatch({ type: 'load', text, file }), []);
  const markSaved = useCallback((text: string, file: FileRef) => dispatch({ type: 'saved', text, file }), []);

  return {
    text: state.text,
    file: state.file,
    dirty: state.text !== state.savedText,
    canUndo: state.past.length > 0,
    canRedo: state.future.length > 0,
    edit,
    type,
    replace,
    undo,
    redo,
    load,
    markSaved,
  };
}

/** Remembers the last policy that parsed, so the builder keeps showing it while the YAML is broken. */
export type PolicyDocument = ReturnType<typeof usePolicyDocument>;

export function useLastGoodPolicy(policy: Policy | null): Policy | null {
  const [last, setLast] = useState<Policy | null>(policy);
  if (policy && policy !== last) setLast(policy);
  return policy ?? last;
}
