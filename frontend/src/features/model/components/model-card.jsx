import { useEffect, useState } from "react";
import { getActiveModel } from "../api/get-active-model";

const pct = (value) => `${(100 * value).toFixed(1)}%`;

// The serving model and how well it does: cross-validated where measured.
export function ModelCard() {
  const [model, setModel] = useState(null);
  const [error, setError] = useState("");

  useEffect(() => {
    getActiveModel().then(setModel).catch((err) => setError(err.message));
  }, []);

  if (error) return <p className="error">{error}</p>;
  if (!model) return null;
  const cv = model.metrics.cross_validation;
  const report = cv || model.metrics;
  return (
    <details className="model-card">
      <summary>
        Model {model.version}: {pct(model.accuracy)} accuracy
        {cv ? ` (${cv.folds}-fold cross-validation)` : " (held-out split)"}
      </summary>
      <table>
        <thead>
          <tr><th>genre</th><th>precision</th><th>recall</th><th>F1</th><th>songs</th></tr>
        </thead>
        <tbody>
          {Object.entries(report.per_genre).map(([genre, row]) => (
            <tr key={genre}>
              <td>{genre}</td>
              <td>{pct(row.precision)}</td>
              <td>{pct(row.recall)}</td>
              <td>{pct(row.f1)}</td>
              <td>{row.support}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </details>
  );
}
