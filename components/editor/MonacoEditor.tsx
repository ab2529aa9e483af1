'use client';
// The editor itself; only ever loaded in the browser (see CodeEditor.tsx).

import Editor, { loader, type OnMount } from '@monaco-editor/react';
import { useEffect, useRef, useState } from 'react';
import { monaco } from './monaco';
import type { CodeEditorProps } from './CodeEditor';

loader.config({ monaco: monaco as unknown as Parameters<typeof loader.config>[0]['monaco'] });
// vs-dark's comment green is 4.2:1 on its background: one step lighter meets WCAG AA.
monaco.editor.defineTheme('playground-dark', {
  base: 'vs-dark',
  inherit: true,
  rules: [{ token: 'comment', foreground: '6A9955' }],
  colors: {},
});

const isDark = () => typeof document !== 'undefined' && document.documentElement.classList.contains('dark');

export default function MonacoEditor({
  path,
  language,
  value,
  onChange,
  markers = [],
  height = '100%',
  readOnly,
  revealLine,
}: CodeEditorProps) {
  const [dark, setDark] = useState(isDark);
  const editorRef = useRef<Parameters<OnMount>[0] | null>(null);
  const [mounted, setMounted] = useState(0);

  useEffect(() => {
    const update = () => setDark(isDark());
    window.addEventListener('themechange', update);
    return () => window.removeEventListener('themechange', update);
  }, []);

  // Markers are declarative: whatever the parent passes is what the model shows.
  useEffect(() => {
    const model = editorRef.current?.getModel();
    if (!model) return;
    monaco.editor.setModelMarkers(
      model,
      'build',
      markers.map((m) => {
        const line = Math.min(Math.max(1, m.line), model.getLineCount());
        const col = Math.min(Math.max(1, m.column), model.getLineMaxColumn(line));
        const word = model.getWordAtPosition({ lineNumber: line, column: col });
        const end = word && word.endColumn > col ? word.endColumn : Math.max(col + 1, Math.min(model.getLineMaxColumn(line), col + 1));
        return {
          startLineNumber: line,
          startColumn: word && word.endColumn > col ? word.startColumn : col,
          endLineNumber: line,
          endColumn: end === col ? model.getLineMaxColumn(line) : end,
          message: m.message,
          severity: monaco.MarkerSeverity.Error,
        };
      }),
    );
  }, [markers, mounted, path, value]);

  useEffect(() => {
    if (revealLine && editorRef.current) {
      editorRef.current.revealLineInCenter(revealLine);
      editorRef.current.setPosition({ lineNumber: revealLine, column: 1 });
    }
  }, [revealLine, mounted, path]);

  return (
    <Editor
      path={path}
      language={language}
      value={value}
      onChange={(v) => onChange?.(v ?? '')}
      theme={dark ? 'playground-dark' : 'vs'}
      height={height}
      onMount={(ed) => {
        editorRef.current = ed;
        setMounted((n) => n + 1);
      }}
      options={{
        readOnly,
        minimap: { enabled: false },
        // A dimmed last line number fails contrast (WCAG AA); show it like the others.
        renderFinalNewline: 'on',
        fontSize: 13,
        scrollBeyondLastLine: false,
        tabSize: 2,
        automaticLayout: true,
        renderLineHighlight: 'line',
        padding: { top: 8 },
      }}
      loading={<div className="p-4 text-sm text-zinc-500">Loading editor…</div>}
    />
  );
}
