import { useCallback, useEffect, useRef, useState } from "react";
import { loadStylesheet } from "../../../lib/stylesheet";
import { Player } from "../../player/components/player";
import { getClusters } from "../api/clusters";
import stylesheet from "../clusters.css";
import { colourOf, describeCluster } from "../map-math";
import { ClusterMap, trackName } from "./cluster-map";

export const ready = loadStylesheet(stylesheet);
const noop = () => {};

function Legend({ clusters }) {
  return (
    <ul className="cluster-legend" aria-label="Clusters">
      {clusters.map((cluster) => (
        <li key={cluster.id}>
          <span className="swatch" style={{ background: colourOf(cluster.id) }} aria-hidden="true" />
          <strong>Cluster {cluster.id + 1}</strong> · {cluster.size} tracks
          {describeCluster(cluster) && `: ${describeCluster(cluster)}`}
        </li>
      ))}
    </ul>
  );
}

function TrackCard({ point, playing, onPlay }) {
  if (!point) return <p className="track-card muted">Point at a dot, or focus the map and use the arrow keys.</p>;
  return (
    <div className="track-card">
      <p>
        <span className="swatch" style={{ background: colourOf(point.cluster) }} aria-hidden="true" />
        <strong>{trackName(point)}</strong>
      </p>
      <p className="muted">
        Cluster {point.cluster + 1}
        {point.labels.length > 0 && ` · labelled ${point.labels.join(", ")}`}
        {!point.audio_url && " · no audio here (a feature vector only)"}
      </p>
      {point.audio_url && !playing && (
        <button type="button" className="button secondary" onClick={onPlay}>
          Play
        </button>
      )}
    </div>
  );
}

function Silhouettes({ data }) {
  const scores = Object.entries(data.silhouette)
    .map(([k, score]) => `k = ${k}: ${score.toFixed(2)}`)
    .join(", ");
  const tried = Object.keys(data.silhouette).length > 1;
  return (
    <p className="muted">
      {data.k} clusters by k-means over model {data.model}'s embedding
      {tried ? `, k chosen by the silhouette (${scores})` : ` (silhouette ${scores})`}. The map is the
      two principal components ({data.explained_variance.map((v) => `${Math.round(v * 100)}%`).join(" + ")} of the
      variance).
    </p>
  );
}

// Groups nobody labelled: the latest `cluster_tracks` map, a dot per track.
export function ClustersPage() {
  const [state, setState] = useState({ status: "loading" });
  const [shown, setShown] = useState(null);
  const [playing, setPlaying] = useState(null);
  const player = useRef(null);

  const load = useCallback(() => {
    setState({ status: "loading" });
    getClusters()
      .then((data) => setState({ status: "ready", data }))
      .catch((error) => setState({ status: "error", error }));
  }, []);
  useEffect(load, [load]);
  useEffect(() => {
    document.title = "Clusters · AudioFiler";
  }, []);
  useEffect(() => {
    if (playing !== null) player.current?.play();
  }, [playing]);

  const points = state.data?.points ?? [];
  const play = (index) => {
    setShown(index);
    if (points[index]?.audio_url) setPlaying(index);
  };
  return (
    <main className="clusters-page">
      <h2>Clusters nobody trained</h2>
      <p className="lede">Songs the model hears alike end up near each other. Nobody told it these groups.</p>
      {state.status === "loading" && <p role="status">Loading the map…</p>}
      {state.status === "error" && (
        <div className="problem" role="alert">
          <p>{state.error.message}</p>
          <button type="button" className="button secondary" onClick={load}>
            Try again
          </button>
        </div>
      )}
      {state.status === "ready" && (
        <>
          <Silhouettes data={state.data} />
          <div className="map-area">
            <ClusterMap points={points} shown={shown} onShow={setShown} onPlay={play} />
            <div aria-live="polite">
              <TrackCard point={points[shown]} playing={playing === shown} onPlay={() => play(shown)} />
            </div>
          </div>
          {playing !== null && (
            <Player ref={player} src={points[playing].audio_url} label={points[playing].track.title} onTime={noop} />
          )}
          <Legend clusters={state.data.clusters} />
        </>
      )}
    </main>
  );
}
