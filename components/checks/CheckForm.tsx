'use client';
// Starts a durability check: a component, a version, the environment and the
// script of invocations (prefilled with a shipped example's usual script).

import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useEffect, useState } from 'react';
import { checksClient, componentsClient, errorMessage, type ComponentSummary } from '../api';
import type { CheckSummary, StartCheckRequest } from '@/lib/api/types';
import type { ChecksPageData } from '@/lib/api/checks-page';
import { Button, Card, ErrorBox, Label, Spinner, inputClass, timeAgo } from '../ui/ui';
import { SelectField } from '../ui/fields';
import type { ExampleScript } from '@/lib/checker/scripts';
import type { Verdict } from '@/lib/checker/types';
import { VERDICTS } from './verdicts';
import { Caution } from '../ui/Caution';

// Placeholders stay as written: the server fills `{origin}` and `{worker}` in env and arguments alike (lib/checker/placeholders.ts).
const envText = (env: Record<string, string> | undefined) =>
  Object.entries(env ?? {})
    .map(([k, v]) => `${k}=${v}`)
    .join('\n');

const stepsText = (s: ExampleScript | undefined) => (s ? JSON.stringify(s.steps, null, 2) : '[\n  { "function": "", "args": [] }\n]');

/** The component first chosen: the one asked for, else a shipped example's, else the first. */
function firstChoice(asked: string, components: ComponentSummary[] | null, scripts: Record<string, ExampleScript>): string {
  if (asked || !components?.length) return asked;
  return components.find((c) => scripts[c.name])?.name ?? components[0]!.name;
}

/** `initial`: what the server read (the page is drawn in its final layout); only components the runtime did not list in time are read here. */
export function CheckForm({ initial, initialComponent }: { initial: ChecksPageData; initialComponent: string }) {
  const router = useRouter();
  const [components, setComponents] = useState<ComponentSummary[] | null>(initial.components);
  const [scripts, setScripts] = useState<Record<string, ExampleScript>>(initial.scripts);
  const [checks, setChecks] = useState<CheckSummary[]>(initial.checks);
  const [component, setComponent] = useState(() => firstChoice(initialComponent, initial.components, initial.scripts));
  const [version, setVersion] = useState('');
  const [env, setEnv] = useState(() => envText(initial.scripts[component]?.env));
  const [steps, setSteps] = useState(() => stepsText(initial.scripts[component]));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    if (components === null)
      componentsClient
        .list()
        .then((r) => setComponents(r.components))
        .catch(() => setComponents([]));
    // Checks started elsewhere since the render (the list lives in the server's memory).
    checksClient
      .list()
      .then((r) => {
        setScripts(r.scripts);
        setChecks(r.checks);
      })
      .catch(() => {});
  }, []);

  const choose = (c: string) => {
    setComponent(c);
    // Prefilled from the example's usual script when the component is a shipped example.
    setSteps(stepsText(scripts[c]));
    setEnv(envText(scripts[c]?.env));
  };
  // A component listed late (the runtime was slow for the server render): choose one then.
  useEffect(() => {
    if (!component && components?.length) choose(firstChoice('', components, scripts));
  }, [component, components, scripts]);

  const submit = async () => {
    setError(null);
    let parsed: unknown;
    try {
      parsed = JSON.parse(steps);
    } catch (e) {
      setError(`the script is not valid JSON: ${(e as Error).message}`);
      return;
    }
    const envObj: Record<string, string> = {};
    for (const line of env
      .split('\n')
      .map((l) => l.trim())
      .filter(Boolean)) {
      const i = line.indexOf('=');
      if (i < 1) return setError(`environment line "${line}" is not NAME=value`);
      envObj[line.slice(0, i)] = line.slice(i + 1);
    }
    setBusy(true);
    try {
      const r = await checksClient.start({
        component,
        ...(version ? { version: Number(version) } : {}),
        env: envObj,
        steps: parsed as StartCheckRequest['steps'] /* the route checks it */,
        killPoints: 'all',
      });
      router.push(`/checks/${r.id}`);
    } catch (e) {
      setError(errorMessage(e));
      setBusy(false);
    }
  };

  return (
    <main className="mx-auto max-w-screen-xl px-4 py-6">
      <h1 className="text-2xl font-semibold tracking-tight">Durability checker</h1>
      <p className="mt-2 max-w-3xl text-sm leading-relaxed text-zinc-600 dark:text-zinc-300">
        Proves, or disproves, that a kill anywhere changes nothing. The script runs once uninterrupted (the baseline), then once per kill
        point on a throwaway worker that is killed for real (its thread terminated, or the whole runtime SIGKILLed), recovered, and
        finished. Each run is compared with the baseline: results, oplog, output, and what the local services saw. Throwaway workers run in
        a separate runtime and never appear among your workers.
      </p>
      <div className="mt-5 grid gap-6 lg:grid-cols-[1.4fr_1fr]">
        <Card title="New check">
          <div className="grid gap-3 p-4">
            <div className="grid grid-cols-[1fr_8rem] gap-3">
              <SelectField id="check-component" testId="check-component" label="Component" value={component} onChange={choose}>
                {components === null && <option>Loading…</option>}
                {components?.length === 0 && <option value="">No components yet</option>}
                {components?.map((c) => (
                  <option key={c.name} value={c.name}>
                    {c.name}
                  </option>
                ))}
              </SelectField>
              <div>
                <Label htmlFor="check-version">Version</Label>
                <input
                  id="check-version"
                  className={inputClass}
                  inputMode="numeric"
                  placeholder="latest"
                  value={version}
                  onChange={(e) => setVersion(e.target.value.replace(/\D/g, ''))}
                />
              </div>
            </div>
            {components?.length === 0 && <NoComponents examples={Object.keys(scripts)} />}
            {/* Beside the choice of component, where it is seen before the script is run. */}
            {scripts[component]?.note && (
              <Caution testId="check-script-note" className="text-xs">
                {scripts[component]?.note}
              </Caution>
            )}
            <div>
              <Label htmlFor="check-env">Environment (NAME=value per line)</Label>
              <textarea
                id="check-env"
                className={`${inputClass} font-mono text-xs`}
                rows={2}
                value={env}
                onChange={(e) => setEnv(e.target.value)}
              />
            </div>
            <div>
              <Label htmlFor="check-steps">Script: invocations in order, as JSON</Label>
              <textarea
                id="check-steps"
                data-testid="check-steps"
                className={`${inputClass} font-mono text-xs`}
                rows={12}
                spellCheck={false}
                value={steps}
                onChange={(e) => setSteps(e.target.value)}
              />
              <p className="mt-1 text-xs text-zinc-500 dark:text-zinc-400">
                In arguments and the environment, <code>{'{origin}'}</code> is this server (its demo services) and <code>{'{worker}'}</code>{' '}
                each run&apos;s own throwaway worker; <code>&quot;complete&quot;: &quot;text&quot;</code> on a step completes the promise
                its invocation waits on.
              </p>
            </div>
            {error && <ErrorBox message={error} />}
            <div className="flex items-center gap-3">
              <Button variant="primary" data-testid="check-start" onClick={submit} disabled={busy || !component}>
                {busy ? <Spinner /> : null} Check every kill point
              </Button>
              <span className="text-xs text-zinc-500 dark:text-zinc-400">
                After every entry, inside every host call, during recovery, and a runtime SIGKILL at a few points.
              </span>
            </div>
          </div>
        </Card>
        <Card title="Recent checks">
          {checks.length === 0 ? (
            <p className="p-4 text-sm text-zinc-500 dark:text-zinc-400">None yet. Checks are kept in memory until the server restarts.</p>
          ) : (
            <ul className="divide-y divide-zinc-200 dark:divide-zinc-800">
              {checks.map((c) => (
                <li key={c.id} className="px-4 py-2 text-sm">
                  <Link href={`/checks/${c.id}`} className="font-medium text-indigo-700 hover:underline dark:text-indigo-400">
                    {c.component} v{c.version}
                  </Link>
                  <span className="ml-2 text-xs text-zinc-500">
                    {timeAgo(c.startedAt)} · {c.status} · {c.done}/{c.total}
                  </span>
                  <div className="mt-1 flex flex-wrap gap-2 text-xs">
                    {(Object.keys(VERDICTS) as Verdict[])
                      .filter((v) => c.verdicts[v])
                      .map((v) => (
                        <span key={v} className="inline-flex items-center gap-1">
                          <span aria-hidden className={`h-2 w-2 rounded-full ${VERDICTS[v].dot}`} />
                          {c.verdicts[v]} {VERDICTS[v].label}
                        </span>
                      ))}
                  </div>
                </li>
              ))}
            </ul>
          )}
        </Card>
      </div>
    </main>
  );
}

/** A fresh database has nothing to check: say so, and where to build an example whose script is ready here. */
function NoComponents({ examples }: { examples: string[] }) {
  return (
    <div
      data-testid="check-no-components"
      className="rounded-md border border-indigo-200 bg-indigo-50 px-3 py-2 text-sm text-indigo-950 dark:border-indigo-900 dark:bg-indigo-950/40 dark:text-indigo-100"
    >
      <p>
        No components yet: a check runs a component&apos;s script. Build an example first (its source opens in the editor: press Build),
        then come back here; its usual script fills in by itself.
      </p>
      <div className="mt-2 flex flex-wrap gap-2">
        {examples.map((id) => (
          <Link
            key={id}
            href={`/components/new?template=${encodeURIComponent(id)}`}
            data-testid={`check-build-${id}`}
            className="rounded-md border border-indigo-300 bg-white px-2.5 py-1 text-xs font-medium text-indigo-800 hover:bg-indigo-100 dark:border-indigo-800 dark:bg-zinc-900 dark:text-indigo-200 dark:hover:bg-indigo-900/50"
          >
            Build {id} →
          </Link>
        ))}
        <Link href="/components/new" className="px-1 py-1 text-xs text-indigo-800 underline dark:text-indigo-300">
          or write your own
        </Link>
      </div>
    </div>
  );
}
