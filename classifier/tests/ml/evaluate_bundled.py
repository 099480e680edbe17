"""Cross-validate the default recipe on the 581 bundled songs (a script, not a test).

Run ``.venv/bin/python -m classifier.tests.ml.evaluate_bundled``: prints the 5-fold
per-genre table and confusion matrix of the default model, then the clip-length
report (each feature policy as given and on simulated 30 s previews).
"""

import json

from classifier.ml.metrics import format_report
from classifier.ml.training import clip_length_report, cross_validate
from dataset.sources.paa_genres import load_paa_genres

FOLDS = 5


def main() -> None:
    """Print the default model's cross-validated metrics and the clip-length report."""
    data = load_paa_genres()
    cv = cross_validate(data.X, data.labels, data.genres, folds=FOLDS, seed=0)
    print(format_report(cv["pooled"]))
    print("per-fold accuracy:", [round(f["accuracy"], 3) for f in cv["folds"]])
    print("confusion (rows true, columns predicted):", cv["pooled"]["confusion_matrix"])
    report = clip_length_report(data.X, data.labels, data.genres, folds=FOLDS, seed=0)
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
