'use client';
// The wasi:keyvalue buckets and wasi:blobstore containers this worker used,
// as they are now. The stores are shared by every worker (Golem scopes them
// by environment), so a value may have been written by another worker.

import { payloadPreview, workerClient } from '../api';
import { clockTime } from '../ui/ui';
import { Panel, useStampedData } from './Panel';
import { plural } from '../ui/plural';

interface Props {
  component: string;
  name: string;
  /** Changes whenever the worker may have written to a store. */
  stamp: number;
}

export function StoresPanel({ component, name, stamp }: Props) {
  const client = workerClient(component, name);
  const { data: stores, error } = useStampedData(client.stores, client.base, stamp);

  // Nothing to show until the worker touches a store.
  if (!stores || (stores.buckets.length === 0 && stores.containers.length === 0)) return null;

  return (
    <Panel
      testId="stores-panel"
      className="shrink-0"
      title={<h2 className="whitespace-nowrap text-sm font-semibold">Key-value and blob stores</h2>}
      aside={
        <span
          className="text-xs text-zinc-500"
          title="Buckets and containers are shared by every worker of every component, as in a Golem environment"
        >
          shared
        </span>
      }
      error={error}
      errorTestId="stores-error"
    >
      <div className="divide-y divide-zinc-100 text-sm dark:divide-zinc-800">
        {stores.buckets.map((b) => (
          <Group key={`b:${b.name}`} kind="bucket" name={b.name} empty="no keys">
            {b.entries.map((e) => (
              <Item key={e.key} name={e.key} b64={e.value} size={e.size} truncated={e.truncated} at={e.updatedAt} testId="kv-entry" />
            ))}
          </Group>
        ))}
        {stores.containers.map((c) => (
          <Group key={`c:${c.name}`} kind="container" name={c.name} empty={c.exists ? 'no objects' : 'deleted'}>
            {c.objects.map((o) => (
              <Item key={o.name} name={o.name} b64={o.data} size={o.size} truncated={o.truncated} at={o.createdAt} testId="blob-object" />
            ))}
          </Group>
        ))}
      </div>
    </Panel>
  );
}

function Group({
  kind,
  name,
  empty,
  children,
}: {
  kind: 'bucket' | 'container';
  name: string;
  empty: string;
  children: React.ReactNode[];
}) {
  return (
    <div className="px-4 py-2" data-testid={`store-${kind}`} data-name={name}>
      <div className="flex items-baseline gap-2">
        <span className="text-xs text-zinc-500">{kind === 'bucket' ? 'bucket' : 'blob container'}</span>
        <span className="min-w-0 truncate font-mono text-xs font-semibold" title={name}>
          {name}
        </span>
      </div>
      {children.length === 0 ? (
        <p className="mt-1 text-xs text-zinc-400">{empty}</p>
      ) : (
        <ul className="mt-1 flex flex-col gap-1">{children}</ul>
      )}
    </div>
  );
}

function Item({
  name,
  b64,
  size,
  truncated,
  at,
  testId,
}: {
  name: string;
  b64: string;
  size: number;
  truncated: boolean;
  at: number;
  testId: string;
}) {
  const p = payloadPreview(b64);
  const text = p.binary ? `${plural(size, 'byte')}: ${p.text}` : p.text === '' ? '(empty)' : `${p.text}${truncated ? ' …' : ''}`;
  return (
    <li className="flex items-baseline gap-2 text-xs" data-testid={testId} data-key={name}>
      <span className="max-w-[40%] shrink-0 truncate font-mono text-zinc-700 dark:text-zinc-300" title={name}>
        {name}
      </span>
      <code
        className="min-w-0 flex-1 truncate rounded bg-zinc-100 px-1.5 py-0.5 font-mono text-zinc-800 dark:bg-zinc-800 dark:text-zinc-200"
        title={text}
        data-testid={`${testId}-value`}
      >
        {text}
      </code>
      <span className="shrink-0 text-zinc-500 tabular" title={new Date(at).toISOString()}>
        {clockTime(at)}
      </span>
    </li>
  );
}
