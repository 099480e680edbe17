import { useEffect, useState } from "react";
import { searchTracks } from "../api/search-tracks";

// Autosuggest: asks the API on every keystroke, cancelling the request before.
export function SearchBox({ onPick }) {
  const [query, setQuery] = useState("");
  const [results, setResults] = useState([]);
  const [error, setError] = useState("");

  useEffect(() => {
    if (!query.trim()) {
      setResults([]);
      return undefined;
    }
    const controller = new AbortController();
    searchTracks(query, { signal: controller.signal })
      .then((data) => {
        setResults(data.results);
        setError("");
      })
      .catch((err) => err.name !== "AbortError" && setError(err.message));
    return () => controller.abort();
  }, [query]);

  return (
    <div className="search">
      <input
        aria-label="Search a song"
        placeholder="Search a song…"
        value={query}
        onChange={(event) => setQuery(event.target.value)}
      />
      {error && <p className="error">{error}</p>}
      <ul className="suggestions">
        {results.map((track) => (
          <li key={`${track.provider}:${track.id}`}>
            <button type="button" onClick={() => onPick(track)}>
              <strong>{track.title}</strong> — {track.artist}
              <small> ({track.provider})</small>
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}
