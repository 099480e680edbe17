import { formatPercent } from "../../../lib/format";
import { LineChart } from "./line-chart";

const last = (values) => values[values.length - 1];
const fixed = (value) => (value == null ? "–" : value.toFixed(2));

function summary(name, train, validation, format, best) {
  return (
    `${name} per epoch over ${train.length} epochs: training from ${format(train[0])} to ${format(last(train))}, ` +
    `validation from ${format(validation[0])} to ${format(last(validation))}` +
    (best ? `; the weights of epoch ${best} were kept.` : ".")
  );
}

// Loss and accuracy per epoch, training beside validation.
export function LearningCurves({ history, bestEpoch }) {
  if (!history || !history.loss.length) return <p className="muted">This version's files hold no training history.</p>;
  const pair = (train, validation) => [
    { label: "training", values: train, kind: "train" },
    { label: "validation", values: validation, kind: "validation" },
  ];
  return (
    <div className="chart-pair">
      <LineChart
        title="Loss (lower is better)"
        series={pair(history.loss, history.val_loss)}
        format={fixed}
        marker={bestEpoch}
        summary={summary("Loss", history.loss, history.val_loss, fixed, bestEpoch)}
      />
      <LineChart
        title="Accuracy"
        series={pair(history.accuracy, history.val_accuracy)}
        format={(v) => formatPercent(v).replace(".0%", "%")}
        domain={[0, 1]}
        marker={bestEpoch}
        summary={summary("Accuracy", history.accuracy, history.val_accuracy, formatPercent, bestEpoch)}
      />
    </div>
  );
}
