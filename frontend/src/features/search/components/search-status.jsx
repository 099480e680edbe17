const PROVIDER_NAMES = { local: "the library", deezer: "Deezer", itunes: "iTunes", spotify: "Spotify" };

function names(errors) {
  return Object.keys(errors)
    .map((name) => PROVIDER_NAMES[name] || name)
    .join(" and ");
}

// What the search found, in words (also read out by screen readers).
export function SearchStatus({ search }) {
  const { status, query, results, errors } = search;
  let text = "";
  if (status === "loading") {
    text = "Searching…";
  } else if (status === "down") {
    text = search.error
      ? "Search is down right now. Try again in a moment — or drop a file on the page instead."
      : `Search is down: ${names(errors)} didn't answer. Try again in a moment — or drop a file on the page instead.`;
  } else if (status === "done" && results.length === 0) {
    text = `No songs match “${query}”. Try fewer or other words, or drop a file on the page instead.`;
  } else if (status === "done") {
    const failed = Object.keys(errors).length ? ` (${names(errors)} didn't answer)` : "";
    text = `${results.length} ${results.length === 1 ? "song" : "songs"} found${failed}. ↓ and ↑ to choose, Enter to pick.`;
  }
  return (
    <p id="search-status" className={`search-status ${status}`} role="status">
      {text}
    </p>
  );
}
