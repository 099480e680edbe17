// The little maths the charts need: scales, tick values, SVG paths.

// A linear map from [d0, d1] to [r0, r1] (a flat domain maps to the middle), to a
// tenth of a pixel.
export function linearScale([d0, d1], [r0, r1]) {
  const span = d1 - d0;
  const at = (value) => (span === 0 ? (r0 + r1) / 2 : r0 + ((value - d0) / span) * (r1 - r0));
  return (value) => Math.round(at(value) * 10) / 10;
}

// Round tick values within [min, max], about `count` of them (at most count + 1):
// the finest step of 1, 2 or 5 times a power of ten that is not too many.
export function niceTicks(min, max, count = 5) {
  if (!Number.isFinite(min) || !Number.isFinite(max)) return [];
  if (min === max) return [min];
  const power = 10 ** Math.floor(Math.log10((max - min) / Math.max(1, count)));
  const fits = (s) => Math.floor(max / s + 1e-9) - Math.ceil(min / s - 1e-9) + 1 <= count + 1;
  const step = [1, 2, 5, 10, 20, 50].map((m) => m * power).find(fits);
  const ticks = [];
  for (let t = Math.ceil(min / step) * step; t <= max + step * 1e-9; t += step) {
    ticks.push(Number(t.toPrecision(12)));
  }
  return ticks;
}

// "M x y L x y ..." through the finite values; a gap where a value is missing.
export function linePath(values, x, y) {
  let path = "";
  let pen = "M";
  values.forEach((value, index) => {
    if (value == null || !Number.isFinite(value)) {
      pen = "M";
      return;
    }
    path += `${pen}${x(index).toFixed(1)} ${y(value).toFixed(1)} `;
    pen = "L";
  });
  return path.trim();
}

// The [min, max] of several series' finite values (with a fallback when none).
export function extent(seriesList, fallback = [0, 1]) {
  const values = seriesList.flat().filter((v) => v != null && Number.isFinite(v));
  return values.length ? [Math.min(...values), Math.max(...values)] : fallback;
}

// Darkest shades of the heat map: blue where the model was right, orange where it
// was wrong. Both keep dark text readable (contrast >= 4.5:1 at full strength).
const HEAT_ENDS = { right: [96, 140, 220], wrong: [232, 140, 80] };

// A heat-map cell's background for a share in [0, 1]: from white to the end shade.
export function heatColor(share, kind = "right") {
  const s = Math.max(0, Math.min(1, share || 0));
  const [r, g, b] = HEAT_ENDS[kind].map((end) => Math.round(255 + (end - 255) * s));
  return `rgb(${r} ${g} ${b})`;
}
