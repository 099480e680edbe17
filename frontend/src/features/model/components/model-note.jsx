import { formatPercent } from "../../../lib/format";

export const EXPLAINER_ID = "about-the-model";

function howMeasured(model) {
  const cv = model.metrics?.cross_validation;
  if (cv) return `(${cv.folds}-fold cross-validation over ${cv.n_samples} labelled songs)`;
  const n = model.metrics?.n_samples;
  return n ? `(${n} labelled songs held out from training)` : "(labelled songs held out from training)";
}

// The serving model and how often it is right, said plainly, with a link to what
// that number means.
export function ModelNote({ model, onExplain }) {
  if (!model) return <p className="model-note"> </p>;
  return (
    <p className="model-note">
      Model <code>{model.version}</code>: right about{" "}
      <strong>{model.accuracy == null ? "an unmeasured share" : formatPercent(model.accuracy)}</strong> of the time on
      songs it had not heard {howMeasured(model)}.{" "}
      <a href={`#${EXPLAINER_ID}`} onClick={() => onExplain?.()}>
        What does that mean?
      </a>
    </p>
  );
}
