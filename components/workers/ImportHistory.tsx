'use client';
// Import a worker history exported from a worker page (…/export): one JSON
// file, sent as JSON to POST /api/import; the new worker opens.

import { useRouter } from 'next/navigation';
import { useRef } from 'react';
import type { WorkerInfo } from '@/lib/runtime/types';
import { ApiError, errorMessage, runtimeClient, workerHref } from '../api';
import { useAction } from '../ui/action';
import { Button, Spinner } from '../ui/ui';

export function ImportHistory({ onError }: { onError: (message: string | null) => void }) {
  const router = useRouter();
  const input = useRef<HTMLInputElement>(null);
  const { busy, run } = useAction();
  const pick = async (f: File) => {
    onError(null);
    await run(
      async () => {
        let file: unknown;
        try {
          file = JSON.parse(await f.text());
        } catch (e) {
          throw new Error(`${f.name} is not a history file (not JSON: ${errorMessage(e)})`);
        }
        let r: { worker: WorkerInfo };
        try {
          r = await runtimeClient.importWorker({ file });
        } catch (e) {
          // Its name is taken here (imported before, or exported from this playground): import it beside it.
          if (!(e instanceof ApiError && e.status === 409)) throw e;
          const name = (file as { worker?: { name?: unknown } }).worker?.name;
          r = await runtimeClient.importWorker({
            file,
            name: `${typeof name === 'string' ? name : 'worker'}-imported-${Math.random().toString(36).slice(2, 6)}`,
          });
        }
        router.push(workerHref(r.worker));
      },
      { stayBusy: true, onError },
    );
  };
  return (
    <>
      <input
        ref={input}
        type="file"
        accept="application/json,.json"
        className="hidden"
        data-testid="import-file"
        aria-label="Worker history file to import"
        onChange={(e) => {
          const f = e.target.files?.[0];
          e.target.value = '';
          if (f) void pick(f);
        }}
      />
      <Button
        data-testid="import-history"
        disabled={!!busy}
        title={busy ? 'Importing…' : 'Import a worker history exported from a worker page: same oplog, same state'}
        onClick={() => input.current?.click()}
      >
        {busy && <Spinner className="h-3.5 w-3.5" />} Import history…
      </Button>
    </>
  );
}
