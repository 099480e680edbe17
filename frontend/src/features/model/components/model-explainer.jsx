import { formatPercent } from "../../../lib/format";
import { EXPLAINER_ID } from "./model-note";

function Spread({ cv }) {
  const folds = cv.fold_accuracies || [];
  if (!folds.length) return null;
  return (
    <>
      {" "}
      Across the {folds.length} rounds it ranged from {formatPercent(Math.min(...folds))} to{" "}
      {formatPercent(Math.max(...folds))}.
    </>
  );
}

// What the accuracy means: how it was measured, per genre, and its limits (the
// README's "The default model" section says the same at more length).
export function ModelExplainer({ model, open, onToggle }) {
  if (!model) return null;
  const cv = model.metrics?.cross_validation;
  const report = cv || model.metrics || {};
  const perGenre = Object.entries(report.per_genre || {});
  return (
    <details id={EXPLAINER_ID} className="explainer" open={open} onToggle={(event) => onToggle(event.currentTarget.open)}>
      <summary>About the model and its accuracy</summary>
      {cv ? (
        <p>
          The accuracy is measured the honest way, by <strong>{cv.folds}-fold cross-validation</strong>: the{" "}
          {cv.n_samples} labelled songs were split into {cv.folds} parts, and {cv.folds} times a fresh model was trained
          on the other parts and tested on the one it had never heard. It named the right genre for{" "}
          {formatPercent(cv.accuracy)} of those test songs.
          <Spread cv={cv} />
        </p>
      ) : (
        <p>The accuracy was measured on labelled songs held out from training.</p>
      )}
      <p>
        It only knows {model.genres.join(", ")}: any song gets a mix of these, even one of another genre. The demo songs
        are synthetic (drums, bass lines, chords), so they show the app working, not how accurate it is on real
        recordings. More in the README, section “The default model”.
      </p>
      {perGenre.length > 0 && (
        <div className="table-scroll">
          <table>
            <caption>Per genre: of the songs it called this genre, how many were (precision); of the songs of this genre, how many it found (recall).</caption>
            <thead>
              <tr>
                <th scope="col">Genre</th>
                <th scope="col">Precision</th>
                <th scope="col">Recall</th>
                <th scope="col">Songs</th>
              </tr>
            </thead>
            <tbody>
              {perGenre.map(([genre, row]) => (
                <tr key={genre}>
                  <th scope="row">{genre}</th>
                  <td>{formatPercent(row.precision)}</td>
                  <td>{formatPercent(row.recall)}</td>
                  <td>{row.support}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </details>
  );
}
