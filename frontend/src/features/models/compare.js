// What changed per genre between two model versions (from GET /api/models/<v>).

// The evaluation a version is judged by: cross-validated where measured.
export function headlineEvaluation(detail) {
  return detail.evaluations.cross_validation ?? detail.evaluations.validation_split;
}

function byGenre(detail) {
  const evaluation = headlineEvaluation(detail);
  const data = Object.fromEntries((detail.training_data?.per_genre ?? []).map((row) => [row.genre, row]));
  return Object.fromEntries(
    detail.genres.map((genre) => {
      const scores = evaluation?.per_genre.find((row) => row.genre === genre) ?? {};
      return [
        genre,
        {
          precision: scores.precision ?? null,
          recall: scores.recall ?? null,
          f1: scores.f1 ?? null,
          tracks: data[genre]?.tracks ?? null,
          feedback: data[genre]?.feedback ?? null,
        },
      ];
    }),
  );
}

const delta = (a, b) => (a == null || b == null ? null : b - a);

// One row per genre of either version: each figure in A and B and B - A (null
// where a version lacks the genre or the figure). A's genres first, then B's new ones.
export function genreChanges(a, b) {
  const left = byGenre(a);
  const right = byGenre(b);
  const genres = [...a.genres, ...b.genres.filter((genre) => !a.genres.includes(genre))];
  return genres.map((genre) => {
    const row = { genre, onlyIn: !(genre in right) ? "a" : !(genre in left) ? "b" : null };
    for (const key of ["tracks", "feedback", "precision", "recall", "f1"]) {
      const before = left[genre]?.[key] ?? null;
      const after = right[genre]?.[key] ?? null;
      row[key] = { a: before, b: after, change: delta(before, after) };
    }
    return row;
  });
}
