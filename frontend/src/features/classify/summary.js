// The top genres in words: "Mostly Blues, some Jazz".
const CLEAR = 0.85;
const MOSTLY = 0.5;
const SOME = 0.15;
const MIX = 0.6;

export function describeGenres(genres) {
  const [first, second, third] = genres;
  if (!first) return "";
  if (first.probability >= CLEAR) return `Clearly ${first.genre}`;
  if (first.probability >= MOSTLY) {
    return second && second.probability >= SOME ? `Mostly ${first.genre}, some ${second.genre}` : `Mostly ${first.genre}`;
  }
  if (second && first.probability + second.probability >= MIX) return `A mix of ${first.genre} and ${second.genre}`;
  const close = [first, second, third].filter(Boolean).map((g) => g.genre);
  return `Hard to say: ${close.slice(0, -1).join(", ")} and ${close[close.length - 1]} are close`;
}
