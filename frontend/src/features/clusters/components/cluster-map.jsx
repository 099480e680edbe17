import { useMemo, useRef, useState } from "react";
import { colourOf, drawingOrder, keyboardOrder, scalePoints } from "../map-math";

const WIDTH = 640;
const HEIGHT = 420;
const NEXT = { ArrowRight: 1, ArrowDown: 1, ArrowLeft: -1, ArrowUp: -1 };

export function trackName(point) {
  const { title, artist } = point.track;
  return [title || "Untitled", artist].filter(Boolean).join(" by ");
}

// The map: one dot per track, coloured by cluster. One dot at a time is in the tab
// order (a roving tabindex): arrows move between dots (by cluster, left to right),
// Home and End jump to the ends, Enter or Space plays. Hover or focus shows a dot.
export function ClusterMap({ points, shown, onShow, onPlay }) {
  const placed = useMemo(() => scalePoints(points, { width: WIDTH, height: HEIGHT }), [points]);
  const order = useMemo(() => keyboardOrder(points), [points]);
  // Dots with audio are drawn last, on top: they are the ones to click.
  const layers = useMemo(() => drawingOrder(points), [points]);
  const [active, setActive] = useState(order[0] ?? 0);
  const dots = useRef([]);

  const move = (to) => {
    setActive(to);
    dots.current[to]?.focus();
  };
  const onKeyDown = (event, index) => {
    const at = order.indexOf(index);
    let target = null;
    if (event.key in NEXT) target = order[(at + NEXT[event.key] + order.length) % order.length];
    else if (event.key === "Home") target = order[0];
    else if (event.key === "End") target = order[order.length - 1];
    else if (event.key === "Enter" || event.key === " ") {
      event.preventDefault();
      onPlay(index);
      return;
    } else return;
    event.preventDefault();
    move(target);
  };

  return (
    <svg
      className="cluster-map"
      viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
      role="group"
      aria-label={`Map of ${points.length} tracks; use the arrow keys to move between them`}
    >
      <rect width={WIDTH} height={HEIGHT} className="map-ground" />
      {layers.map((index) => [placed[index], index]).map(([point, index]) => (
        <circle
          key={index}
          ref={(element) => (dots.current[index] = element)}
          cx={point.px.toFixed(1)}
          cy={point.py.toFixed(1)}
          r={index === shown ? 7 : 4.5}
          fill={colourOf(point.cluster)}
          className={index === shown ? "dot shown" : "dot"}
          role="button"
          tabIndex={index === active ? 0 : -1}
          aria-label={`${trackName(point)}, cluster ${point.cluster + 1}${point.audio_url ? "" : ", no audio"}`}
          onMouseEnter={() => onShow(index)}
          onFocus={() => {
            setActive(index);
            onShow(index);
          }}
          onClick={() => onPlay(index)}
          onKeyDown={(event) => onKeyDown(event, index)}
        />
      ))}
    </svg>
  );
}
