'use client';
// Upload a ready component binary (.wasm) by file picker or drag and drop,
// with upload progress, then registration progress.

import { useRouter } from 'next/navigation';
import { useRef, useState } from 'react';
import { componentHref } from '../api';
import { NameField, useName, whyDisabled } from '../ui/fields';
import { Button, Elapsed, ErrorBox, Label, Spinner, formatBytes as formatBytesSafe, inputClass } from '../ui/ui';

type Phase = { kind: 'idle' } | { kind: 'uploading'; loaded: number; total: number } | { kind: 'registering'; since: number };

export function UploadForm() {
  const router = useRouter();
  const [file, setFile] = useState<File | null>(null);
  const { name, setName, error: nameError, field: nameField } = useName();
  const [wit, setWit] = useState('');
  const [over, setOver] = useState(false);
  const [phase, setPhase] = useState<Phase>({ kind: 'idle' });
  const [error, setError] = useState<string | null>(null);
  const input = useRef<HTMLInputElement>(null);

  const pick = (f: File | undefined) => {
    if (!f) return;
    setFile(f);
    setError(null);
    if (!name)
      setName(
        f.name
          .replace(/\.wasm$/i, '')
          .replace(/[^A-Za-z0-9._-]/g, '-')
          .replace(/^[^A-Za-z0-9]+/, '') || 'component',
      );
  };

  const upload = () => {
    if (!file || !name) return;
    setError(null);
    const form = new FormData();
    form.set('name', name);
    form.set('file', file);
    if (wit.trim()) form.set('wit', wit);
    const xhr = new XMLHttpRequest();
    xhr.open('POST', '/api/components');
    xhr.upload.onprogress = (e) => setPhase({ kind: 'uploading', loaded: e.loaded, total: e.lengthComputable ? e.total : file.size });
    xhr.upload.onload = () => setPhase({ kind: 'registering', since: Date.now() });
    xhr.onerror = () => {
      setPhase({ kind: 'idle' });
      setError('The upload failed: the server did not answer.');
    };
    xhr.onload = () => {
      let body: { error?: string; component?: { name: string } } = {};
      try {
        body = JSON.parse(xhr.responseText);
      } catch {
        /* not JSON */
      }
      if (xhr.status >= 200 && xhr.status < 300 && body.component) {
        router.push(componentHref(body.component.name));
      } else {
        setPhase({ kind: 'idle' });
        setError(body.error ?? `Upload failed (HTTP ${xhr.status}).`);
      }
    };
    setPhase({ kind: 'uploading', loaded: 0, total: file.size });
    xhr.send(form);
  };

  const busy = phase.kind !== 'idle';

  return (
    <div className="grid gap-4 lg:grid-cols-2">
      <div className="flex flex-col gap-3">
        <div
          data-testid="dropzone"
          role="button"
          tabIndex={0}
          onClick={() => input.current?.click()}
          onKeyDown={(e) => (e.key === 'Enter' || e.key === ' ') && input.current?.click()}
          onDragOver={(e) => {
            e.preventDefault();
            setOver(true);
          }}
          onDragLeave={() => setOver(false)}
          onDrop={(e) => {
            e.preventDefault();
            setOver(false);
            pick(e.dataTransfer.files[0]);
          }}
          className={`flex h-48 cursor-pointer flex-col items-center justify-center gap-2 rounded-lg border-2 border-dashed text-sm transition-colors ${
            over
              ? 'border-indigo-500 bg-indigo-50 dark:bg-indigo-950/40'
              : 'border-zinc-300 bg-white hover:border-zinc-400 dark:border-zinc-700 dark:bg-zinc-900 dark:hover:border-zinc-500'
          }`}
        >
          <svg viewBox="0 0 24 24" className="h-8 w-8 text-zinc-400" fill="none" stroke="currentColor" strokeWidth={1.5} aria-hidden>
            <path d="M12 16V4m0 0-4 4m4-4 4 4M4 16v2a2 2 0 0 0 2 2h12a2 2 0 0 0 2-2v-2" strokeLinecap="round" strokeLinejoin="round" />
          </svg>
          {file ? (
            <span className="font-mono text-zinc-800 dark:text-zinc-100" data-testid="picked-file">
              {file.name} · {formatBytesSafe(file.size)}
            </span>
          ) : (
            <span className="text-zinc-600 dark:text-zinc-300">Drop a component .wasm here, or click to choose a file</span>
          )}
          <input
            ref={input}
            type="file"
            accept=".wasm,application/wasm"
            className="hidden"
            data-testid="file-input"
            onChange={(e) => pick(e.target.files?.[0])}
          />
        </div>
        <div className="flex items-end gap-3">
          <NameField id="upload-name" label="Name" className="flex-1" {...nameField} placeholder="my-component" />
          <Button
            variant="primary"
            data-testid="upload"
            disabled={!file || !name || !!nameError || busy}
            onClick={upload}
            title={whyDisabled([
              busy && 'Uploading…',
              !file && 'Pick a .wasm file first',
              !name && 'Give the component a name first',
              !!nameError && 'Fix the name first',
            ])}
          >
            Upload
          </Button>
        </div>
        {phase.kind === 'uploading' && (
          <div data-testid="upload-progress" className="flex items-center gap-3 text-sm text-zinc-600 dark:text-zinc-300">
            <div className="h-2 flex-1 overflow-hidden rounded bg-zinc-200 dark:bg-zinc-800">
              <div
                className="h-full bg-indigo-500 transition-[width]"
                style={{ width: `${phase.total ? (100 * phase.loaded) / phase.total : 0}%` }}
              />
            </div>
            Uploading {formatBytesSafe(phase.loaded)} of {formatBytesSafe(phase.total)}
          </div>
        )}
        {phase.kind === 'registering' && (
          <div data-testid="upload-progress" className="flex items-center gap-2 text-sm text-zinc-600 dark:text-zinc-300">
            <Spinner className="text-indigo-500" /> Checking and registering the component… <Elapsed since={phase.since} />
          </div>
        )}
        {error && <ErrorBox message={error} testId="upload-error" />}
      </div>
      <div>
        <Label htmlFor="upload-wit">WIT (optional: full export signatures; without it they are read from the binary)</Label>
        <textarea
          id="upload-wit"
          className={`${inputClass} h-56 font-mono text-xs`}
          value={wit}
          onChange={(e) => setWit(e.target.value)}
          placeholder={'package demo:thing;\n\nworld thing {\n  export run: func() -> string;\n}'}
        />
      </div>
    </div>
  );
}
