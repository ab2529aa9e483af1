// Starting points for a new component that do not come from examples/.

import type { Example } from '../api';

export const WAT_TEMPLATE: Example = {
  id: 'wat-math',
  title: 'Math (WAT)',
  description: 'Two pure functions written in WebAssembly text.',
  kind: 'wat',
  source: `;; Core WebAssembly exports matching the world's functions by name.
(module
  (memory (export "memory") 1)
  (func (export "add") (param i32 i32) (result i32)
    local.get 0
    local.get 1
    i32.add)
  (func (export "double") (param i64) (result i64)
    local.get 0
    i64.const 2
    i64.mul))
`,
  wit: `package demo:math;

world math {
  export add: func(a: u32, b: u32) -> u32;
  export double: func(x: u64) -> u64;
}
`,
};

export const EMPTY_JS: Example = {
  id: 'blank-js',
  title: 'Blank JavaScript',
  description: '',
  kind: 'js',
  source: `// Export an object per WIT interface, with one method per function.
export const api = {
  hello(name) {
    return \`Hello, \${name}!\`;
  },
};
`,
  wit: `package demo:hello;

interface api {
  hello: func(name: string) -> string;
}

world hello {
  export api;
}
`,
};
