import subprocess
import sys
import textwrap
from pathlib import Path

import numpy as np
import pytest

from classifier.audio.names import EXTRACTOR_VERSION
from classifier.ml.errors import (
    ExtractorMismatchError,
    FeatureShapeError,
    NonFiniteFeaturesError,
)
from classifier.ml.predictor import GenrePredictor
from classifier.ml.robust import LENGTH_DEPENDENT_FEATURES, feature_policy
from classifier.tests.ml.conftest import GENRES

REPO_ROOT = Path(__file__).resolve().parents[3]


@pytest.fixture(scope="module")
def predictor(artifact_dir):
    return GenrePredictor.from_directory(artifact_dir)


def test_numpy_runtime_matches_keras_predict(predictor, trained, test_data):
    scaled = trained.standardizer.transform(trained.policy.select(test_data.X))
    keras_proba = trained.model.predict(scaled.astype(np.float32), verbose=0)
    numpy_proba = predictor.predict_proba(test_data.X)
    assert numpy_proba.shape == (test_data.y.size, len(GENRES))
    np.testing.assert_allclose(numpy_proba, keras_proba, atol=1e-5)
    np.testing.assert_allclose(numpy_proba.sum(axis=1), 1.0, atol=1e-12)


def test_single_vector_and_predict_dict(predictor, test_data):
    vector = test_data.X[4]
    row = predictor.predict_proba(vector)
    assert row.shape == (1, 3)
    probabilities = predictor.predict(vector, extractor_version=EXTRACTOR_VERSION)
    assert list(probabilities) == list(GENRES)
    np.testing.assert_allclose(list(probabilities.values()), row[0])
    assert predictor.genres == GENRES
    assert predictor.extractor_version == EXTRACTOR_VERSION


def test_features_of_another_extractor_version_are_refused(predictor, test_data):
    with pytest.raises(ExtractorMismatchError, match=r"paa0\.3\.14-sr44100-v1"):
        predictor.predict(test_data.X[0], extractor_version="paa0.3.14-sr44100-v1")


def test_bad_shapes_and_non_finite_values_are_refused(predictor, test_data):
    with pytest.raises(FeatureShapeError, match="expected 138 features per row"):
        predictor.predict_proba(test_data.X[:, :104])
    with pytest.raises(FeatureShapeError, match="one vector"):
        predictor.predict(test_data.X[:2], extractor_version=EXTRACTOR_VERSION)
    vector = test_data.X[0].copy()
    vector[17] = np.nan
    with pytest.raises(NonFiniteFeaturesError, match="NaN"):
        predictor.predict_proba(vector)


def test_length_dependent_values_cannot_move_the_prediction(predictor, test_data):
    columns = feature_policy("all").indices()[
        [n in LENGTH_DEPENDENT_FEATURES for n in feature_policy("all").feature_names]
    ]
    scrambled = test_data.X.copy()
    scrambled[:, columns] = np.random.default_rng(0).normal(
        0, 1e3, (len(scrambled), 34)
    )
    np.testing.assert_array_equal(
        predictor.predict_proba(scrambled), predictor.predict_proba(test_data.X)
    )


def test_predictor_never_imports_tensorflow_or_keras(artifact_dir, test_data):
    np.save(artifact_dir.parent / "x.npy", test_data.X[:3])
    script = textwrap.dedent(
        f"""
        import sys
        import numpy as np
        import classifier.ml
        from classifier.ml.predictor import GenrePredictor
        predictor = GenrePredictor.from_directory({str(artifact_dir)!r})
        proba = predictor.predict_proba(np.load({str(artifact_dir.parent / "x.npy")!r}))
        assert proba.shape == (3, 3), proba.shape
        heavy = [m for m in sys.modules if m.split(".")[0] in
                 ("tensorflow", "keras", "django", "pyAudioAnalysis")]
        assert not heavy, heavy
        print("ok")
        """
    )
    done = subprocess.run(
        [sys.executable, "-c", script],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "ok"
