import { formatPercent } from "../../../lib/format";
import { TableScroll } from "./table-scroll";

function Bar({ value, kind }) {
  return (
    <span className="pr-cell">
      <span className="pr-track" aria-hidden="true">
        <span className={`pr-bar ${kind}`} style={{ width: `${(100 * value).toFixed(1)}%` }} />
      </span>
      <span className="pr-value">{formatPercent(value)}</span>
    </span>
  );
}

// Per genre: precision (of the songs it called this genre, the share that were) and
// recall (of this genre's songs, the share it found), as bars.
export function PrecisionRecall({ rows, label = "Precision and recall per genre" }) {
  return (
    <TableScroll label={label}>
      <table className="precision-recall">
        <caption>Precision: of the songs it called this genre, how many were. Recall: of this genre's songs, how many it found.</caption>
        <thead>
          <tr>
            <th scope="col">Genre</th>
            <th scope="col">Precision</th>
            <th scope="col">Recall</th>
            <th scope="col">Songs</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.genre}>
              <th scope="row">{row.genre}</th>
              <td>
                <Bar value={row.precision} kind="precision" />
              </td>
              <td>
                <Bar value={row.recall} kind="recall" />
              </td>
              <td>{row.support}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableScroll>
  );
}
