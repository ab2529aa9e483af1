'use client';
// The shell of a worker action's form in a popover: its fields, the error the
// last try ended with, and the submit and cancel buttons.

import type { ComponentProps, ReactNode } from 'react';
import { ActionForm, FormButtons } from '../ui/action';
import { ErrorBox } from '../ui/ui';

/** `id` names its test ids: `${id}-form`, `${id}-error`, `${id}-submit`. `errorView` replaces the plain error box. */
export function DialogForm({
  id,
  onSubmit,
  error,
  errorView,
  buttons,
  children,
}: {
  id: string;
  onSubmit: () => void;
  error: string | null;
  errorView?: ReactNode;
  buttons: Omit<ComponentProps<typeof FormButtons>, 'testId'>;
  children: ReactNode;
}) {
  return (
    <ActionForm testId={`${id}-form`} onSubmit={onSubmit}>
      {children}
      {error && (errorView ?? <ErrorBox message={error} testId={`${id}-error`} />)}
      <FormButtons testId={`${id}-submit`} {...buttons} />
    </ActionForm>
  );
}
