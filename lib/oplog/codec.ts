// Host-call requests and responses hold BigInts (u64), byte arrays and
// `undefined` (WIT none), which JSON cannot carry. They are tagged on the way
// into the oplog and restored exactly on replay.

export type Encoded = null | boolean | number | string | Encoded[] | { [key: string]: Encoded };

export function encode(v: unknown): Encoded {
  if (v === null) return null;
  switch (typeof v) {
    case 'boolean':
    case 'string':
      return v;
    case 'number':
      return Number.isFinite(v) ? v : { $f: String(v) };
    case 'bigint':
      return { $b: v.toString() };
    case 'undefined':
      return { $u: 1 };
    case 'object': {
      if (v instanceof Uint8Array) return { $u8: Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString('base64') };
      if (ArrayBuffer.isView(v)) return { $ta: v.constructor.name, v: Array.from(v as unknown as ArrayLike<number | bigint>, encode) };
      if (Array.isArray(v)) return v.map(encode);
      const out: { [k: string]: Encoded } = {};
      for (const [k, x] of Object.entries(v as Record<string, unknown>)) out[k] = encode(x);
      if (isTagKey(out)) return { $o: out };
      return out;
    }
    default:
      throw new TypeError(`cannot record a ${typeof v} in the oplog`);
  }
}

export function decode(e: Encoded): unknown {
  if (e === null || typeof e !== 'object') return e;
  if (Array.isArray(e)) return e.map(decode);
  if ('$b' in e) return BigInt(e.$b as string);
  if ('$u' in e) return undefined;
  if ('$f' in e) return Number(e.$f);
  if ('$u8' in e) return new Uint8Array(Buffer.from(e.$u8 as string, 'base64'));
  if ('$ta' in e) return typedArray(e.$ta as string, (e.v as Encoded[]).map(decode));
  const src = '$o' in e ? (e.$o as { [k: string]: Encoded }) : e;
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(src)) out[k] = decode(x);
  return out;
}

function isTagKey(o: { [k: string]: Encoded }): boolean {
  const keys = Object.keys(o);
  return keys.length > 0 && keys.length <= 2 && keys.some((k) => k.startsWith('$'));
}

function typedArray(name: string, items: unknown[]): unknown {
  const ctors: Record<string, { from(a: unknown[]): unknown }> = {
    Int8Array,
    Uint8ClampedArray,
    Int16Array,
    Uint16Array,
    Int32Array,
    Uint32Array,
    Float32Array,
    Float64Array,
    BigInt64Array,
    BigUint64Array,
  } as unknown as Record<string, { from(a: unknown[]): unknown }>;
  const C = ctors[name];
  if (!C) throw new TypeError(`unknown typed array ${name} in oplog`);
  return C.from(items);
}

/** Structural equality of two encoded values (used to detect replay divergence). */
export function sameEncoded(a: Encoded, b: Encoded): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const bb = b as Encoded[];
    return a.length === bb.length && a.every((x, i) => sameEncoded(x, bb[i]!)); // same length
  }
  const ak = Object.keys(a);
  const bo = b as { [k: string]: Encoded };
  return ak.length === Object.keys(bo).length && ak.every((k) => k in bo && sameEncoded(a[k]!, bo[k]!));
}
