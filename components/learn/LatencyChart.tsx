'use client';
// Recovery time against history length, from the user's own runs: plain SVG.
import { plural } from '../ui/plural';

export interface LatencyPoint {
  snapshots: boolean;
  entries: number;
  ms: number;
  invocations: number;
}

const W = 560;
const H = 220;
const PAD = { l: 48, r: 12, t: 12, b: 34 };

function niceMax(v: number): number {
  if (v <= 0) return 1;
  const p = 10 ** Math.floor(Math.log10(v));
  for (const m of [1, 2, 2.5, 5, 10]) if (m * p >= v) return m * p;
  return 10 * p;
}

export function LatencyChart({ points }: { points: LatencyPoint[] }) {
  const xMax = niceMax(Math.max(1000, ...points.map((p) => p.entries)));
  const yMax = niceMax(Math.max(10, ...points.map((p) => p.ms)));
  const x = (v: number) => PAD.l + (v / xMax) * (W - PAD.l - PAD.r);
  const y = (v: number) => H - PAD.b - (v / yMax) * (H - PAD.t - PAD.b);
  const ticks = [0, 0.25, 0.5, 0.75, 1];
  return (
    <figure className="rounded-lg border border-zinc-200 bg-white p-2 dark:border-zinc-800 dark:bg-zinc-900" data-testid="latency-chart">
      <svg viewBox={`0 0 ${W} ${H}`} className="w-full text-zinc-500" role="img" aria-label="Recovery time against history length">
        {ticks.map((t) => (
          <g key={t}>
            <line x1={PAD.l} x2={W - PAD.r} y1={y(t * yMax)} y2={y(t * yMax)} className="stroke-zinc-200 dark:stroke-zinc-800" />
            <text x={PAD.l - 6} y={y(t * yMax) + 4} textAnchor="end" fontSize="10" fill="currentColor">
              {Math.round(t * yMax)}
            </text>
            <text x={x(t * xMax)} y={H - PAD.b + 14} textAnchor="middle" fontSize="10" fill="currentColor">
              {Math.round(t * xMax).toLocaleString('en')}
            </text>
          </g>
        ))}
        <text x={(W + PAD.l) / 2} y={H - 4} textAnchor="middle" fontSize="11" fill="currentColor">
          history length (oplog entries)
        </text>
        <text
          x={12}
          y={(H - PAD.b) / 2}
          textAnchor="middle"
          fontSize="11"
          fill="currentColor"
          transform={`rotate(-90 12 ${(H - PAD.b) / 2})`}
        >
          recovery (ms)
        </text>
        {points.map((p, i) =>
          p.snapshots ? (
            <rect
              key={i}
              data-testid="point-snap"
              x={x(p.entries) - 5}
              y={y(p.ms) - 5}
              width={10}
              height={10}
              className="fill-emerald-500 stroke-emerald-800 dark:stroke-emerald-300"
            >
              <title>{`with snapshots: ${plural(p.entries, 'entry', 'entries')}, ${p.ms} ms (${plural(p.invocations, 'invocation')} replayed)`}</title>
            </rect>
          ) : (
            <circle
              key={i}
              data-testid="point-plain"
              cx={x(p.entries)}
              cy={y(p.ms)}
              r={5.5}
              className="fill-indigo-500 stroke-indigo-800 dark:stroke-indigo-300"
            >
              <title>{`without snapshots: ${plural(p.entries, 'entry', 'entries')}, ${p.ms} ms (${plural(p.invocations, 'invocation')} replayed)`}</title>
            </circle>
          ),
        )}
      </svg>
      <figcaption className="flex flex-wrap gap-4 px-2 pb-1 text-xs text-zinc-600 dark:text-zinc-400">
        <span className="flex items-center gap-1.5">
          <span className="inline-block h-2.5 w-2.5 rounded-full bg-indigo-500" /> without snapshots
        </span>
        <span className="flex items-center gap-1.5">
          <span className="inline-block h-2.5 w-2.5 bg-emerald-500" /> with snapshots
        </span>
        {points.length === 0 && <span>Your measurements appear here.</span>}
      </figcaption>
    </figure>
  );
}
