// One tab of a tablist: a button that tells assistive technology (and the tests,
// through aria-selected) whether it is the chosen one. Each strip styles its own.

import type { ReactNode } from 'react';

export function Tab({
  selected,
  onSelect,
  testId,
  className,
  children,
}: {
  selected: boolean;
  onSelect: () => void;
  testId: string;
  className: string;
  children: ReactNode;
}) {
  return (
    <button type="button" role="tab" aria-selected={selected} data-testid={testId} onClick={onSelect} className={className}>
      {children}
    </button>
  );
}
