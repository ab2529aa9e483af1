// Recorded payloads made readable: bytes (`{ "$u8": base64 }` and HTTP bodies)
// as pretty JSON or UTF-8 text when they are, hex otherwise; u64s
// (`{ "$b": "…" }`) as plain numbers; HTTP calls as method, URL, status,
// headers and body. Display only: the oplog keeps the exact encoding.

import { base64Bytes } from '../api';
import { plural } from '../ui/plural';

/** Bytes shown as what they are: JSON (parsed), UTF-8 text, or hex. */
export type DecodedBytes =
  { as: 'json'; value: unknown; bytes: number } | { as: 'text'; text: string; bytes: number } | { as: 'hex'; hex: string; bytes: number };

const utf8 = (bytes: Uint8Array): string | null => {
  try {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return /[\u0000-\u0008\u000e-\u001f\u007f]/.test(text) ? null : text;
  } catch {
    return null;
  }
};

export function hexOf(bytes: Uint8Array, max = 256): string {
  const hex = Array.from(bytes.slice(0, max), (b) => b.toString(16).padStart(2, '0')).join(' ');
  return bytes.length > max ? `${hex} … (${plural(bytes.length, 'byte')})` : hex;
}

export function decodeText(text: string, bytes: number): DecodedBytes {
  const t = text.trim();
  if ((t.startsWith('{') && t.endsWith('}')) || (t.startsWith('[') && t.endsWith(']'))) {
    try {
      return { as: 'json', value: JSON.parse(t), bytes };
    } catch {
      /* text that only looks like JSON */
    }
  }
  return { as: 'text', text, bytes };
}

export function decodeBytes(bytes: Uint8Array): DecodedBytes {
  const text = utf8(bytes);
  return text === null ? { as: 'hex', hex: hexOf(bytes), bytes: bytes.length } : decodeText(text, bytes.length);
}

export function decodeBase64(b64: string): DecodedBytes {
  const bytes = base64Bytes(b64);
  return bytes ? decodeBytes(bytes) : { as: 'text', text: b64, bytes: b64.length };
}

/** The decoded bytes as a plain JSON-able value (for a pretty-printed tree). */
function bytesValue(d: DecodedBytes): unknown {
  return d.as === 'json' ? d.value : d.as === 'text' ? d.text : `hex: ${d.hex}`;
}

/** A recorded value with `$u8` bytes and `$b` u64s replaced by readable values. */
export function decodeValue(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(decodeValue);
  if (v === null || typeof v !== 'object') return v;
  const o = v as Record<string, unknown>;
  const keys = Object.keys(o);
  if (keys.length === 1 && typeof o.$u8 === 'string') return bytesValue(decodeBase64(o.$u8));
  if (keys.length === 1 && typeof o.$b === 'string') {
    const n = Number(o.$b);
    return Number.isSafeInteger(n) ? n : o.$b;
  }
  return Object.fromEntries(keys.map((k) => [k, decodeValue(o[k])]));
}

export interface HttpExchange {
  method: string;
  url: string;
  requestHeaders: [string, string][];
  requestBody?: DecodedBytes;
  status?: number;
  responseHeaders?: [string, string][];
  responseBody?: DecodedBytes;
  error?: string;
}

const isHeaders = (v: unknown): v is [string, string][] => Array.isArray(v) && v.every((h) => Array.isArray(h) && h.length === 2);

/** An outgoing HTTP call's request and response, when the entry is one. */
export function httpExchange(entry: { kind: string; functionName?: unknown; request?: unknown; response?: unknown }): HttpExchange | null {
  if (entry.kind !== 'imported-function-invoked' || typeof entry.functionName !== 'string') return null;
  const fn = entry.functionName;
  if (fn !== 'playground:http/client.send' && !fn.startsWith('wasi:http/outgoing-handler')) return null;
  const req = entry.request as Record<string, unknown> | null;
  if (!req || typeof req.method !== 'string' || typeof req.url !== 'string') return null;
  const out: HttpExchange = {
    method: req.method,
    url: req.url,
    requestHeaders: isHeaders(req.headers) ? req.headers : [],
    requestBody: typeof req.body === 'string' && req.body ? decodeBase64(req.body) : undefined,
  };
  let res = entry.response as Record<string, unknown> | null | undefined;
  if (res && typeof res === 'object' && 'ok' in res) res = res.ok as Record<string, unknown>;
  else if (res && typeof res === 'object' && 'err' in res) {
    out.error = typeof res.err === 'string' ? res.err : JSON.stringify(decodeValue(res.err));
    return out;
  }
  if (res && typeof res === 'object') {
    if (typeof res.error === 'string') out.error = `${res.error}${typeof res.message === 'string' ? `: ${res.message}` : ''}`;
    if (typeof res.status === 'number') out.status = res.status;
    if (isHeaders(res.headers)) out.responseHeaders = res.headers;
    if (typeof res.body === 'string') {
      // playground:http records the response body as text; wasi:http as base64 bytes.
      out.responseBody = fn.startsWith('wasi:http') ? decodeBase64(res.body) : decodeText(res.body, res.body.length);
    }
  }
  return out;
}

/** A short one-line form of decoded bytes, for a row. */
export function bytesSnippet(d: DecodedBytes | undefined, max = 80): string {
  if (!d) return '';
  const s = d.as === 'json' ? JSON.stringify(d.value) : d.as === 'text' ? JSON.stringify(d.text) : plural(d.bytes, 'byte');
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
}
