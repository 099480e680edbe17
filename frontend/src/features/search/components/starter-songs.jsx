import { useEffect, useState } from "react";
import { searchTracks } from "../api/search-tracks";
import { trackLabel } from "./search-box";

const SHOWN = 4;

// A few songs of the local library to start with (offline: the demo songs).
export function StarterSongs({ onPick }) {
  const [songs, setSongs] = useState([]);
  useEffect(() => {
    const controller = new AbortController();
    // Nearly every title has an "a"; spread the picks over the list for variety.
    searchTracks("a", { provider: "local", limit: 50, signal: controller.signal })
      .then(({ results }) => {
        const playable = results.filter((track) => track.preview_url);
        const step = Math.max(1, Math.floor(playable.length / SHOWN));
        setSongs(playable.filter((_, index) => index % step === 0).slice(0, SHOWN));
      })
      .catch(() => setSongs([]));
    return () => controller.abort();
  }, []);
  if (!songs.length) return null;
  return (
    <div className="starters">
      <p>Or start with one of these songs from the library:</p>
      <ul>
        {songs.map((track) => (
          <li key={track.id}>
            <button type="button" className="link-button" onClick={() => onPick(track)}>
              {trackLabel(track)}
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}
