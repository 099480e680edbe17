import { extent, linePath, linearScale, niceTicks } from "../chart-math";

const W = 320;
const H = 180;
const M = { top: 10, right: 12, bottom: 30, left: 42 };

// Values per epoch as lines (training solid, validation dashed), with the epoch whose
// weights were kept marked. `series`: [{label, values, kind: "train" | "validation"}].
export function LineChart({ title, series, format, domain, marker, summary }) {
  const n = Math.max(0, ...series.map((s) => s.values.length));
  const [lo, hi] = domain ?? extent(series.map((s) => s.values));
  const x = linearScale([1, Math.max(2, n)], [M.left, W - M.right]);
  const y = linearScale([lo, hi], [H - M.bottom, M.top]);
  const xTicks = niceTicks(1, Math.max(2, n), 5).filter((t) => Number.isInteger(t));
  const yTicks = niceTicks(lo, hi, 4);
  return (
    <figure className="chart">
      <figcaption>{title}</figcaption>
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label={summary}>
        {yTicks.map((t) => (
          <g key={`y${t}`}>
            <line className="grid" x1={M.left} x2={W - M.right} y1={y(t)} y2={y(t)} />
            <text className="tick" x={M.left - 5} y={y(t) + 4} textAnchor="end">
              {format(t)}
            </text>
          </g>
        ))}
        {xTicks.map((t) => (
          <text key={`x${t}`} className="tick" x={x(t)} y={H - M.bottom + 15} textAnchor="middle">
            {t}
          </text>
        ))}
        <text className="axis-label" x={(M.left + W - M.right) / 2} y={H - 2} textAnchor="middle">
          epoch
        </text>
        {marker && (
          <line className="marker" x1={x(marker)} x2={x(marker)} y1={M.top} y2={H - M.bottom}>
            <title>{`weights kept from epoch ${marker}`}</title>
          </line>
        )}
        {series.map((s) => (
          <path key={s.label} className={`line ${s.kind}`} d={linePath(s.values, (i) => x(i + 1), y)} />
        ))}
      </svg>
      <ul className="chart-legend">
        {series.map((s) => (
          <li key={s.label}>
            <span className={`legend-line ${s.kind}`} aria-hidden="true" />
            {s.label}
          </li>
        ))}
        {marker && (
          <li>
            <span className="legend-line marker" aria-hidden="true" />
            kept (epoch {marker})
          </li>
        )}
      </ul>
    </figure>
  );
}
