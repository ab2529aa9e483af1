'use client';
// /components/new: author a component in JavaScript or WAT against a WIT world
// (Monaco, build errors as markers), or upload a ready .wasm.

import { useRouter } from 'next/navigation';
import { useEffect, useMemo, useState } from 'react';
import { ApiError, componentHref, componentsClient, type ComponentSummary, type ErrorLocation, errorMessage, type Example } from '../api';
import { CodeEditor, type EditorMarker } from '../editor/CodeEditor';
import { useLiveDiagnostics } from '../editor/diagnostics';
import { NameField, SelectField, useName, whyDisabled } from '../ui/fields';
import { Button, Elapsed, ErrorBox, Label, Spinner, inputClass } from '../ui/ui';
import { Tab } from '../ui/Tab';
import { useExamples } from '../useExamples';
import { EMPTY_JS, WAT_TEMPLATE } from './templates';
import { UploadForm } from './UploadForm';
import { plural } from '../ui/plural';

type Mode = 'js' | 'wat' | 'upload';
type FileTab = 'source' | 'wit';

interface BuildError {
  message: string;
  location?: ErrorLocation;
}

export function NewComponent({
  fallbackExamples,
  initialTemplate,
  editName,
}: {
  fallbackExamples: Example[];
  initialTemplate?: string;
  editName?: string;
}) {
  const router = useRouter();
  const examples = useExamples(fallbackExamples);
  const templates = useMemo(() => [...examples, WAT_TEMPLATE, EMPTY_JS], [examples]);
  const first = templates.find((t) => t.id === initialTemplate) ?? templates.find((t) => t.id === 'counter') ?? EMPTY_JS;

  const [mode, setMode] = useState<Mode>(first.kind);
  const [templateId, setTemplateId] = useState(first.id);
  const { name, setName, error: nameError, field: nameField } = useName(first.id === 'blank-js' ? '' : first.id);
  const [source, setSource] = useState(first.source);
  const [wit, setWit] = useState(first.wit);
  const [world, setWorld] = useState(first.world ?? '');
  const [tab, setTab] = useState<FileTab>('source');
  const [buildStart, setBuildStart] = useState<number | null>(null);
  const [error, setError] = useState<BuildError | null>(null);
  // Every build of an existing name is a new version: say which one before it happens.
  const [existing, setExisting] = useState<ComponentSummary[]>([]);
  const [loadError, setLoadError] = useState<string | null>(null);
  useEffect(() => {
    componentsClient
      .list()
      .then((r) => setExisting(r.components))
      .catch(() => {});
  }, []);
  // Edit: the latest version's source and WIT, under the same name.
  useEffect(() => {
    if (!editName) return;
    componentsClient
      .versions(editName)
      .then((r) => {
        const latest = [...r.versions].sort((a, b) => b.version - a.version)[0];
        if (!latest || latest.source === undefined || (latest.sourceKind !== 'js' && latest.sourceKind !== 'wat')) {
          setLoadError(`${editName} has no source to edit (it was uploaded as a binary): upload a new version instead.`);
          return;
        }
        setName(editName);
        setMode(latest.sourceKind);
        setSource(latest.source);
        setWit(latest.wit ?? '');
        setTemplateId('');
      })
      .catch((e) => setLoadError(errorMessage(e)));
  }, [editName]);
  const current = existing.find((c) => c.name === name);
  const nextVersion = current ? current.latestVersion + 1 : 1;

  const applyTemplate = (id: string) => {
    const t = templates.find((x) => x.id === id);
    if (!t) return;
    if (!name || templates.some((x) => x.id === name)) setName(t.id === 'blank-js' ? '' : t.id);
    setTemplateId(id);
    setMode(t.kind);
    setSource(t.source);
    setWit(t.wit);
    setWorld(t.world ?? '');
    setError(null);
    setTab('source');
  };

  const build = async () => {
    if (!name || nameError || mode === 'upload') return;
    setError(null);
    setBuildStart(Date.now());
    try {
      const r = await componentsClient.build({ name, kind: mode, source, wit, world: world || undefined });
      router.push(componentHref(r.component.name));
    } catch (e) {
      const loc = e instanceof ApiError ? e.location : undefined;
      setError({ message: errorMessage(e), location: loc });
      if (loc) setTab(loc.file === 'wit' ? 'wit' : 'source');
      setBuildStart(null);
    }
  };

  // A build's error where it points; else what the live check finds while typing.
  const live = useLiveDiagnostics(mode, source, wit);
  const sourceMarkers: EditorMarker[] =
    error?.location && error.location.file !== 'wit'
      ? [{ line: error.location.line, column: error.location.column, message: error.message }]
      : live.source;
  const witMarkers: EditorMarker[] =
    error?.location?.file === 'wit' ? [{ line: error.location.line, column: error.location.column, message: error.message }] : live.wit;

  const building = buildStart !== null;
  const sourceLabel = mode === 'wat' ? 'component.wat' : 'component.js';

  return (
    <div className="mx-auto flex h-[calc(100vh-3rem)] max-w-screen-2xl flex-col gap-3 px-4 py-4">
      <div className="flex flex-wrap items-end gap-3">
        <div>
          <h1 className="text-lg font-semibold tracking-tight">{editName ? `Edit ${editName}` : 'New component'}</h1>
          <p className="text-xs text-zinc-500 dark:text-zinc-400">Write it in JavaScript or WAT against a WIT world, or upload a .wasm.</p>
        </div>
        <div className="ml-auto flex rounded-md border border-zinc-300 p-0.5 dark:border-zinc-700" role="tablist" aria-label="Source kind">
          {(['js', 'wat', 'upload'] as Mode[]).map((m) => (
            <Tab
              key={m}
              selected={mode === m}
              testId={`mode-${m}`}
              onSelect={() => {
                if (m === 'upload') return setMode('upload');
                const t = templates.find((x) => x.kind === m);
                if (m !== mode && t) applyTemplate(t.id);
              }}
              className={`rounded px-3 py-1 text-sm ${mode === m ? 'bg-indigo-600 text-white' : 'text-zinc-600 hover:text-zinc-900 dark:text-zinc-300 dark:hover:text-white'}`}
            >
              {m === 'js' ? 'JavaScript' : m === 'wat' ? 'WAT' : 'Upload .wasm'}
            </Tab>
          ))}
        </div>
      </div>

      {mode === 'upload' ? (
        <UploadForm />
      ) : (
        <>
          <div className="flex flex-wrap items-end gap-3">
            <NameField id="component-name" label="Name" className="w-56" {...nameField} placeholder="my-component" />
            <SelectField id="template" testId="template" label="Start from" className="w-60" value={templateId} onChange={applyTemplate}>
              {templateId === '' && <option value="">{editName ? `${editName}, its latest version` : '—'}</option>}
              {templates
                .filter((t) => t.kind === mode)
                .map((t) => (
                  <option key={t.id} value={t.id}>
                    {t.title}
                  </option>
                ))}
            </SelectField>
            <div className="w-40">
              <Label htmlFor="world">World (optional)</Label>
              <input
                id="world"
                className={inputClass}
                value={world}
                placeholder="the only one"
                onChange={(e) => setWorld(e.target.value.trim())}
              />
            </div>
            <div className="ml-auto flex items-center gap-3">
              {building && (
                <span data-testid="build-progress" className="flex items-center gap-2 text-sm text-zinc-600 dark:text-zinc-300">
                  <Spinner className="text-indigo-500" /> Building… <Elapsed since={buildStart} />
                </span>
              )}
              <Button
                variant="primary"
                data-testid="build"
                onClick={build}
                disabled={building || !name || !!nameError}
                title={whyDisabled([
                  building && 'Building…',
                  !name && 'Give the component a name first',
                  !!nameError && 'Fix the name first',
                ])}
              >
                {building ? 'Building' : current ? `Build v${nextVersion}` : 'Build'}
              </Button>
            </div>
          </div>
          {nameError && <p className="-mt-2 text-xs text-red-600">{nameError}</p>}
          {loadError && <ErrorBox message={loadError} testId="edit-load-error" />}
          {current && !nameError && (
            <p className="-mt-1 text-xs text-amber-800 dark:text-amber-300" data-testid="new-version-note">
              {name} exists (v{current.latestVersion}
              {current.workers ? `, ${plural(current.workers, 'worker')}` : ''}): building makes v{nextVersion}. Its workers stay on their
              version until you update them.
            </p>
          )}
          {templates.find((t) => t.id === templateId)?.description && (
            <p className="-mt-1 text-xs text-zinc-500 dark:text-zinc-400">{templates.find((t) => t.id === templateId)?.description}</p>
          )}

          {error && (
            <div data-testid="build-error">
              <ErrorBox message={error.message} testId="build-error-message" />
            </div>
          )}

          <div className="flex min-h-0 flex-1 flex-col overflow-hidden rounded-lg border border-zinc-200 bg-white dark:border-zinc-800 dark:bg-zinc-900">
            <div className="flex border-b border-zinc-200 text-sm dark:border-zinc-800" role="tablist" aria-label="Files">
              {(['source', 'wit'] as FileTab[]).map((t) => {
                const hasError = t === 'wit' ? witMarkers.length > 0 : sourceMarkers.length > 0;
                return (
                  <Tab
                    key={t}
                    selected={tab === t}
                    testId={`tab-${t}`}
                    onSelect={() => setTab(t)}
                    className={`flex items-center gap-1.5 border-b-2 px-4 py-2 font-mono text-xs ${
                      tab === t
                        ? 'border-indigo-500 text-zinc-900 dark:text-white'
                        : 'border-transparent text-zinc-500 hover:text-zinc-800 dark:hover:text-zinc-200'
                    }`}
                  >
                    {t === 'wit' ? 'component.wit' : sourceLabel}
                    {hasError && <span className="h-1.5 w-1.5 rounded-full bg-red-500" aria-label="has errors" />}
                  </Tab>
                );
              })}
            </div>
            <div className="min-h-0 flex-1" data-testid="editor">
              {tab === 'source' ? (
                <CodeEditor
                  key={`src-${mode}`}
                  path={`file:///${sourceLabel}`}
                  language={mode === 'wat' ? 'wat' : 'javascript'}
                  value={source}
                  onChange={setSource}
                  markers={sourceMarkers}
                  revealLine={sourceMarkers[0]?.line}
                />
              ) : (
                <CodeEditor
                  key="wit"
                  path="file:///component.wit"
                  language="wit"
                  value={wit}
                  onChange={setWit}
                  markers={witMarkers}
                  revealLine={witMarkers[0]?.line}
                />
              )}
            </div>
          </div>
        </>
      )}
    </div>
  );
}
