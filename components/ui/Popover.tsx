'use client';
// A button that opens a small panel below it (a form, a confirmation). The
// panel is positioned against the viewport, so a scrolling or clipping parent
// does not cut it off. Closes on Escape, a click outside, a resize, or when
// the panel calls close().

import { useEffect, useLayoutEffect, useRef, useState, type CSSProperties, type ReactNode } from 'react';
import { Button } from './ui';

export function Popover({
  label,
  testId,
  title,
  disabled,
  align = 'right',
  width = 'w-96',
  variant = 'secondary',
  children,
}: {
  label: ReactNode;
  testId?: string;
  title?: string;
  disabled?: boolean;
  /** Which edge of the button the panel lines up with. */
  align?: 'left' | 'right';
  width?: string;
  variant?: 'primary' | 'secondary' | 'danger' | 'ghost';
  children: (close: () => void) => ReactNode;
}) {
  const [open, setOpen] = useState(false);
  const [pos, setPos] = useState<CSSProperties | null>(null);
  const ref = useRef<HTMLDivElement>(null);
  const buttonRef = useRef<HTMLDivElement>(null);
  useLayoutEffect(() => {
    if (!open || !buttonRef.current) {
      setPos(null);
      return;
    }
    const r = buttonRef.current.getBoundingClientRect();
    const margin = 8;
    setPos(
      align === 'right'
        ? { top: r.bottom + 6, right: Math.max(margin, window.innerWidth - r.right) }
        : { top: r.bottom + 6, left: Math.max(margin, Math.min(r.left, window.innerWidth - margin)) },
    );
  }, [open, align]);
  useEffect(() => {
    if (!open) return;
    const onDown = (e: MouseEvent) => !ref.current?.contains(e.target as Node) && setOpen(false);
    const onKey = (e: KeyboardEvent) => e.key === 'Escape' && setOpen(false);
    const onResize = () => setOpen(false);
    document.addEventListener('mousedown', onDown);
    document.addEventListener('keydown', onKey);
    window.addEventListener('resize', onResize);
    return () => {
      document.removeEventListener('mousedown', onDown);
      document.removeEventListener('keydown', onKey);
      window.removeEventListener('resize', onResize);
    };
  }, [open]);
  return (
    <div className="relative" ref={ref}>
      <div ref={buttonRef}>
        <Button
          variant={variant}
          data-testid={testId}
          title={title}
          disabled={disabled}
          aria-expanded={open}
          aria-haspopup="dialog"
          onClick={() => setOpen(!open)}
        >
          {label}
        </Button>
      </div>
      {open && pos && (
        <div
          role="dialog"
          data-testid={testId ? `${testId}-panel` : undefined}
          style={pos}
          className={`fixed z-40 ${width} max-h-[calc(100vh-6rem)] max-w-[calc(100vw-1rem)] overflow-auto rounded-lg border border-zinc-200 bg-white p-3 text-left text-sm font-normal text-zinc-800 shadow-xl dark:border-zinc-700 dark:bg-zinc-900 dark:text-zinc-100`}
        >
          {children(() => setOpen(false))}
        </div>
      )}
    </div>
  );
}

/** A handler that closes the popover, then does what `fn` does: a form's success ends its popover. */
export function closeThen<A extends unknown[]>(close: () => void, fn: (...args: A) => void): (...args: A) => void {
  return (...args) => {
    close();
    fn(...args);
  };
}
