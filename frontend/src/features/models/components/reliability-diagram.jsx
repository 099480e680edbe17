import { linePath, linearScale } from "../chart-math";

const W = 320;
const H = 200;
const M = { top: 10, right: 12, bottom: 32, left: 42 };
const TICKS = [0, 0.25, 0.5, 0.75, 1];
const pct = (v) => `${Math.round(100 * v)}%`;

// How often the model is right at each level of confidence, against the diagonal of
// a perfectly calibrated model: bars after temperature scaling, dots before.
export function ReliabilityDiagram({ calibration }) {
  const { before, after, n_bins: bins, temperature } = calibration;
  const x = linearScale([0, 1], [M.left, W - M.right]);
  const y = linearScale([0, 1], [H - M.bottom, M.top]);
  const filled = (rows) => rows.filter((row) => row.count > 0);
  const shown = filled(before.reliability);
  const width = (x(1) - x(0)) / bins;
  const summary =
    `Reliability over ${calibration.n_samples} predictions in ${bins} confidence bins: ` +
    `expected calibration error ${pct(before.ece)} before and ${pct(after.ece)} after dividing the logits by ` +
    `${temperature.toFixed(2)}.`;
  return (
    <figure className="chart">
      <figcaption>
        Calibration: ECE {(100 * before.ece).toFixed(1)}% → {(100 * after.ece).toFixed(1)}% (temperature{" "}
        {temperature.toFixed(2)})
      </figcaption>
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label={summary}>
        {TICKS.map((t) => (
          <g key={t}>
            <line className="grid" x1={M.left} x2={W - M.right} y1={y(t)} y2={y(t)} />
            <text className="tick" x={M.left - 5} y={y(t) + 4} textAnchor="end">
              {pct(t)}
            </text>
            <text className="tick" x={x(t)} y={H - M.bottom + 15} textAnchor="middle">
              {pct(t)}
            </text>
          </g>
        ))}
        <text className="axis-label" x={(M.left + W - M.right) / 2} y={H - 2} textAnchor="middle">
          confidence (top probability)
        </text>
        {filled(after.reliability).map((row) => (
          <rect key={row.lower} className="bin" x={x(row.lower) + 1} width={width - 2} y={y(row.accuracy)} height={y(0) - y(row.accuracy)}>
            <title>{`${row.count} predictions at ${pct(row.confidence)} confidence: right ${pct(row.accuracy)} of the time`}</title>
          </rect>
        ))}
        <path className="diagonal" d={`M${x(0)} ${y(0)} L${x(1)} ${y(1)}`} />
        <path className="line validation" d={linePath(shown.map((r) => r.accuracy), (i) => x(shown[i].confidence), y)} />
        {shown.map((row) => (
          <circle key={row.lower} className="dot" cx={x(row.confidence)} cy={y(row.accuracy)} r="3" />
        ))}
      </svg>
      <ul className="chart-legend">
        <li><span className="legend-box" aria-hidden="true" />right, after scaling</li>
        <li><span className="legend-line validation" aria-hidden="true" />before</li>
        <li><span className="legend-line diagonal" aria-hidden="true" />perfectly calibrated</li>
      </ul>
    </figure>
  );
}
