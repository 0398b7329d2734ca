/**
 * Horizontal bars drawn as plain SVG: a handful of rows needs no chart library. The picture is one image with a text
 * alternative listing every value; the numbers themselves (and their links) are in the table beside it.
 */
export interface Bar {
  key: string;
  label: string;
  value: number;
}

const WIDTH = 640;
const ROW = 32;
const LABEL = 250;
const VALUE_ROOM = 56;

export function BarChart({ bars, title, format }: { bars: Bar[]; title: string; format: (n: number) => string }) {
  const max = Math.max(1, ...bars.map((b) => b.value));
  const span = WIDTH - LABEL - VALUE_ROOM;
  const height = bars.length * ROW + 8;
  const description = `${title}: ${bars.map((b) => `${b.label} ${format(b.value)}`).join('; ')}`;
  return (
    <svg class="bar-chart" viewBox={`0 0 ${WIDTH} ${height}`} role="img" aria-label={description} preserveAspectRatio="xMinYMin meet">
      {bars.map((bar, i) => {
        const y = 4 + i * ROW;
        const width = bar.value === 0 ? 0 : Math.max(2, (bar.value / max) * span);
        return (
          <g key={bar.key} data-stage={bar.key}>
            <text x={LABEL - 8} y={y + ROW / 2} text-anchor="end" dominant-baseline="middle" class="bar-label">
              {bar.label}
            </text>
            <rect x={LABEL} y={y + 5} width={span} height={ROW - 10} class="bar-track" />
            <rect x={LABEL} y={y + 5} width={width} height={ROW - 10} class="bar" />
            <text x={LABEL + width + 6} y={y + ROW / 2} dominant-baseline="middle" class="bar-value">
              {format(bar.value)}
            </text>
          </g>
        );
      })}
    </svg>
  );
}
