// Monaco's generic editor worker (diffs, word ranges), bundled as a module worker.
import 'monaco-editor/editor/editor.worker.js';
