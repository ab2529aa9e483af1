'use client';
// Create a worker: component (unless fixed), name, version, environment.

import { useRouter } from 'next/navigation';
import { useEffect, useState } from 'react';
import { workerHref, workersClient } from '../api';
import { exampleEnv, exampleOf } from '../examples-env';
import { ActionForm, FormButtons, useAction } from '../ui/action';
import { NameField, SelectField, useName, whyDisabled } from '../ui/fields';
import { Button, ErrorBox, inputClass } from '../ui/ui';
import { useExamples } from '../useExamples';

type ComponentChoice = { name: string; latestVersion: number; exports?: { interface?: string }[] };

export function CreateWorkerForm({
  components,
  fixedComponent,
  fixedExports,
  versions,
}: {
  /** Choices when the component is not fixed. */
  components?: ComponentChoice[];
  fixedComponent?: string;
  /** The fixed component's exports: they tell which example it was built from. */
  fixedExports?: { interface?: string }[];
  /** Version choices (newest first) for a fixed component. */
  versions?: number[];
}) {
  const router = useRouter();
  const [component, setComponent] = useState(fixedComponent ?? components?.[0]?.name ?? '');
  const { name, error: nameError, field: nameField } = useName();
  const [version, setVersion] = useState<string>('');
  const [env, setEnvRows] = useState<{ key: string; value: string }[]>([]);
  // The example's settings fill the environment until the user edits it.
  const [envEdited, setEnvEdited] = useState(false);
  const setEnv = (rows: { key: string; value: string }[]) => {
    setEnvEdited(true);
    setEnvRows(rows);
  };
  const examples = useExamples([]);
  const choice = fixedComponent ? { name: fixedComponent, exports: fixedExports } : components?.find((c) => c.name === component);
  const example = choice ? exampleOf(examples, choice) : undefined;
  useEffect(() => {
    if (envEdited) return;
    setEnvRows(Object.entries(exampleEnv(example, window.location.origin)).map(([key, value]) => ({ key, value })));
  }, [example, envEdited]);
  const { busy, error, run } = useAction();

  const create = async () => {
    if (!component || !name || nameError) return;
    const envObj = Object.fromEntries(env.filter((e) => e.key.trim()).map((e) => [e.key.trim(), e.value]));
    await run(
      async () => {
        const r = await workersClient.create({
          component,
          name,
          version: version ? Number(version) : undefined,
          env: Object.keys(envObj).length ? envObj : undefined,
        });
        router.push(workerHref(r.worker));
      },
      { stayBusy: true },
    );
  };

  return (
    <ActionForm testId="create-worker-form" className="flex flex-col gap-3 p-4" onSubmit={() => void create()}>
      {!fixedComponent && (
        <SelectField id="cw-component" testId="worker-component" label="Component" value={component} onChange={setComponent}>
          {components?.length === 0 && <option value="">No components yet</option>}
          {components?.map((c) => (
            <option key={c.name} value={c.name}>
              {c.name} (v{c.latestVersion})
            </option>
          ))}
        </SelectField>
      )}
      <div className="flex gap-3">
        <NameField id="cw-name" testId="worker-name" label="Worker name" className="flex-1" {...nameField} placeholder="worker-1" />
        {versions && versions.length > 1 && (
          <SelectField id="cw-version" label="Version" className="w-28" value={version} onChange={setVersion}>
            <option value="">latest</option>
            {versions.map((v) => (
              <option key={v} value={v}>
                v{v}
              </option>
            ))}
          </SelectField>
        )}
      </div>
      {nameError && <p className="-mt-2 text-xs text-red-600">{nameError}</p>}
      <div>
        <div className="mb-1 flex items-center justify-between">
          <span className="text-xs font-medium text-zinc-600 dark:text-zinc-400">Environment</span>
          <button
            type="button"
            className="text-xs text-indigo-600 hover:underline dark:text-indigo-400"
            onClick={() => setEnv([...env, { key: '', value: '' }])}
          >
            + Add variable
          </button>
        </div>
        {example?.env && !envEdited && env.length > 0 && (
          <p className="mb-1 text-xs text-zinc-600 dark:text-zinc-400" data-testid="example-env-note">
            The {example.title.toLowerCase()} example&apos;s settings:
          </p>
        )}
        {env.length === 0 && <p className="text-xs text-zinc-500 dark:text-zinc-400">No environment variables.</p>}
        {env.map((e, i) => (
          <div key={i} className="mb-1.5 flex gap-2">
            {(['key', 'value'] as const).map((field) => (
              <input
                key={field}
                data-testid={`env-${field}`}
                aria-label={field === 'key' ? 'Variable name' : 'Variable value'}
                className={`${inputClass} font-mono text-xs`}
                value={e[field]}
                placeholder={field === 'key' ? 'KEY' : 'value'}
                onChange={(ev) => setEnv(env.map((x, j) => (j === i ? { ...x, [field]: ev.target.value } : x)))}
              />
            ))}
            <Button variant="ghost" aria-label="Remove variable" onClick={() => setEnv(env.filter((_, j) => j !== i))}>
              ×
            </Button>
          </div>
        ))}
      </div>
      {error && <ErrorBox message={error} />}
      <FormButtons
        testId="create-worker"
        label="Create worker"
        busy={!!busy}
        disabled={!component || !name || !!nameError}
        title={whyDisabled([
          !!busy && 'Creating…',
          !component && 'Build a component first',
          !name && 'Give the worker a name first',
          !!nameError && 'Fix the name first',
        ])}
      />
    </ActionForm>
  );
}
