import { formatMs } from "../../../lib/format";

export const STAGE_LABELS = {
  fetching: "Fetching the preview",
  decoding: "Decoding the audio",
  extracting: "Measuring the sound (138 features)",
  predicting: "Asking the model",
};
const TRACK_STAGES = ["fetching", "decoding", "extracting", "predicting"];
const FILE_STAGES = ["decoding", "extracting", "predicting"];

// The stages the server reports as it starts them; nothing here runs on a timer.
export function Waiting({ stages, forFile }) {
  const names = forFile ? FILE_STAGES : TRACK_STAGES;
  const current = stages.length ? stages[stages.length - 1].stage : null;
  const reached = new Map(stages.map(({ stage, elapsed_ms: ms }) => [stage, ms]));
  const headline = current
    ? `${STAGE_LABELS[current]}…`
    : forFile
      ? "Sending the file…"
      : "Asking the server…";
  return (
    <div className="waiting">
      <div className="equalizer" aria-hidden="true">
        <span />
        <span />
        <span />
        <span />
        <span />
      </div>
      <div>
        <p className="waiting-headline" role="status">
          {headline}
        </p>
        <ol className="stages" aria-label="Stages">
          {names.map((name) => {
            const state = name === current ? "current" : reached.has(name) ? "done" : "todo";
            return (
              <li key={name} className={`stage ${state}`} data-state={state}>
                {STAGE_LABELS[name].split(" (")[0]}
                {state === "done" || state === "current" ? (
                  <span className="stage-time"> · started at {formatMs(reached.get(name))}</span>
                ) : null}
              </li>
            );
          })}
        </ol>
      </div>
    </div>
  );
}
