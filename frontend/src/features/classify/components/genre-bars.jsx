import { useEffect, useState } from "react";
import { formatPercent } from "../../../lib/format";

// Left-aligned values padded with figure spaces line up like right-aligned ones, and
// their text does not move when "–" becomes "61.2%" (no layout shift).
const FIGURE_SPACE = "\u2007";
const padded = (text) => text.padStart(6, FIGURE_SPACE);

// One bar per genre of the model, most likely first. Before the result the rows are
// there, empty, so nothing moves when it arrives; then the bars grow to their values.
export function GenreBars({ genres, genreNames, colors }) {
  const [grown, setGrown] = useState(false);
  useEffect(() => {
    if (!genres) return undefined;
    setGrown(false);
    const frame = requestAnimationFrame(() => setGrown(true));
    return () => cancelAnimationFrame(frame);
  }, [genres]);

  const rows = genres || genreNames.map((genre) => ({ genre, probability: null }));
  return (
    <ul className="bars" aria-label="Genre probabilities">
      {rows.map(({ genre, probability }, rank) => (
        // Keyed by rank: rows stay put and only their contents change.
        <li key={rank} className="bar-row">
          <span className="bar-label">{genre}</span>
          <span className="bar-track" aria-hidden="true">
            <span
              className="bar"
              data-testid={`bar-${genre}`}
              style={{
                width: probability == null || !grown ? "0%" : formatPercent(probability),
                background: colors[genre],
              }}
            />
          </span>
          <span className="bar-value">{padded(probability == null ? "–" : formatPercent(probability))}</span>
        </li>
      ))}
    </ul>
  );
}
