"""The default recipe on the 581 real songs pyAudioAnalysis ships (slow: real training).

Prints the numbers; run with ``-s`` to see them. The full 5-fold figures are produced
by ``python -m classifier.tests.ml.evaluate_bundled``.
"""

import numpy as np
import pytest

from classifier.ml.training import clip_length_report
from dataset.sources.paa_genres import load_paa_genres

#: Quicker than the defaults (300 epochs, 5 folds) so ``make test`` stays short.
KNOBS = {"epochs": 80, "patience": 12, "batch_size": 64, "learning_rate": 2e-3}


@pytest.mark.slow
def test_length_invariant_model_keeps_its_accuracy_on_previews():
    data = load_paa_genres()
    report = clip_length_report(
        data.X, data.labels, data.genres, folds=3, seed=0, **KNOBS
    )
    print(report)
    full, invariant = report["all"], report["length_invariant"]
    # Six balanced genres: chance is 1/6.
    assert invariant["accuracy"] >= 0.75
    assert invariant["preview_accuracy"] == invariant["accuracy"]
    # With the delta means, the model leans on whole-song endings previews lack.
    assert full["preview_accuracy"] <= full["accuracy"] - 0.08
    assert np.isfinite(full["preview_macro_f1"])
