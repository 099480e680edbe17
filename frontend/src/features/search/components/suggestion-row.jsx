import { formatDuration } from "../../../lib/format";
import { Artwork } from "../../../components/artwork";

const PROVIDER_NAMES = { local: "Library", deezer: "Deezer", itunes: "iTunes", spotify: "Spotify" };

export function optionId(index) {
  return `search-option-${index}`;
}

// One suggestion: artwork, title, artist · album, duration and where it comes from.
// Songs without a preview are shown, marked, and cannot be picked.
export function SuggestionRow({ track, index, active, onPick, onHover }) {
  const playable = Boolean(track.preview_url);
  const details = [track.artist, track.album].filter(Boolean).join(" · ");
  return (
    <li
      id={optionId(index)}
      role="option"
      aria-selected={active}
      aria-disabled={!playable || undefined}
      className={`suggestion${active ? " active" : ""}${playable ? "" : " unplayable"}`}
      onMouseDown={(event) => event.preventDefault()}
      onMouseMove={() => onHover(index)}
      onClick={() => playable && onPick(track)}
    >
      <Artwork url={track.artwork_url} name={track.artist || track.title} />
      <span className="suggestion-text">
        <span className="suggestion-title">{track.title}</span>
        <span className="suggestion-details">{details}</span>
      </span>
      <span className="suggestion-meta">
        <span className="duration">{formatDuration(track.duration_s)}</span>
        <span className="provider">{PROVIDER_NAMES[track.provider] || track.provider}</span>
        {!playable && <span className="no-preview">No preview</span>}
      </span>
    </li>
  );
}
