import { formatDuration, formatPercent } from "../../../lib/format";

function top(segment) {
  return Object.entries(segment.genres).reduce((best, entry) => (entry[1] > best[1] ? entry : best))[0];
}

// Stretches of the clip where one genre leads: [{genre, start_s, end_s}].
export function leadingRuns(timeline) {
  const runs = [];
  for (const segment of timeline) {
    const genre = top(segment);
    const last = runs[runs.length - 1];
    if (last && last.genre === genre) last.end_s = segment.end_s;
    else runs.push({ genre, start_s: segment.start_s, end_s: segment.end_s });
  }
  return runs;
}

// The genres through the clip: one stacked column per segment, and a cursor that
// follows the player. Clicking a segment plays from there.
export function GenreTimeline({ timeline, genreNames, colors, time, onSeek }) {
  const duration = timeline?.length ? timeline[timeline.length - 1].end_s : 0;
  const runs = timeline ? leadingRuns(timeline) : [];
  const position = duration ? Math.min(1, Math.max(0, time / duration)) : 0;
  return (
    <figure className="timeline">
      <figcaption className="timeline-caption">Through the clip</figcaption>
      <div className="timeline-strip" data-testid="timeline-strip" aria-hidden="true">
        {(timeline || []).map((segment) => (
          <div
            key={segment.start_s}
            className="segment"
            style={{ flexGrow: segment.end_s - segment.start_s }}
            title={`${formatDuration(segment.start_s)}–${formatDuration(segment.end_s)}: ${genreNames
              .map((genre) => `${genre} ${formatPercent(segment.genres[genre] ?? 0)}`)
              .join(", ")}`}
            onClick={() => onSeek?.(segment.start_s)}
          >
            {genreNames.map((genre) => (
              <span key={genre} style={{ flexGrow: segment.genres[genre] ?? 0, background: colors[genre] }} />
            ))}
          </div>
        ))}
        {duration > 0 && (
          <span
            className="cursor"
            data-testid="timeline-cursor"
            data-position={position.toFixed(4)}
            style={{ transform: `translateX(${(position * 100).toFixed(2)}%)` }}
            aria-hidden="true"
          />
        )}
      </div>
      <div className="timeline-axis" aria-hidden="true">
        <span>0:00</span>
        <span>{duration ? formatDuration(duration) : ""}</span>
      </div>
      <p className="timeline-runs">
        {runs.length
          ? runs.map((run) => `${run.genre} ${formatDuration(run.start_s)}–${formatDuration(run.end_s)}`).join(", then ")
          : " "}
      </p>
      <ul className="legend" aria-hidden="true">
        {genreNames.map((genre) => (
          <li key={genre}>
            <span className="swatch" style={{ background: colors[genre] }} />
            {genre}
          </li>
        ))}
      </ul>
    </figure>
  );
}
