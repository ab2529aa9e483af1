// What a page shows before it has its subject: the error that stopped it, or that it is loading.

import type { ReactNode } from 'react';
import { ErrorBox, Spinner } from './ui';

export function PageError({ message }: { message: string }) {
  return (
    <main className="mx-auto max-w-screen-xl px-4 py-6">
      <ErrorBox message={message} />
    </main>
  );
}

/** `children`: what is loading ("Loading…", "Loading the check…"). */
export function PageLoading({ children }: { children: ReactNode }) {
  return (
    <main className="mx-auto flex max-w-screen-xl items-center gap-2 px-4 py-6 text-sm text-zinc-500">
      <Spinner /> {children}
    </main>
  );
}
