// Colours of the clusters (Okabe–Ito and Tol's "bright", distinct for most eyes),
// in order; a 13th cluster takes the first again.
export const COLOURS = [
  "#0072B2", "#E69F00", "#009E73", "#CC79A7", "#D55E00", "#56B4E9",
  "#4b4b4b", "#AA3377", "#228833", "#EE6677", "#66CCEE", "#BBBBBB",
];

export const colourOf = (cluster) => COLOURS[cluster % COLOURS.length];

// Map coordinates into a width × height box with a margin, keeping the aspect ratio
// of the data (a PCA map's distances mean something in both directions).
export function scalePoints(points, { width, height, margin = 12 }) {
  if (points.length === 0) return [];
  const xs = points.map((p) => p.x);
  const ys = points.map((p) => p.y);
  const [x0, x1] = [Math.min(...xs), Math.max(...xs)];
  const [y0, y1] = [Math.min(...ys), Math.max(...ys)];
  const span = Math.max(x1 - x0, y1 - y0) || 1;
  const scale = Math.min(width - 2 * margin, height - 2 * margin) / span;
  const dx = (width - (x1 - x0) * scale) / 2;
  const dy = (height - (y1 - y0) * scale) / 2;
  // y grows upwards on the map, downwards in SVG.
  return points.map((p) => ({ ...p, px: dx + (p.x - x0) * scale, py: height - dy - (p.y - y0) * scale }));
}

// What a cluster is about, in words: its labels, else the model's genres, else tags.
export function describeCluster(cluster) {
  const named = [cluster.labels, cluster.predicted, cluster.tags].find((list) => list?.length) ?? [];
  return named
    .slice(0, 3)
    .map((entry) => `${entry.name} ${entry.count}`)
    .join(", ");
}

// Points in keyboard order: by cluster, then left to right.
export function keyboardOrder(points) {
  return points
    .map((point, index) => ({ point, index }))
    .sort((a, b) => a.point.cluster - b.point.cluster || a.point.x - b.point.x || a.index - b.index)
    .map(({ index }) => index);
}

// Points in drawing order: those without audio first, so playable ones lie on top.
export function drawingOrder(points) {
  const indices = points.map((_, index) => index);
  return [...indices.filter((i) => !points[i].audio_url), ...indices.filter((i) => points[i].audio_url)];
}
