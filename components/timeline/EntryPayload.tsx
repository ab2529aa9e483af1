'use client';
// An entry's payload made readable: an HTTP call as method, URL, status,
// headers and body; everything else as JSON with bytes and u64s decoded. The
// entry exactly as recorded stays one click away.

import type { DecodedBytes, HttpExchange } from './decode';
import { decodeValue, httpExchange } from './decode';
import { plural } from '../ui/plural';

const pretty = (v: unknown) => JSON.stringify(v, null, 2) ?? 'undefined';

function Body({ body }: { body?: DecodedBytes }) {
  if (!body || body.bytes === 0) return <p className="text-zinc-600 dark:text-zinc-400">(no body)</p>;
  const label = body.as === 'json' ? 'JSON' : body.as === 'text' ? 'UTF-8 text' : 'binary, hex';
  return (
    <div>
      <p className="text-[10px] uppercase tracking-wide text-zinc-600 dark:text-zinc-400">
        body · {label} · {plural(body.bytes, 'byte')}
      </p>
      <pre
        className="mt-0.5 max-h-48 overflow-auto whitespace-pre-wrap break-all rounded bg-zinc-50 p-1.5 dark:bg-zinc-950"
        data-testid="http-body"
      >
        {body.as === 'json' ? pretty(body.value) : body.as === 'text' ? body.text : body.hex}
      </pre>
    </div>
  );
}

function Headers({ headers }: { headers: [string, string][] }) {
  if (headers.length === 0) return null;
  return (
    <details>
      <summary className="cursor-pointer text-zinc-600 dark:text-zinc-400">{plural(headers.length, 'header')}</summary>
      <ul className="mt-0.5 space-y-0.5">
        {headers.map(([k, v], i) => (
          <li key={i} className="break-all">
            <span className="text-zinc-600 dark:text-zinc-400">{k}:</span> {v}
          </li>
        ))}
      </ul>
    </details>
  );
}

export function HttpView({ http }: { http: HttpExchange }) {
  return (
    <div className="space-y-2 font-mono text-[11px] text-zinc-800 dark:text-zinc-200" data-testid="http-exchange">
      <div className="space-y-1">
        <p className="break-all">
          <span className="font-semibold" data-testid="http-method">
            {http.method}
          </span>{' '}
          <span data-testid="http-url">{http.url}</span>
        </p>
        <Headers headers={http.requestHeaders} />
        {http.requestBody && <Body body={http.requestBody} />}
      </div>
      <div className="space-y-1 border-t border-zinc-200 pt-2 dark:border-zinc-800">
        {http.error ? (
          <p className="text-red-700 dark:text-red-400">failed: {http.error}</p>
        ) : (
          <p>
            <span className="font-semibold" data-testid="http-status">
              {http.status}
            </span>{' '}
            response
          </p>
        )}
        {http.responseHeaders && <Headers headers={http.responseHeaders} />}
        {!http.error && <Body body={http.responseBody} />}
      </div>
    </div>
  );
}

export function EntryPayload({ entry }: { entry: { kind: string } & Record<string, unknown> }) {
  const http = httpExchange(entry);
  return (
    <div className="min-h-0 flex-1 space-y-3 overflow-auto p-3" data-testid="entry-payload">
      {http && <HttpView http={http} />}
      <pre
        className="whitespace-pre-wrap break-all font-mono text-[11px] leading-relaxed text-zinc-800 dark:text-zinc-200"
        data-testid="entry-decoded"
      >
        {pretty(decodeValue(entry))}
      </pre>
      <details className="text-[11px]">
        <summary className="cursor-pointer text-zinc-600 dark:text-zinc-400">As recorded</summary>
        <pre className="mt-1 whitespace-pre-wrap break-all font-mono leading-relaxed text-zinc-700 dark:text-zinc-300">{pretty(entry)}</pre>
      </details>
    </div>
  );
}
