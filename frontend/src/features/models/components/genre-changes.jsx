import { genreChanges } from "../compare";
import { TableScroll } from "./table-scroll";

const pct = (v) => (v == null ? "–" : `${(100 * v).toFixed(1)}%`);
const count = (v) => (v == null ? "–" : String(v));

function Change({ value, percent }) {
  if (value == null) return <span className="change">–</span>;
  const shown = percent ? `${(100 * value).toFixed(1)} pts` : String(value);
  const sign = value > 0 ? "+" : value < 0 ? "−" : "±";
  const kind = value > 0 ? "up" : value < 0 ? "down" : "same";
  return <span className={`change ${kind}`}>{`${sign}${shown.replace("-", "")}`}</span>;
}

const FIGURES = [
  ["tracks", "Tracks", false],
  ["feedback", "Feedback labels", false],
  ["precision", "Precision", true],
  ["recall", "Recall", true],
  ["f1", "F1", true],
];

// Per genre: each figure in A, in B, and how it moved from A to B.
export function GenreChanges({ a, b }) {
  const rows = genreChanges(a, b);
  return (
    <TableScroll label="Changes per genre">
      <table className="genre-changes">
        <caption>
          From A (<code>{a.version}</code>) to B (<code>{b.version}</code>), per genre
        </caption>
        <thead>
          <tr>
            <th scope="col">Genre</th>
            {FIGURES.map(([key, label]) => (
              <th key={key} scope="col">
                {label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.genre}>
              <th scope="row">
                {row.genre}
                {row.onlyIn && <span className="muted"> (only {row.onlyIn.toUpperCase()})</span>}
              </th>
              {FIGURES.map(([key, , percent]) => (
                <td key={key}>
                  {(percent ? pct : count)(row[key].a)} → {(percent ? pct : count)(row[key].b)}{" "}
                  <Change value={row[key].change} percent={percent} />
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </TableScroll>
  );
}
