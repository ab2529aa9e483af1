'use client';
// Monaco wrapper: rendered only in the browser (Monaco touches `window` on import).

import dynamic from 'next/dynamic';

export interface EditorMarker {
  line: number;
  column: number;
  message: string;
}

export interface CodeEditorProps {
  /** Model path: each path keeps its own text, undo stack and markers. */
  path: string;
  language: 'javascript' | 'wit' | 'wat';
  value: string;
  onChange?: (value: string) => void;
  markers?: EditorMarker[];
  height?: string | number;
  readOnly?: boolean;
  /** Scroll to and place the cursor on this line. */
  revealLine?: number;
}

export const CodeEditor = dynamic<CodeEditorProps>(() => import('./MonacoEditor'), {
  ssr: false,
  loading: () => <div className="p-4 text-sm text-zinc-500">Loading editor…</div>,
});
