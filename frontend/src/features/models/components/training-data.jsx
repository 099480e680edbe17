import { TableScroll } from "./table-scroll";

const list = (counts) =>
  Object.entries(counts)
    .map(([name, n]) => `${name} ${n}`)
    .join(" · ");

// What the version learned from: tracks per genre, by label origin and by source,
// and how many of them visitors' feedback labelled.
export function TrainingData({ data, label = "Tracks per genre" }) {
  if (!data) return <p className="muted">This version was trained outside train_model: its files do not say what data it saw.</p>;
  const usedFeedback = data.labels.includes("feedback");
  const dropped = Object.entries(data.dropped_too_few);
  return (
    <>
      <p className="data-headline">
        {data.tracks} tracks, labels from {data.labels.join(", ")}.{" "}
        {usedFeedback ? (
          <strong>{data.feedback_labels} labelled by visitors' feedback.</strong>
        ) : (
          "Visitors' feedback was left out (--no-feedback)."
        )}
      </p>
      <TableScroll label={label}>
        <table className="training-data">
          <caption>Tracks per genre, by where the label came from and where the track came from</caption>
          <thead>
            <tr>
              <th scope="col">Genre</th>
              <th scope="col">Tracks</th>
              <th scope="col">Feedback</th>
              <th scope="col">Labels from</th>
              <th scope="col">Tracks from</th>
            </tr>
          </thead>
          <tbody>
            {data.per_genre.map((row) => (
              <tr key={row.genre}>
                <th scope="row">{row.genre}</th>
                <td>{row.tracks}</td>
                <td>{row.feedback}</td>
                <td>{list(row.origins)}</td>
                <td>{list(row.sources)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>
      <p className="muted">
        Left out: {data.dropped_conflicting_labels} tracks whose labels disagree
        {dropped.length ? `; genres with too few tracks: ${list(data.dropped_too_few)}` : ""}.
        {data.artists_known ? " Songs of one artist stayed on one side of each split." : ""}
      </p>
    </>
  );
}
