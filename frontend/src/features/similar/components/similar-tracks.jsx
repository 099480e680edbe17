import { useEffect, useId, useRef, useState } from "react";
import { Player } from "../../player/components/player";
import { getSimilar } from "../api/similar";

const noop = () => {};

// What a neighbour is, in a few words: its labels, else the model's top genre.
function genreOf(item) {
  if (item.labels.length) return item.labels.join(", ");
  return item.genres[0]?.genre ?? "";
}

function Neighbour({ item, onPlay, playing }) {
  const { title, artist } = item.track;
  const name = title || "Untitled";
  return (
    <li className="neighbour">
      <div className="neighbour-text">
        <span className="neighbour-title">{name}</span>
        <span className="neighbour-details">{[artist, genreOf(item)].filter(Boolean).join(" · ")}</span>
      </div>
      <span className="neighbour-alike" title={`cosine distance ${item.distance.toFixed(3)}`}>
        {Math.round(Math.max(0, item.similarity) * 100)}% alike
      </span>
      {item.audio_url ? (
        <button type="button" className="button secondary" aria-pressed={playing} onClick={() => onPlay(item)}>
          {playing ? "Playing" : "Play"}
          <span className="visually-hidden"> {name}</span>
        </button>
      ) : (
        <span className="neighbour-silent">no audio</span>
      )}
    </li>
  );
}

// "Sounds like": the songs nearest to this result in the model's ear, fetched when
// asked for, each playable when it has audio here. Without a result yet it keeps
// its place, switched off (nothing below it moves when the result arrives).
export function SimilarTracks({ result }) {
  const id = useId();
  const [state, setState] = useState({ status: "idle" });
  const [playing, setPlaying] = useState(null);
  const player = useRef(null);
  const classificationId = result?.id;
  const abort = useRef(null);

  useEffect(() => {
    setState({ status: "idle" });
    setPlaying(null);
    return () => abort.current?.abort();
  }, [classificationId]);

  useEffect(() => {
    if (playing) player.current?.play();
  }, [playing]);

  const load = () => {
    const controller = new AbortController();
    abort.current = controller;
    setState({ status: "loading" });
    getSimilar(classificationId, { signal: controller.signal })
      .then((data) => setState({ status: "ready", data }))
      .catch((error) => error.name !== "AbortError" && setState({ status: "error", error }));
  };

  return (
    <section className="similar" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`} className="similar-title">
        Sounds like
      </h2>
      {state.status === "idle" && (
        <button type="button" className="button secondary" disabled={!result} onClick={load}>
          Find songs that sound like this
        </button>
      )}
      <p className="similar-status" role="status">
        {state.status === "idle" && "The songs the model hears as closest to this one."}
        {state.status === "loading" && "Looking for songs the model hears as alike…"}
        {state.status === "ready" && state.data.tracks.length === 0 && "No other songs to compare with yet."}
        {state.status === "ready" &&
          state.data.tracks.length > 0 &&
          `The ${state.data.tracks.length} songs nearest to this one in model ${state.data.model}'s ear.`}
      </p>
      {state.status === "error" && (
        <div className="problem" role="alert">
          <p>{state.error.message}</p>
          <button type="button" className="button secondary" onClick={load}>
            Try again
          </button>
        </div>
      )}
      {state.status === "ready" && (
        <ol className="neighbours">
          {state.data.tracks.map((item) => (
            <Neighbour
              key={`${item.track.provider}:${item.track.id}`}
              item={item}
              playing={playing === item}
              onPlay={setPlaying}
            />
          ))}
        </ol>
      )}
      {playing && <Player ref={player} src={playing.audio_url} label={playing.track.title} onTime={noop} />}
    </section>
  );
}
