// Two or three modes side by side in one bordered strip, the chosen one shaded
// (the invoke panel's form/WAVE, a promise payload's text/JSON).

export function Segmented<T extends string>({
  options,
  value,
  onPick,
  label,
  testId,
  className = '',
  dense = false,
}: {
  options: readonly T[];
  value: T;
  onPick: (option: T) => void;
  label: (option: T) => string;
  testId: (option: T) => string;
  className?: string;
  /** Less height, for a line of small text. */
  dense?: boolean;
}) {
  return (
    <div className={`flex rounded-md border border-zinc-300 p-0.5 dark:border-zinc-700 ${className}`}>
      {options.map((o) => (
        <button
          key={o}
          type="button"
          data-testid={testId(o)}
          aria-pressed={value === o}
          onClick={() => onPick(o)}
          className={`rounded px-2 ${dense ? 'py-0.5' : 'py-1'} ${value === o ? 'bg-zinc-200 font-medium dark:bg-zinc-700' : 'text-zinc-500'}`}
        >
          {label(o)}
        </button>
      ))}
    </div>
  );
}
