import { useId } from "react";
import { formatPercent } from "../../../lib/format";

const label = (model) =>
  `${model.version}${model.active ? " (active)" : ""}${model.accuracy == null ? "" : ` · ${formatPercent(model.accuracy)}`}`;

// Two versions to show side by side: A, and B (or none).
export function ModelPicker({ models, picks, onPick }) {
  const id = useId();
  return (
    <div className="model-picker">
      {["a", "b"].map((side) => (
        <p key={side}>
          <label htmlFor={`${id}-${side}`}>Version {side.toUpperCase()}</label>
          <select id={`${id}-${side}`} value={picks[side] ?? ""} onChange={(event) => onPick(side, event.target.value)}>
            {side === "b" && <option value="">none (show A alone)</option>}
            {models.map((model) => (
              <option key={model.version} value={model.version}>
                {label(model)}
              </option>
            ))}
          </select>
        </p>
      ))}
    </div>
  );
}
