import { useEffect, useImperativeHandle, useRef, useState } from "react";
import { useTrackSearch } from "../hooks/use-track-search";
import { SearchStatus } from "./search-status";
import { SuggestionRow, optionId } from "./suggestion-row";

const LISTBOX_ID = "search-listbox";

export function trackLabel(track) {
  return track.artist ? `${track.title} — ${track.artist}` : track.title;
}

// The ARIA 1.2 combobox: the input keeps focus, the active suggestion is named by
// aria-activedescendant; ↓/↑ move, Enter picks, Escape closes (twice: clears).
export function SearchBox({ onPick, ref }) {
  const input = useRef(null);
  const [query, setQuery] = useState("");
  const [picked, setPicked] = useState(null); // the label of the song just picked
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(-1);
  const search = useTrackSearch(query === picked ? "" : query);
  const { results } = search;
  const expanded = open && results.length > 0;

  useImperativeHandle(ref, () => ({
    focus: () => input.current.focus(),
    search: (text) => {
      setQuery(text);
      setPicked(null);
      setOpen(true);
      input.current.focus();
    },
  }));

  useEffect(() => setActive(-1), [results]);
  useEffect(() => {
    if (expanded && active >= 0) document.getElementById(optionId(active))?.scrollIntoView({ block: "nearest" });
  }, [active, expanded]);

  const pick = (track) => {
    const label = trackLabel(track);
    setQuery(label);
    setPicked(label);
    setOpen(false);
    onPick(track);
  };

  const onKeyDown = (event) => {
    const count = results.length;
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      if (!count) return;
      const step = event.key === "ArrowDown" ? 1 : -1;
      if (!open) setOpen(true);
      setActive((current) => (current < 0 && step < 0 ? count - 1 : (current + step + count) % count));
    } else if (event.key === "Enter") {
      if (expanded && active >= 0) {
        event.preventDefault();
        if (results[active].preview_url) pick(results[active]);
      }
    } else if (event.key === "Escape") {
      event.preventDefault();
      if (expanded) setOpen(false);
      else {
        setQuery("");
        setPicked(null);
      }
    }
  };

  return (
    <div className="search">
      <label htmlFor="search-input" className="search-label">
        Search a song, an artist or an album
      </label>
      <div className="combobox">
        <input
          id="search-input"
          ref={input}
          type="text"
          role="combobox"
          aria-expanded={expanded}
          aria-controls={LISTBOX_ID}
          aria-autocomplete="list"
          aria-activedescendant={expanded && active >= 0 ? optionId(active) : undefined}
          aria-describedby="search-status"
          autoComplete="off"
          spellCheck="false"
          placeholder="e.g. blues, Neon Tapir, Rainwater…"
          value={query}
          onChange={(event) => {
            setQuery(event.target.value);
            setPicked(null);
            setOpen(true);
          }}
          onKeyDown={onKeyDown}
          onFocus={() => setOpen(true)}
          onBlur={() => setOpen(false)}
        />
        <div className="popup" hidden={!open || search.status === "idle"}>
          <ul id={LISTBOX_ID} role="listbox" aria-label="Songs found" hidden={!expanded}>
            {results.map((track, index) => (
              <SuggestionRow
                key={`${track.provider}:${track.id}`}
                track={track}
                index={index}
                active={index === active}
                onPick={pick}
                onHover={setActive}
              />
            ))}
          </ul>
          <SearchStatus search={search} />
        </div>
      </div>
    </div>
  );
}
