import type { Metadata } from 'next';
import type { ReactNode } from 'react';
import { NavBar } from '@/components/NavBar';
import { PRESENTER_SCRIPT } from '@/components/presenter/script';
import './globals.css';

export const metadata: Metadata = {
  title: 'Durable Playground',
  description: 'Durable execution of WebAssembly components',
};

// Sets the theme before the first paint: the saved choice, else the system's.
const THEME_SCRIPT = `try{var t=localStorage.getItem('theme');var d=t?t==='dark':matchMedia('(prefers-color-scheme: dark)').matches;document.documentElement.classList.toggle('dark',d)}catch(e){}`;

// System fonts only: next/font/google would need the network at build time.
export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en" suppressHydrationWarning>
      <head>
        <script dangerouslySetInnerHTML={{ __html: THEME_SCRIPT + PRESENTER_SCRIPT }} />
      </head>
      <body className="flex min-h-full flex-col bg-zinc-50 font-sans text-zinc-900 antialiased dark:bg-zinc-950 dark:text-zinc-100">
        <NavBar />
        <div className="flex-1">{children}</div>
      </body>
    </html>
  );
}
