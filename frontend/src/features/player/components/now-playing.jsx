import { Artwork } from "../../../components/artwork";
import { formatMegabytes } from "../../../lib/format";
import { Player } from "./player";

// The picked song (or file): what it is, and its preview to listen to.
export function NowPlaying({ input, playerRef, onTime }) {
  const { track, file } = input;
  const title = track ? track.title : file.name;
  const details = track
    ? [track.artist, track.album].filter(Boolean).join(" · ")
    : `Your file · ${formatMegabytes(file.size)}`;
  return (
    <section className="now-playing" aria-label="Now playing">
      <Artwork url={track?.artwork_url} name={track ? track.artist || track.title : file.name} />
      <div className="now-playing-text">
        <h2 className="now-playing-title">{title}</h2>
        <p className="now-playing-details">{details}</p>
      </div>
      {input.url ? (
        <Player ref={playerRef} src={input.url} label={title} onTime={onTime} />
      ) : (
        <p className="player-missing">Nothing to play: the file was not sent.</p>
      )}
    </section>
  );
}
