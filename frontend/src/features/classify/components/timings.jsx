import { formatMs } from "../../../lib/format";

const PARTS = ["fetch", "decode", "features", "predict"];

// How long each step took on the server.
export function Timings({ timings, cached }) {
  const total = PARTS.reduce((sum, key) => sum + (timings[key] || 0), 0);
  return (
    <p className="timings">
      {PARTS.map((key) => `${key} ${formatMs(timings[key] || 0)}`).join(" · ")} · total{" "}
      {formatMs(total)}
      {cached ? " (a stored answer: the timings are from its first run)" : ""}
    </p>
  );
}
