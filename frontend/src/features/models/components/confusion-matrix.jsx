import { formatPercent } from "../../../lib/format";
import { heatColor } from "../chart-math";
import { TableScroll } from "./table-scroll";

// The confusion matrix as a heat map: a row per true genre, a column per genre the
// model said; each cell's shade is its share of the row (blue right, orange wrong).
export function ConfusionMatrix({ genres, matrix, caption, label = "Confusion matrix" }) {
  return (
    <TableScroll label={label}>
      <table className="confusion">
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">
              <span className="visually-hidden">True genre</span>
            </th>
            {genres.map((genre) => (
              <th key={genre} scope="col" title={`said ${genre}`}>
                <span aria-hidden="true">{genre.slice(0, 4)}</span>
                <span className="visually-hidden">said {genre}</span>
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {matrix.map((row, i) => {
            const total = row.reduce((sum, n) => sum + n, 0);
            return (
              <tr key={genres[i]}>
                <th scope="row">{genres[i]}</th>
                {row.map((count, j) => {
                  const share = total ? count / total : 0;
                  const label = `${genres[i]} songs called ${genres[j]}: ${count} (${formatPercent(share)})`;
                  return (
                    <td key={genres[j]} title={label} style={{ background: heatColor(share, i === j ? "right" : "wrong") }}>
                      {count}
                    </td>
                  );
                })}
              </tr>
            );
          })}
        </tbody>
      </table>
    </TableScroll>
  );
}
