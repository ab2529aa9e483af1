'use client';
// Live diagnostics while typing, before any build: JavaScript syntax (acorn,
// as an ES module) and WIT (the project's own parser, lib/wit/parse.ts). WIT
// packages the host provides (wasi:*, golem:*) are not known in the browser:
// an "unknown package" is left to the build, which resolves them.

import { parse as parseJs } from 'acorn';
import { useEffect, useState } from 'react';
import { parseWit, WitError } from '@/lib/wit/parse';
import type { EditorMarker } from './CodeEditor';

const DEBOUNCE_MS = 300;

export function jsDiagnostics(source: string): EditorMarker[] {
  try {
    parseJs(source, { ecmaVersion: 'latest', sourceType: 'module' });
    return [];
  } catch (e) {
    const loc = (e as { loc?: { line: number; column: number } }).loc;
    if (!loc) return [];
    return [{ line: loc.line, column: loc.column + 1, message: (e as Error).message.replace(/ \(\d+:\d+\)$/, '') }];
  }
}

export function witDiagnostics(wit: string): EditorMarker[] {
  try {
    parseWit([{ path: 'component.wit', text: wit }]);
    return [];
  } catch (e) {
    if (!(e instanceof WitError) || /unknown package/.test(e.message)) return [];
    return [{ line: e.line, column: e.column, message: e.message }];
  }
}

/** Markers for the source (JavaScript only) and the WIT, recomputed a moment after typing stops. */
export function useLiveDiagnostics(kind: string, source: string, wit: string): { source: EditorMarker[]; wit: EditorMarker[] } {
  const [out, setOut] = useState<{ source: EditorMarker[]; wit: EditorMarker[] }>({ source: [], wit: [] });
  useEffect(() => {
    const t = setTimeout(() => setOut({ source: kind === 'js' ? jsDiagnostics(source) : [], wit: witDiagnostics(wit) }), DEBOUNCE_MS);
    return () => clearTimeout(t);
  }, [kind, source, wit]);
  return out;
}
