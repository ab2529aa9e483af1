'use client';
// A form for one WIT value, generated from its type. The value is kept in the
// HTTP API's JSON mapping (lib/values/json.ts); an invalid scalar keeps the
// text the user typed, so the server-side check names its path on submit.

import { useState, type ChangeEvent } from 'react';
import { isPrimitive, type WitType } from '@/lib/wit/types';
import type { JsonValue } from '@/lib/values/json-value';
import { INT_RANGES, isIntKind, isChar } from '@/lib/values/scalars';
import { printType } from '@/lib/wit/print';
import { defaultValue } from './defaults';
import { inputClass, inputBase } from '../ui/ui';

interface Props {
  type: WitType;
  value: JsonValue;
  onChange: (v: JsonValue) => void;
  /** Dotted path, used for test ids and labels. */
  path: string;
}

const box = 'rounded-md border border-zinc-200 p-2 dark:border-zinc-800';
const small = 'text-xs text-indigo-600 hover:underline dark:text-indigo-400';

/** A field's names, for assistive technology and tests: its dotted path. */
const fieldNames = (path: string) => ({ 'aria-label': path, 'data-testid': `field-${path}` });

/** What a control whose value is a string (a text input, an enum's select) takes: its names, the value (else `fallback`), its changes. */
function stringControl(p: Props, fallback: string | undefined) {
  return {
    ...fieldNames(p.path),
    value: typeof p.value === 'string' ? p.value : fallback,
    onChange: (e: ChangeEvent<HTMLInputElement | HTMLSelectElement>) => p.onChange(e.target.value),
  };
}

export function ValueForm(p: Props) {
  const t = p.type;
  switch (t.kind) {
    case 'bool':
      return (
        <label className="inline-flex items-center gap-2 text-sm">
          <input
            type="checkbox"
            data-testid={`field-${p.path}`}
            checked={p.value === true}
            onChange={(e) => p.onChange(e.target.checked)}
          />
          {p.value === true ? 'true' : 'false'}
        </label>
      );
    case 'string':
      return <input className={`${inputClass} font-mono`} {...stringControl(p, '')} />;
    case 'list': {
      const items = Array.isArray(p.value) ? p.value : [];
      return (
        <div className={`${box} flex flex-col gap-2`} data-testid={`list-${p.path}`}>
          {items.length === 0 && <span className="text-xs text-zinc-400">empty list</span>}
          {items.map((item, i) => (
            <div key={i} className="flex items-start gap-2">
              <span className="mt-1.5 w-6 shrink-0 text-right font-mono text-xs text-zinc-400">{i}</span>
              <div className="min-w-0 flex-1">
                <ValueForm
                  type={t.element}
                  value={item}
                  path={`${p.path}.${i}`}
                  onChange={(v) => p.onChange(items.map((x, j) => (j === i ? v : x)))}
                />
              </div>
              <button
                type="button"
                aria-label={`Remove item ${i}`}
                className="mt-1 px-1 text-zinc-400 hover:text-red-600"
                onClick={() => p.onChange(items.filter((_, j) => j !== i))}
              >
                ×
              </button>
            </div>
          ))}
          <button
            type="button"
            data-testid={`add-${p.path}`}
            className={`${small} self-start`}
            onClick={() => p.onChange([...items, defaultValue(t.element)])}
          >
            + Add {printType(t.element)}
          </button>
        </div>
      );
    }
    case 'tuple': {
      const items = Array.isArray(p.value) ? p.value : t.items.map(defaultValue);
      return (
        <div className={`${box} flex flex-col gap-2`}>
          {t.items.map((it, i) => (
            <Row key={i} label={String(i)} hint={printType(it)}>
              <ValueForm
                type={it}
                value={items[i] ?? defaultValue(it)}
                path={`${p.path}.${i}`}
                onChange={(v) => p.onChange(items.map((x, j) => (j === i ? v : x)))}
              />
            </Row>
          ))}
        </div>
      );
    }
    case 'record': {
      const obj = isObj(p.value) ? p.value : {};
      return (
        <div className={`${box} flex flex-col gap-2`}>
          {t.fields.map((f) => (
            <Row key={f.name} label={f.name} hint={printType(f.type)}>
              <ValueForm
                type={f.type}
                value={f.name in obj ? obj[f.name]! : defaultValue(f.type)}
                path={`${p.path}.${f.name}`}
                onChange={(v) => p.onChange({ ...obj, [f.name]: v })}
              />
            </Row>
          ))}
        </div>
      );
    }
    case 'option': {
      const nested = t.inner.kind === 'option';
      const some = p.value !== null && p.value !== undefined;
      const inner = some ? (nested && isObj(p.value) && 'some' in p.value ? p.value.some : p.value) : defaultValue(t.inner);
      const wrap = (v: JsonValue): JsonValue => (nested ? { some: v } : v);
      return (
        <div className="flex flex-col gap-1.5">
          <label className="inline-flex items-center gap-2 text-sm">
            <input
              type="checkbox"
              data-testid={`some-${p.path}`}
              checked={some}
              onChange={(e) => p.onChange(e.target.checked ? wrap(defaultValue(t.inner)) : null)}
            />
            <span className="text-zinc-600 dark:text-zinc-300">{some ? 'some' : 'none'}</span>
          </label>
          {some && (
            <div className="pl-5">
              <ValueForm type={t.inner} value={inner} path={`${p.path}.some`} onChange={(v) => p.onChange(wrap(v))} />
            </div>
          )}
        </div>
      );
    }
    case 'result': {
      const obj = isObj(p.value) ? p.value : { ok: null };
      const which: 'ok' | 'err' = 'err' in obj ? 'err' : 'ok';
      const payloadType = which === 'ok' ? t.ok : t.err;
      return (
        <div className="flex flex-col gap-1.5">
          <select
            className={`${inputBase} w-28`}
            aria-label={`${p.path}: ok or err`}
            data-testid={`result-${p.path}`}
            value={which}
            onChange={(e) => {
              const w = e.target.value as 'ok' | 'err';
              const pt = w === 'ok' ? t.ok : t.err;
              p.onChange({ [w]: pt ? defaultValue(pt) : null });
            }}
          >
            <option value="ok">ok</option>
            <option value="err">err</option>
          </select>
          {payloadType && (
            <div className="pl-5">
              <ValueForm
                type={payloadType}
                value={obj[which] ?? defaultValue(payloadType)}
                path={`${p.path}.${which}`}
                onChange={(v) => p.onChange({ [which]: v })}
              />
            </div>
          )}
        </div>
      );
    }
    case 'variant': {
      const obj = isObj(p.value) ? p.value : typeof p.value === 'string' ? { [p.value]: null } : {};
      const current = Object.keys(obj)[0] ?? t.cases[0]?.name;
      const c = t.cases.find((x) => x.name === current);
      return (
        <div className="flex flex-col gap-1.5">
          <select
            className={`${inputBase} w-auto`}
            aria-label={`${p.path}: case`}
            data-testid={`variant-${p.path}`}
            value={current}
            onChange={(e) => {
              const nc = t.cases.find((x) => x.name === e.target.value)!;
              p.onChange({ [nc.name]: nc.type ? defaultValue(nc.type) : null });
            }}
          >
            {t.cases.map((x) => (
              <option key={x.name} value={x.name}>
                {x.name}
                {x.type ? `(${printType(x.type)})` : ''}
              </option>
            ))}
          </select>
          {c?.type && (
            <div className="pl-5">
              <ValueForm
                type={c.type}
                value={obj[c.name] ?? defaultValue(c.type)}
                path={`${p.path}.${c.name}`}
                onChange={(v) => p.onChange({ [c.name]: v })}
              />
            </div>
          )}
        </div>
      );
    }
    case 'enum':
      return (
        <select className={`${inputBase} w-auto`} {...stringControl(p, t.cases[0])}>
          {t.cases.map((c) => (
            <option key={c} value={c}>
              {c}
            </option>
          ))}
        </select>
      );
    case 'flags': {
      const set = new Set(Array.isArray(p.value) ? (p.value as string[]) : []);
      return (
        <div className="flex flex-wrap gap-3">
          {t.flags.map((f) => (
            <label key={f} className="inline-flex items-center gap-1.5 text-sm">
              <input
                type="checkbox"
                checked={set.has(f)}
                onChange={(e) => p.onChange(t.flags.filter((x) => (x === f ? e.target.checked : set.has(x))))}
              />
              {f}
            </label>
          ))}
        </div>
      );
    }
    case 'resource':
      return <span className="text-xs text-zinc-500">Resources cannot be passed from the playground.</span>;
  }
  // The other primitives (numbers, char) are typed as text and checked as the user types.
  return isPrimitive(t) ? <ScalarInput {...p} kind={t.kind} /> : null;
}

function Row({ label, hint, children }: { label: string; hint: string; children: React.ReactNode }) {
  return (
    <div className="grid grid-cols-[minmax(5rem,auto)_1fr] items-start gap-2">
      <div className="pt-1.5 text-xs">
        <div className="font-mono text-zinc-700 dark:text-zinc-300">{label}</div>
        <div className="truncate font-mono text-[10px] text-zinc-400" title={hint}>
          {hint}
        </div>
      </div>
      <div className="min-w-0">{children}</div>
    </div>
  );
}

const isObj = (v: unknown): v is Record<string, JsonValue> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Parses a scalar's text; returns the JSON value or an error message. */
export function parseScalar(kind: string, text: string): { value: JsonValue; error?: string } {
  const s = text.trim();
  if (kind === 'char') return isChar(text) ? { value: text } : { value: text, error: 'one character' };
  if (kind === 'f32' || kind === 'f64') {
    if (s === 'NaN' || s === 'Infinity' || s === '-Infinity') return { value: s };
    const n = Number(s);
    return s !== '' && Number.isFinite(n) ? { value: n } : { value: text, error: 'a number' };
  }
  if (isIntKind(kind)) {
    if (!/^-?\d+$/.test(s)) return { value: text, error: `an integer (${kind})` };
    const n = BigInt(s);
    const [lo, hi] = INT_RANGES[kind];
    if (n < lo || n > hi) return { value: text, error: `${kind} is ${lo}..${hi}` };
    return { value: Number.isSafeInteger(Number(n)) ? Number(n) : n.toString() };
  }
  return { value: text };
}

function ScalarInput(p: Props & { kind: string }) {
  const [text, setText] = useState(() => (p.value === null || p.value === undefined ? '' : String(p.value)));
  const [error, setError] = useState<string | undefined>();
  const numeric = p.kind !== 'char';
  return (
    <div>
      <input
        className={`${inputBase} font-mono ${numeric ? 'w-48' : 'w-20'} ${error ? 'border-red-500 focus:border-red-500 focus:ring-red-500' : ''}`}
        {...fieldNames(p.path)}
        inputMode={numeric ? (p.kind.startsWith('f') ? 'decimal' : 'numeric') : undefined}
        aria-invalid={!!error}
        value={text}
        onChange={(e) => {
          setText(e.target.value);
          const r = parseScalar(p.kind, e.target.value);
          setError(r.error);
          p.onChange(r.value);
        }}
      />
      {error && <p className="mt-0.5 text-xs text-red-600 dark:text-red-400">Expected {error}</p>}
    </div>
  );
}
