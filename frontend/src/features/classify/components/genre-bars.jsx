export function GenreBars({ result }) {
  return (
    <section className="result">
      <h2>{result.track.artist ? `${result.track.artist} — ${result.track.title}` : result.track.title}</h2>
      <ul className="bars">
        {result.genres.map(({ genre, probability }) => (
          <li key={genre}>
            <span className="label">{genre}</span>
            <span className="bar" style={{ width: `${(probability * 100).toFixed(1)}%` }} />
            <span className="value">{(probability * 100).toFixed(1)}%</span>
          </li>
        ))}
      </ul>
      <p className="meta">
        Model {result.model.version} · decode {result.timings_ms.decode} ms · features{" "}
        {result.timings_ms.features} ms
      </p>
    </section>
  );
}
