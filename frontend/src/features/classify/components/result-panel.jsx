import { describeGenres } from "../summary";
import { genreColors } from "../colors";
import { GenreBars } from "./genre-bars";
import { GenreTimeline } from "./genre-timeline";
import { Timings } from "./timings";
import { Waiting } from "./waiting";

// The waiting state and the result share one layout, so nothing jumps when the
// result arrives: the same rows of bars, the same timeline strip, the same lines.
export function ResultPanel({ job, genreNames, time, onSeek }) {
  const { result } = job;
  const names = result ? result.model.genres : genreNames;
  const colors = genreColors(names);
  return (
    <section className="result" aria-busy={job.status === "waiting"} aria-label="Genres">
      <div className="result-head">
        {result ? (
          <>
            <p className="summary" role="status">
              {describeGenres(result.genres)}
            </p>
            <p className="summary-note">How sure the model is of each genre, over the whole clip:</p>
          </>
        ) : (
          <Waiting stages={job.stages} forFile={Boolean(job.input.file)} />
        )}
      </div>
      <GenreBars genres={result?.genres ?? null} genreNames={names} colors={colors} />
      <GenreTimeline timeline={result?.timeline ?? null} genreNames={names} colors={colors} time={time} onSeek={onSeek} />
      <div className="result-foot">
        {result ? <Timings timings={result.timings_ms} cached={result.cached} /> : <p className="timings"> </p>}
      </div>
    </section>
  );
}
