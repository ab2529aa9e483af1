'use client';
// Form fields the create, build, upload and fork forms share.

import { useState, type ReactNode } from 'react';
import { Label, inputClass } from './ui';

const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

/** Why `name` cannot name a component or a worker (the server's rule), or null; an empty name is not an error yet. */
export function nameError(name: string): string | null {
  return name && !NAME.test(name) ? "Use letters, digits, '-', '_' or '.', starting with a letter or digit." : null;
}

/** A name being typed: its value, why it is refused (null: fine or still empty), and what NameField takes of it. */
export function useName(initial = '') {
  const [name, setName] = useState(initial);
  const error = nameError(name);
  return { name, setName, error, field: { value: name, onChange: setName, invalid: !!error } };
}

/** A name input under its label; red-bordered while `invalid`. Spaces are trimmed as typed. */
export function NameField({
  id,
  testId = id,
  label,
  value,
  onChange,
  invalid,
  placeholder,
  className,
  autoFocus,
}: {
  id: string;
  testId?: string;
  label: string;
  value: string;
  onChange: (v: string) => void;
  invalid: boolean;
  placeholder?: string;
  className: string;
  autoFocus?: boolean;
}) {
  return (
    <div className={className}>
      <Label htmlFor={id}>{label}</Label>
      <input
        id={id}
        data-testid={testId}
        autoFocus={autoFocus}
        className={`${inputClass} ${invalid ? 'border-red-500' : ''}`}
        value={value}
        placeholder={placeholder}
        onChange={(e) => onChange(e.target.value.trim())}
      />
    </div>
  );
}

/** A choice under its label; `children` are its <option>s. */
export function SelectField({
  id,
  testId,
  label,
  value,
  onChange,
  className,
  children,
}: {
  id: string;
  testId?: string;
  label: string;
  value: string;
  onChange: (v: string) => void;
  className?: string;
  children: ReactNode;
}) {
  return (
    <div className={className}>
      <Label htmlFor={id}>{label}</Label>
      <select id={id} data-testid={testId} className={inputClass} value={value} onChange={(e) => onChange(e.target.value)}>
        {children}
      </select>
    </div>
  );
}

/** The first reason a button is disabled, as its tooltip (undefined when it is not). */
export function whyDisabled(reasons: (string | false | null | undefined)[]): string | undefined {
  return reasons.find((r): r is string => !!r);
}
