// Monaco, bundled from the npm package (no CDN): the core editor API plus the
// editor features the playground uses, JavaScript highlighting, and Monarch
// grammars for WIT and WAT. Client-only: imported by MonacoEditor.tsx, which
// is loaded with next/dynamic({ ssr: false }).

import * as monaco from 'monaco-editor/editor/editor.api.js';
import { PRIMITIVES } from '@/lib/wit/types';
import 'monaco-editor/features/codicon/register.js';
import 'monaco-editor/editor/browser/coreCommands.js';
import 'monaco-editor/editor/browser/widget/codeEditor/codeEditorWidget.js';
import 'monaco-editor/editor/contrib/bracketMatching/browser/bracketMatching.js';
import 'monaco-editor/editor/contrib/clipboard/browser/clipboard.js';
import 'monaco-editor/editor/contrib/comment/browser/comment.js';
import 'monaco-editor/editor/contrib/contextmenu/browser/contextmenu.js';
import 'monaco-editor/editor/contrib/cursorUndo/browser/cursorUndo.js';
import 'monaco-editor/editor/contrib/find/browser/findController.js';
import 'monaco-editor/editor/contrib/folding/browser/folding.js';
import 'monaco-editor/editor/contrib/gotoError/browser/gotoError.js';
import 'monaco-editor/editor/contrib/hover/browser/hoverContribution.js';
import 'monaco-editor/editor/contrib/indentation/browser/indentation.js';
import 'monaco-editor/editor/contrib/linesOperations/browser/linesOperations.js';
import 'monaco-editor/editor/contrib/multicursor/browser/multicursor.js';
import 'monaco-editor/editor/contrib/wordHighlighter/browser/wordHighlighter.js';
import 'monaco-editor/editor/contrib/wordOperations/browser/wordOperations.js';
import 'monaco-editor/editor/common/standaloneStrings.js';
import 'monaco-editor/languages/definitions/javascript/register.js';

declare global {
  interface Window {
    MonacoEnvironment?: { getWorker(workerId: string, label: string): Worker };
  }
}

// Only the generic editor worker is needed: no language service runs in a worker.
self.MonacoEnvironment = {
  getWorker: () => new Worker(new URL('./editor.worker.ts', import.meta.url), { type: 'module' }),
};

/**
 * Registers a language: its comments, its brackets (each closes itself, as does a
 * string's quote) and its Monarch grammar.
 */
function register(
  id: string,
  comments: monaco.languages.CommentRule,
  brackets: monaco.languages.CharacterPair[],
  grammar: monaco.languages.IMonarchLanguage,
): void {
  monaco.languages.register({ id, extensions: [`.${id}`], aliases: [id.toUpperCase(), id] });
  monaco.languages.setLanguageConfiguration(id, {
    comments,
    brackets,
    autoClosingPairs: [...brackets.map(([open, close]) => ({ open, close })), { open: '"', close: '"' }],
  });
  monaco.languages.setMonarchTokensProvider(id, grammar);
}

register(
  'wit',
  { lineComment: '//', blockComment: ['/*', '*/'] },
  [
    ['{', '}'],
    ['(', ')'],
    ['<', '>'],
  ],
  {
    keywords: [
      'package',
      'world',
      'interface',
      'func',
      'record',
      'variant',
      'enum',
      'flags',
      'resource',
      'type',
      'use',
      'import',
      'export',
      'include',
      'with',
      'as',
      'from',
      'static',
      'constructor',
      'async',
    ],
    // The primitives as the parser knows them, plus the older float names and the type constructors.
    typeKeywords: [...PRIMITIVES, 'float32', 'float64', 'list', 'option', 'result', 'tuple', 'borrow', 'own', 'future', 'stream', '_'],
    tokenizer: {
      root: [
        [/\/\/\/.*$/, 'comment.doc'],
        [/\/\/.*$/, 'comment'],
        [/\/\*/, 'comment', '@comment'],
        [/@[\w.-]+/, 'annotation'],
        [/%?[a-z][a-z0-9]*(?:-[a-z0-9]+)*/, { cases: { '@keywords': 'keyword', '@typeKeywords': 'type', '@default': 'identifier' } }],
        [/[A-Za-z][\w-]*/, 'identifier'],
        [/\d+(\.\d+)*/, 'number'],
        [/->/, 'operator'],
        [/[{}()<>]/, '@brackets'],
        [/[:;,.=/*]/, 'delimiter'],
        [/"[^"]*"/, 'string'],
      ],
      comment: [
        [/[^/*]+/, 'comment'],
        [/\*\//, 'comment', '@pop'],
        [/[/*]/, 'comment'],
      ],
    },
  },
);

register('wat', { lineComment: ';;', blockComment: ['(;', ';)'] }, [['(', ')']], {
  keywords: [
    'module',
    'func',
    'param',
    'result',
    'local',
    'global',
    'export',
    'import',
    'memory',
    'table',
    'type',
    'data',
    'elem',
    'start',
    'mut',
    'block',
    'loop',
    'if',
    'then',
    'else',
    'end',
    'br',
    'br_if',
    'br_table',
    'return',
    'call',
    'call_indirect',
    'unreachable',
    'nop',
    'drop',
    'select',
    'offset',
    'funcref',
  ],
  tokenizer: {
    root: [
      [/;;.*$/, 'comment'],
      [/\(;/, 'comment', '@comment'],
      [/\$[\w.$-]+/, 'variable'],
      [/(?:i32|i64|f32|f64|v128)(?:\.[a-z0-9_/]+)?/, 'type'],
      [/[a-z_][\w.]*/, { cases: { '@keywords': 'keyword', '@default': 'identifier' } }],
      [/-?(?:0x[\da-fA-F_]+|\d[\d_]*(?:\.\d+)?(?:e[+-]?\d+)?)/, 'number'],
      [/"(?:[^"\\]|\\.)*"/, 'string'],
      [/[()]/, '@brackets'],
    ],
    comment: [
      [/[^(;]+/, 'comment'],
      [/;\)/, 'comment', '@pop'],
      [/[(;]/, 'comment'],
    ],
  },
});

export { monaco };
