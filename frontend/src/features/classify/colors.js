// One colour per genre, by its place in the model's genre list (bars, timeline, legend).
const PALETTE = ["#2f6fde", "#c2410c", "#0f8a5f", "#a21caf", "#d4a20b", "#0e7490", "#be123c", "#4d7c0f", "#6d28d9", "#475569"];

export function genreColors(genres) {
  return Object.fromEntries(genres.map((genre, index) => [genre, PALETTE[index % PALETTE.length]]));
}
