// The one error type of value conversion: carries where in the value it happened.

export class ValueError extends Error {
  /** Path to the offending part of the value, e.g. `args[0].items[2].qty` ('' for the root). */
  readonly path: string;
  /** The message without the path/position prefix. */
  readonly detail: string;
  /** For WAVE text: 0-based offset of the offending input. */
  readonly offset?: number;

  constructor(detail: string, path = '', where?: { offset: number; text: string }) {
    let prefix = path ? `${path}: ` : '';
    if (where) prefix = `${positionOf(where.text, where.offset)}: ${prefix}`;
    super(prefix + detail);
    this.name = 'ValueError';
    this.path = path;
    this.detail = detail;
    this.offset = where?.offset;
  }
}

/** `column 5` for one-line input (what a form field holds), `line 2, column 3` otherwise. */
function positionOf(text: string, offset: number): string {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  const column = offset - (before.lastIndexOf('\n') + 1) + 1;
  return text.includes('\n') ? `at line ${line}, column ${column}` : `at column ${column}`;
}
