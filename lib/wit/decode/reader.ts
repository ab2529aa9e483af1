// Low-level byte reader for the WebAssembly (component) binary format.

export type ComponentFormatErrorKind =
  /** The bytes do not start with the `\0asm` magic: not WebAssembly at all. */
  | 'not-wasm'
  /** A core WebAssembly module (layer 0), not a component (layer 1). */
  | 'core-module'
  /** A component with a binary-format version this decoder does not know. */
  | 'unsupported-version'
  /** Truncated or malformed contents; `offset` says where. */
  | 'malformed';

export class ComponentFormatError extends Error {
  readonly kind: ComponentFormatErrorKind;
  /** Byte offset (from the start of the file) where decoding failed, when known. */
  readonly offset?: number;
  constructor(kind: ComponentFormatErrorKind, message: string, offset?: number) {
    super(offset === undefined ? message : `${message} (at byte offset ${offset})`);
    this.name = 'ComponentFormatError';
    this.kind = kind;
    this.offset = offset;
  }
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

export class Reader {
  pos: number;
  constructor(
    readonly bytes: Uint8Array,
    start = 0,
    readonly end = bytes.length,
  ) {
    this.pos = start;
  }

  fail(message: string, at = this.pos): never {
    throw new ComponentFormatError('malformed', message, at);
  }

  get eof(): boolean {
    return this.pos >= this.end;
  }

  byte(): number {
    const b = this.pos < this.end ? this.bytes[this.pos] : undefined;
    if (b === undefined) this.fail('unexpected end of data');
    this.pos++;
    return b;
  }

  peek(): number {
    const b = this.pos < this.end ? this.bytes[this.pos] : undefined;
    if (b === undefined) this.fail('unexpected end of data');
    return b;
  }

  /** Unsigned LEB128, at most 32 bits. */
  u32(): number {
    const start = this.pos;
    const { value } = this.leb(start);
    if (value > 0xffffffff) this.fail('u32 out of range', start);
    return value;
  }

  /** Signed LEB128 up to 33 bits (used by `valtype`: negative = type opcode). */
  s33(): number {
    const { value, last, bits } = this.leb(this.pos);
    return last & 0x40 ? value - 2 ** bits : value;
  }

  /** The magnitude of a LEB128 of at most 5 bytes, its last byte and how many bits it held. */
  private leb(start: number): { value: number; last: number; bits: number } {
    let value = 0;
    for (let shift = 0; shift < 35; shift += 7) {
      const b = this.byte();
      value += (b & 0x7f) * 2 ** shift;
      if ((b & 0x80) === 0) return { value, last: b, bits: shift + 7 };
    }
    this.fail('integer representation too long', start);
  }

  skip(n: number): void {
    if (n < 0 || this.pos + n > this.end) this.fail(`unexpected end of data (need ${n} bytes)`);
    this.pos += n;
  }

  string(): string {
    const len = this.u32();
    const start = this.pos;
    this.skip(len);
    try {
      return utf8.decode(this.bytes.subarray(start, start + len));
    } catch {
      this.fail('invalid UTF-8 in name', start);
    }
  }

  /** A vector: u32 count then `count` items read by `item`. */
  vec<T>(item: (i: number) => T): T[] {
    const n = this.u32();
    const out: T[] = [];
    for (let i = 0; i < n; i++) out.push(item(i));
    return out;
  }

  /** A sub-reader over the next `len` bytes; advances this reader past them. */
  sub(len: number): Reader {
    const start = this.pos;
    this.skip(len);
    return new Reader(this.bytes, start, start + len);
  }

  /** Require that this (sub-)reader was fully consumed. */
  done(what: string): void {
    if (this.pos !== this.end) this.fail(`${what}: ${this.end - this.pos} unexpected trailing bytes`);
  }
}
