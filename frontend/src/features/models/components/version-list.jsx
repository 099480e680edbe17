import { formatPercent } from "../../../lib/format";
import { TableScroll } from "./table-scroll";

const when = (iso) => new Date(iso).toLocaleString("en-GB", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" });

// Every version, newest first, the active one marked.
export function VersionList({ models }) {
  return (
    <TableScroll label="Trained versions">
      <table className="version-list">
        <caption>Every trained version, newest first</caption>
        <thead>
          <tr>
            <th scope="col">Version</th>
            <th scope="col">Trained (UTC)</th>
            <th scope="col">Right</th>
            <th scope="col">Tracks</th>
            <th scope="col">Feedback</th>
          </tr>
        </thead>
        <tbody>
          {models.map((model) => (
            <tr key={model.version}>
              <th scope="row">
                <code>{model.version}</code>
                {model.active && <span className="badge">active</span>}
              </th>
              <td>{when(model.created_at)}</td>
              <td title={model.accuracy_source === "cross_validation" ? "cross-validated" : "on a held-out split"}>
                {model.accuracy == null ? "–" : formatPercent(model.accuracy)}
              </td>
              <td>{model.tracks ?? "–"}</td>
              <td>{model.feedback_labels ?? "–"}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableScroll>
  );
}
