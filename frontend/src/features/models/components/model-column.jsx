import { formatPercent } from "../../../lib/format";
import { headlineEvaluation } from "../compare";
import { ConfusionMatrix } from "./confusion-matrix";
import { LearningCurves } from "./learning-curves";
import { PrecisionRecall } from "./precision-recall";
import { ReliabilityDiagram } from "./reliability-diagram";
import { TrainingData } from "./training-data";

function measuredBy(detail) {
  const cv = detail.evaluations.cross_validation;
  return cv ? `${cv.folds}-fold cross-validation over ${cv.n_samples} songs` : `${headlineEvaluation(detail).n_samples} held-out songs`;
}

// Everything about one version: how it did, how it learned, what it learned from.
export function ModelColumn({ detail, side }) {
  const named = (what) => `Version ${side.toUpperCase()}: ${what}`;
  const evaluation = headlineEvaluation(detail);
  const created = new Date(detail.created_at).toLocaleString("en-GB", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" });
  return (
    <article className="model-column" aria-labelledby={`model-${side}`}>
      <h3 id={`model-${side}`}>
        <span className="side">{side.toUpperCase()}</span> <code>{detail.version}</code>
        {detail.active && <span className="badge">active</span>}
      </h3>
      <p className="model-facts">
        Trained {created} UTC · {detail.genres.length} genres ·{" "}
        {evaluation ? (
          <>
            right <strong>{formatPercent(evaluation.accuracy)}</strong> of the time ({measuredBy(detail)})
          </>
        ) : (
          "accuracy not measured"
        )}
        {detail.training_data ? ` · ${detail.training_data.feedback_labels} feedback labels` : ""}
      </p>
      {!detail.artifact_readable && (
        <p className="problem">This version's files are missing on the server: only its stored scores are shown.</p>
      )}
      <h4>How it learned</h4>
      <LearningCurves history={detail.history} bestEpoch={detail.best_epoch} />
      {evaluation && (
        <>
          <h4>Where it goes wrong</h4>
          <ConfusionMatrix
            genres={detail.genres}
            matrix={evaluation.confusion_matrix}
            caption={`Rows: the true genre; columns: what the model said (${measuredBy(detail)}).`}
            label={named("confusion matrix")}
          />
          <h4>Precision and recall</h4>
          <PrecisionRecall rows={evaluation.per_genre} label={named("precision and recall")} />
        </>
      )}
      {detail.calibration && (
        <>
          <h4>Do its percentages mean what they say?</h4>
          <ReliabilityDiagram calibration={detail.calibration} />
        </>
      )}
      <h4>What it learned from</h4>
      <TrainingData data={detail.training_data} label={named("tracks per genre")} />
    </article>
  );
}
