'use client';

import Link from 'next/link';
import { usePathname } from 'next/navigation';
import { PresenterToggle } from './presenter/PresenterToggle';
import { ThemeToggle } from './ThemeToggle';

const LINKS = [
  { href: '/', label: 'Home' },
  { href: '/learn', label: 'Learn' },
  { href: '/components', label: 'Components' },
  { href: '/workers', label: 'Workers' },
  { href: '/checks', label: 'Checks' },
];

export function NavBar() {
  const path = usePathname();
  return (
    <header className="sticky top-0 z-30 border-b border-zinc-200 bg-white/90 backdrop-blur dark:border-zinc-800 dark:bg-zinc-950/90">
      <nav className="mx-auto flex h-12 max-w-screen-2xl items-center gap-6 px-4">
        <Link href="/" className="flex items-center gap-2 text-sm font-semibold tracking-tight">
          <span aria-hidden className="grid h-6 w-6 place-items-center rounded bg-indigo-600 text-xs font-bold text-white">
            D
          </span>
          Durable Playground
        </Link>
        <div className="flex items-center gap-1">
          {LINKS.map((l) => {
            const active = l.href === '/' ? path === '/' : path.startsWith(l.href);
            return (
              <Link
                key={l.href}
                href={l.href}
                data-testid={`nav-${l.label.toLowerCase()}`}
                className={`rounded-md px-2.5 py-1 text-sm ${
                  active
                    ? 'bg-zinc-100 font-medium text-zinc-900 dark:bg-zinc-800 dark:text-white'
                    : 'text-zinc-600 hover:text-zinc-900 dark:text-zinc-400 dark:hover:text-white'
                }`}
              >
                {l.label}
              </Link>
            );
          })}
        </div>
        <div className="ml-auto flex items-center gap-2">
          <PresenterToggle />
          <ThemeToggle />
        </div>
      </nav>
    </header>
  );
}
