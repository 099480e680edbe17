"""Which space should "similar tracks" search: the network's embedding, or the
standardised features? Measured as out-of-fold k-NN genre agreement.

The 581 bundled songs are split into 5 stratified folds (seed 0, as the default
model's cross-validation). For each fold a network is trained by the default recipe
on the other four folds only, so the held-out songs' embeddings come from a model
that never saw them or their labels. Two figures per space and metric:

- ``serving``: each held-out song against the songs the fold's model was trained
  on (what the app does: a new clip against the dataset);
- ``held_out``: each held-out song against the other held-out songs (no song in
  the comparison was trained on).

Agreement is the share of a song's k nearest neighbours that have its genre,
averaged over the songs. The standardised features use the same 104 columns and a
scaler fitted on the training folds only. Prints both numbers and their ratio;
exits 1 if the embedding does not beat the features (the app's choice would then
be wrong).

    .venv/bin/python bench/similar_space.py [--k 10] [--folds 5] [--epochs 300]
"""

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

from bench._common import exit_if_missed
from classifier.audio import EXTRACTOR_VERSION
from classifier.ml.neighbours import knn_agreement
from classifier.ml.predictor import GenrePredictor
from classifier.ml.splits import stratified_folds
from classifier.ml.standardizer import Standardizer
from dataset.sources.paa_genres import load_paa_genres


def fold_spaces(X, y, genres, train, test, *, epochs, workdir):
    """Embeddings and standardised features of one fold's train and test rows."""
    from classifier.ml.training import train_network

    result = train_network(X[train], y[train], genres, epochs=epochs, seed=0)
    predictor = GenrePredictor.from_directory(
        result.save(workdir, extractor_version=EXTRACTOR_VERSION, git_commit="bench")
    )
    columns = predictor.policy.indices(predictor.feature_names)
    scaler = Standardizer().fit(X[train][:, columns])
    return {
        "embedding": (predictor.embed(X[train]), predictor.embed(X[test])),
        "features": (
            scaler.transform(X[train][:, columns]),
            scaler.transform(X[test][:, columns]),
        ),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--k", type=int, default=10, help="Neighbours per song.")
    parser.add_argument("--folds", type=int, default=5, help="Cross-validation folds.")
    parser.add_argument("--epochs", type=int, default=300, help="Most epochs a fold.")
    args = parser.parse_args()
    bundled = load_paa_genres()
    X, y = bundled.X, bundled.labels
    scores: dict[tuple[str, str, str], list[float]] = {}
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        folds = stratified_folds(y, n_splits=args.folds, seed=0)
        for f, (train, test) in enumerate(folds):
            spaces = fold_spaces(
                X, y, bundled.genres, train, test,
                epochs=args.epochs, workdir=Path(tmp) / f"fold{f}",
            )  # fmt: skip
            for space, (base, queries) in spaces.items():
                for metric in ("cosine", "euclidean"):
                    serving = knn_agreement(
                        queries, y[test], base, y[train], k=args.k, metric=metric
                    )
                    held = knn_agreement(
                        queries, y[test], queries, y[test],
                        k=args.k, metric=metric, same_set=True,
                    )  # fmt: skip
                    scores.setdefault((space, metric, "serving"), []).append(serving)
                    scores.setdefault((space, metric, "held_out"), []).append(held)
            print(f"fold {f + 1}/{len(folds)} done", file=sys.stderr)
    print(f"{args.k}-NN genre agreement, {args.folds} folds of the 581 bundled songs")
    print(f"{'space':<10} {'metric':<10} {'serving':>14} {'held_out':>14}")
    for space in ("embedding", "features"):
        for metric in ("cosine", "euclidean"):
            cells = []
            for kind in ("serving", "held_out"):
                v = np.array(scores[(space, metric, kind)])
                cells.append(f"{v.mean():.3f} ± {v.std():.3f}")
            print(f"{space:<10} {metric:<10} {cells[0]:>14} {cells[1]:>14}")
    missed = []
    for metric in ("cosine", "euclidean"):
        for kind in ("serving", "held_out"):
            e = np.mean(scores[("embedding", metric, kind)])
            s = np.mean(scores[("features", metric, kind)])
            print(f"ratio embedding/features ({metric}, {kind}): {e / s:.3f}")
            if e <= s:
                missed.append(f"embedding not better ({metric}, {kind})")
    e = np.mean(scores[("embedding", "cosine", "serving")])
    s = np.mean(scores[("features", "cosine", "serving")])
    print(
        f"RESULT embedding {e:.3f} vs features {s:.3f} (cosine, serving): "
        f"{e / s:.2f}x in {time.perf_counter() - started:.0f} s"
    )
    exit_if_missed(missed)


if __name__ == "__main__":
    main()
