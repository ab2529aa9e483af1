// The breadcrumb of a worker's pages: Workers / component / (worker /).

import Link from 'next/link';
import type { ReactNode } from 'react';
import { componentHref } from '../api';

export function Crumbs({ component, className, children }: { component: string; className: string; children?: ReactNode }) {
  return (
    <nav className={`flex items-center gap-1.5 text-sm ${className}`}>
      <Link href="/workers" className="hover:underline">
        Workers
      </Link>
      <span>/</span>
      <Link href={componentHref(component)} className="hover:underline">
        {component}
      </Link>
      <span>/</span>
      {children}
    </nav>
  );
}
