// Caps a core module's linear memory by rewriting its memory section's
// limits: memory.grow past the cap then fails inside the guest (a trap or an
// allocation error in that worker), and never reaches the host's memory.

const PAGE = 65536;

function readU32(b: Uint8Array, pos: number): [number, number] {
  let result = 0;
  let shift = 0;
  for (;;) {
    const byte = b[pos++];
    if (byte === undefined) throw new Error('truncated LEB128');
    result += (byte & 0x7f) * 2 ** shift;
    if ((byte & 0x80) === 0) return [result, pos];
    shift += 7;
  }
}

function writeU32(n: number): number[] {
  const out: number[] = [];
  do {
    let byte = n & 0x7f;
    n = Math.floor(n / 128);
    if (n !== 0) byte |= 0x80;
    out.push(byte);
  } while (n !== 0);
  return out;
}

export function limitMemory(module: Uint8Array, maxBytes: number): Uint8Array {
  const maxPages = Math.max(1, Math.floor(maxBytes / PAGE));
  let pos = 8;
  while (pos < module.length) {
    const id = module[pos];
    const [size, bodyStart] = readU32(module, pos + 1);
    const bodyEnd = bodyStart + size;
    if (id === 5) {
      let p = bodyStart;
      const [count, afterCount] = readU32(module, p);
      p = afterCount;
      const body: number[] = writeU32(count);
      for (let i = 0; i < count; i++) {
        const flags = module[p++];
        if (flags === undefined) throw new Error('truncated memory section');
        if (flags & 0x04) return module; // memory64: leave it alone
        const [min, afterMin] = readU32(module, p);
        p = afterMin;
        let max = maxPages;
        if (flags & 0x01) {
          const [m, afterMax] = readU32(module, p);
          p = afterMax;
          max = Math.min(m, maxPages);
        }
        if (min > max) max = min;
        body.push((flags & 0x02) | 0x01, ...writeU32(min), ...writeU32(max));
      }
      const section = [5, ...writeU32(body.length), ...body];
      const out = new Uint8Array(module.length - (bodyEnd - pos) + section.length);
      out.set(module.subarray(0, pos), 0);
      out.set(section, pos);
      out.set(module.subarray(bodyEnd), pos + section.length);
      return out;
    }
    pos = bodyEnd;
  }
  return module;
}
