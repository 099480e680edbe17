import { useEffect, useState } from "react";
import { searchTracks } from "../api/search-tracks";

export const DEBOUNCE_MS = 150;
const IDLE = { status: "idle", query: "", results: [], errors: {} };

// Search as the person types: wait DEBOUNCE_MS after the last keystroke, and abort
// the request before when a newer one starts. Keeps the last results while loading.
export function useTrackSearch(query) {
  const [state, setState] = useState(IDLE);
  const trimmed = query.trim();

  useEffect(() => {
    if (!trimmed) {
      setState(IDLE);
      return undefined;
    }
    setState((previous) => ({ ...previous, status: "loading" }));
    const controller = new AbortController();
    const timer = setTimeout(() => {
      searchTracks(trimmed, { signal: controller.signal })
        .then((data) => {
          const down = data.results.length === 0 && Object.keys(data.errors).length > 0;
          setState({ status: down ? "down" : "done", query: trimmed, results: data.results, errors: data.errors });
        })
        .catch((error) => {
          if (error.name === "AbortError") return;
          setState({ status: "down", query: trimmed, results: [], errors: {}, error });
        });
    }, DEBOUNCE_MS);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [trimmed]);

  return state;
}
