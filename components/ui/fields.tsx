'use client';
// Form fields the create, build, upload and fork forms share.

import { Label, inputClass } from './ui';

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

/** The first reason a button is disabled, as its tooltip (undefined when it is not). */
export function whyDisabled(reasons: (string | false | null | undefined)[]): string | undefined {
  return reasons.find((r): r is string => !!r);
}
