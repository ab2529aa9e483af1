// One readable line per oplog entry for the timeline, including kinds this UI
// build may not know yet: the engine's `summarize` where it has something to
// say, our own wording for the durable host API's entries, and the entry's own
// fields for anything else.

import { summarize, type OplogEntry } from '@/lib/oplog/entry';
import { payloadPreview } from '../api';
import { clockTime } from '../ui/ui';
import { bytesSnippet, decodeValue, httpExchange } from './decode';
import { plural } from '../ui/plural';

/** An entry as it arrives over the wire: any kind, any fields. */
type AnyEntry = { kind: string; index?: number; timestamp?: number } & Record<string, unknown>;

const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

/** Up to `max` characters of a payload's UTF-8 text, quoted, or its size when it is binary. */
export function payloadSnippet(b64: string, max = 80): string {
  const p = payloadPreview(b64);
  if (p.binary) return `${plural(p.bytes, 'byte')}: ${p.text}`;
  const t = p.text.length > max ? `${p.text.slice(0, max - 1)}…` : p.text;
  return JSON.stringify(t);
}

/** The entry's fields other than kind, index and time, compactly. */
function fields(e: AnyEntry): string {
  const rest = Object.entries(e).filter(([k]) => k !== 'kind' && k !== 'index' && k !== 'timestamp');
  if (rest.length === 0) return '';
  const s = rest.map(([k, v]) => `${k}=${JSON.stringify(v)}`).join(' ');
  return s.length > 200 ? `${s.slice(0, 199)}…` : s;
}

export function describeEntry(entry: OplogEntry | AnyEntry): string {
  const e = entry as AnyEntry;
  switch (e.kind) {
    case 'imported-function-invoked': {
      // HTTP as method, URL, status and body; bytes and u64s decoded.
      const http = httpExchange(e);
      if (http) {
        const outcome = http.error
          ? `failed: ${http.error}`
          : `${http.status ?? '?'}${http.responseBody ? ` ${bytesSnippet(http.responseBody, 100)}` : ''}`;
        return `${http.method} ${http.url}${http.requestBody ? ` ${bytesSnippet(http.requestBody, 60)}` : ''} → ${outcome}`;
      }
      const fn = str(e.functionName);
      if (fn === undefined) break;
      const s = JSON.stringify(decodeValue(e.response)) ?? 'undefined';
      return `${fn} → ${s.length > 160 ? `${s.slice(0, 159)}…` : s}`;
    }
    case 'exported-function-completed': {
      const s = JSON.stringify(decodeValue(e.result)) ?? 'null';
      return `→ ${s.length > 200 ? `${s.slice(0, 199)}…` : s}`;
    }
    case 'promise-completed': {
      const data = str(e.data);
      return `promise #${e.promiseIndex} completed${data !== undefined ? ` with ${payloadSnippet(data)}` : ''}`;
    }
    case 'suspend': {
      const promise = num(e.promise);
      const until = num(e.until);
      if (promise !== undefined) return `suspended, waiting for promise #${promise}`;
      if (until !== undefined) return `suspended, sleeping until ${clockTime(until)}`;
      return 'suspended';
    }
    case 'begin-atomic-region':
      return 'atomic region begins';
    case 'end-atomic-region':
      return num(e.beginIndex) !== undefined ? `atomic region from #${e.beginIndex} ends` : 'atomic region ends';
    case 'begin-remote-write':
      return 'remote write begins';
    case 'end-remote-write':
      return num(e.beginIndex) !== undefined ? `remote write from #${e.beginIndex} done` : 'remote write done';
    case 'jump':
      return num(e.start) !== undefined ? `replay skips #${e.start}…#${e.end}` : fields(e);
    case 'revert':
      return num(e.start) !== undefined ? `reverted: #${e.start}…#${e.end} dropped from the history` : fields(e);
    case 'pending-update':
      return num(e.targetVersion) !== undefined ? `update to v${e.targetVersion} requested (${str(e.mode) ?? 'automatic'})` : fields(e);
    case 'successful-update':
      return num(e.targetVersion) !== undefined
        ? `updated v${e.fromVersion ?? '?'} → v${e.targetVersion} (${str(e.mode) ?? 'automatic'})`
        : fields(e);
    case 'failed-update':
      return num(e.targetVersion) !== undefined
        ? `update to v${e.targetVersion} failed, stays on its version: ${str(e.details) ?? ''}`
        : fields(e);
    case 'error': {
      const msg = str(e.error) ?? fields(e);
      const attempt = num(e.attempt);
      const max = num(e.maxAttempts);
      const retryAt = num(e.retryAt);
      if (retryAt !== undefined)
        return `${msg} — attempt ${attempt ?? 1}${max !== undefined ? ` of ${max}` : ''} failed, retrying at ${clockTime(retryAt)}`;
      // No retry scheduled: this failure is final.
      if (e.final === true || attempt !== undefined)
        return `${msg} — final${attempt !== undefined ? ` after ${plural(attempt, 'attempt')}` : ''}`;
      return msg;
    }
    case 'pending-worker-invocation': {
      const at = num(e.scheduledAt);
      const fn = str(e.functionName) ?? '?';
      const args = Array.isArray(e.args) ? e.args.map((a) => JSON.stringify(a)).join(', ') : '';
      return `${at !== undefined ? `scheduled for ${clockTime(at)}:` : 'queued'} ${fn}(${args})`;
    }
  }
  let s = '';
  try {
    s = summarize(e as unknown as OplogEntry);
  } catch {
    /* a field the engine's summary expects is missing: fall back to the fields */
  }
  return s || fields(e);
}
