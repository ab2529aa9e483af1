'use client';
// The scaffold every action in the UI shares: a busy flag while the request
// runs, the error it ended with, and a form whose submit button shows both.

import { useCallback, useState, type ReactNode } from 'react';
import { errorMessage } from '../api';
import { Button, Spinner } from './ui';

type Variant = 'primary' | 'danger';

export interface Action<K> {
  /** What is running (`true`, or the key the caller passed), or null. */
  busy: K | null;
  error: string | null;
  setError: (message: string | null) => void;
  /**
   * Runs `fn` with `busy` set and the error cleared; a throw becomes `error`.
   * Resolves true when `fn` succeeded. `stayBusy` keeps `busy` after a success
   * (the page is about to navigate away).
   */
  run: (fn: () => Promise<unknown>, opts?: { key?: K; stayBusy?: boolean; onError?: (message: string) => void }) => Promise<boolean>;
}

export function useAction<K = true>(): Action<K> {
  const [busy, setBusy] = useState<K | null>(null);
  const [error, setError] = useState<string | null>(null);
  const run = useCallback<Action<K>['run']>(async (fn, opts = {}) => {
    setBusy(opts.key ?? (true as K));
    setError(null);
    let ok = false;
    try {
      await fn();
      ok = true;
    } catch (e) {
      setError(errorMessage(e));
      opts.onError?.(errorMessage(e));
    }
    if (!ok || !opts.stayBusy) setBusy(null);
    return ok;
  }, []);
  return { busy, error, setError, run };
}

/** A form that submits through `onSubmit` without a page load. */
export function ActionForm({
  testId,
  className = 'flex flex-col gap-2.5',
  onSubmit,
  children,
}: {
  testId?: string;
  className?: string;
  onSubmit: () => void;
  children: ReactNode;
}) {
  return (
    <form
      className={className}
      data-testid={testId}
      onSubmit={(e) => {
        e.preventDefault();
        onSubmit();
      }}
    >
      {children}
    </form>
  );
}

/** The submit button (a spinner while busy) and, with `onCancel`, a Cancel beside it. */
export function FormButtons({
  testId,
  label,
  busy,
  disabled,
  variant = 'primary',
  onSubmit,
  onCancel,
  cancelLabel = 'Cancel',
  cancelDisabled,
  title,
}: {
  testId: string;
  label: ReactNode;
  busy: boolean;
  disabled?: boolean;
  variant?: Variant;
  /** Without it the button submits its form. */
  onSubmit?: () => void;
  onCancel?: () => void;
  cancelLabel?: string;
  cancelDisabled?: boolean;
  title?: string;
}) {
  return (
    <div className="flex gap-2">
      <Button
        type={onSubmit ? 'button' : 'submit'}
        variant={variant}
        data-testid={testId}
        disabled={busy || disabled}
        onClick={onSubmit}
        title={title}
      >
        {busy && <Spinner />} {label}
      </Button>
      {onCancel && (
        <Button variant="ghost" onClick={onCancel} disabled={cancelDisabled}>
          {cancelLabel}
        </Button>
      )}
    </div>
  );
}

/** "Reading …" with a small spinner, while a form loads what it previews. */
export function LoadingLine({ children, className = 'text-xs' }: { children: ReactNode; className?: string }) {
  return (
    <p className={`flex items-center gap-2 text-zinc-500 ${className}`}>
      <Spinner className="h-3 w-3" /> {children}
    </p>
  );
}
