// What a page shows before it has its subject: the error that stopped it, or that it is loading.

import Link from 'next/link';
import type { ReactNode } from 'react';
import { ErrorBox, Spinner } from './ui';

/** `children`: what follows the error, such as a <BackLink>. */
export function PageError({ message, children }: { message: string; children?: ReactNode }) {
  return (
    <main className="mx-auto max-w-screen-xl px-4 py-6">
      <ErrorBox message={message} />
      {children}
    </main>
  );
}

/** The way out of a page whose subject could not be shown ("← All workers"). */
export function BackLink({ href, children }: { href: string; children: ReactNode }) {
  return (
    <Link href={href} className="mt-4 inline-block text-sm text-indigo-600 hover:underline dark:text-indigo-400">
      ← {children}
    </Link>
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
