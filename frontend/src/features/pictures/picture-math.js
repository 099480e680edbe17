// The server's compact pictures turned into what a canvas and a reader need: bytes,
// colours, axis ticks and a sentence describing each picture.

// A picture's bytes: rows × columns, row 0 at the bottom, row after row.
export function decodePicture({ shape, data }) {
  const binary = atob(data);
  const values = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i += 1) values[i] = binary.charCodeAt(i);
  return { rows: shape[0], columns: shape[1], values };
}

// Viridis (dark blue to yellow), readable in greyscale and by colour-blind eyes:
// five of its colours, interpolated into a 256-entry RGB table.
const STOPS = [
  [68, 1, 84],
  [59, 82, 139],
  [33, 145, 140],
  [94, 201, 98],
  [253, 231, 37],
];
export const COLOURS = Array.from({ length: 256 }, (_, level) => {
  const at = (level / 255) * (STOPS.length - 1);
  const low = Math.min(Math.floor(at), STOPS.length - 2);
  const part = at - low;
  return STOPS[low].map((c, i) => Math.round(c + (STOPS[low + 1][i] - c) * part));
});

// RGBA pixels of an image picture, top row first (the canvas's order).
export function imagePixels({ rows, columns, values }) {
  const pixels = new Uint8ClampedArray(rows * columns * 4);
  for (let row = 0; row < rows; row += 1) {
    const top = rows - 1 - row;
    for (let column = 0; column < columns; column += 1) {
      const [r, g, b] = COLOURS[values[row * columns + column]];
      const at = (top * columns + column) * 4;
      pixels[at] = r;
      pixels[at + 1] = g;
      pixels[at + 2] = b;
      pixels[at + 3] = 255;
    }
  }
  return pixels;
}

// Seconds to mark along a clip: 0, then every "nice" step, at most 7 marks.
export function timeTicks(duration) {
  const step = [1, 2, 5, 10, 15, 30, 60, 120].find((s) => duration / s <= 6) ?? 300;
  const ticks = [];
  for (let t = 0; t <= duration + 1e-9; t += step) ticks.push(t);
  return ticks;
}

// Where 100 Hz, 1 kHz … fall on the spectrogram: {label, at} with `at` the height
// from the bottom as a share of the picture, from the bands' centre frequencies.
// A mark closer than `gap` to the one below it is left out (they would overlap).
export function frequencyTicks(centres, gap = 0) {
  const rows = centres.length;
  const ticks = [];
  for (const hz of [100, 200, 500, 1000, 2000, 5000, 10000]) {
    const i = centres.findIndex((c, k) => k < rows - 1 && c <= hz && hz <= centres[k + 1]);
    if (i < 0) continue;
    const row = i + (hz - centres[i]) / (centres[i + 1] - centres[i]);
    const at = (row + 0.5) / rows;
    if (ticks.length && at - ticks[ticks.length - 1].at < gap) continue;
    ticks.push({ label: hz >= 1000 ? `${hz / 1000} kHz` : `${hz} Hz`, at });
  }
  return ticks;
}

export function formatHz(hz) {
  return hz >= 1000 ? `${(hz / 1000).toFixed(1)} kHz` : `${Math.round(hz)} Hz`;
}

// Mean of each row of a picture (0–255).
export function rowMeans({ rows, columns, values }) {
  return Array.from({ length: rows }, (_, row) => {
    let sum = 0;
    for (let column = 0; column < columns; column += 1) sum += values[row * columns + column];
    return sum / columns;
  });
}

const seconds = (duration) => `${Math.round(duration)} seconds`;

// The text alternative of each picture: what a sighted reader takes from it.
export function describeWaveform(picture, duration) {
  const { values, columns } = picture;
  let peak = 0;
  for (let i = 0; i < 2 * columns; i += 1) peak = Math.max(peak, Math.abs(values[i] / 127.5 - 1));
  return `Waveform of ${seconds(duration)}: the loudest peaks reach ${Math.round(peak * 100)}% of full scale.`;
}

export function describeSpectrogram(picture, centres, duration) {
  const means = rowMeans(picture);
  const loudest = means.indexOf(Math.max(...means));
  return (
    `Spectrogram of ${seconds(duration)}, ${formatHz(0)} to ${formatHz(centres[centres.length - 1])}: ` +
    `on average the strongest band is around ${formatHz(centres[loudest])}.`
  );
}

export function describeChromagram(picture, pitchClasses, duration) {
  const means = rowMeans(picture);
  const order = means.map((mean, row) => [mean, row]).sort((a, b) => b[0] - a[0]);
  const top = order.slice(0, 3).map(([, row]) => pitchClasses[row]);
  return `Chromagram of ${seconds(duration)}: the strongest pitch classes over the clip are ${top[0]}, ${top[1]} and ${top[2]}.`;
}

export function describeMfcc(picture, duration) {
  return `MFCC image of ${seconds(duration)}: ${picture.rows} coefficients, each on its own colour scale, the timbre the model averages.`;
}
