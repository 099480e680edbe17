import json
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import numpy as np
import pytest

from classifier.audio.names import EXTRACTOR_VERSION
from classifier.ml.errors import (
    ArtifactError,
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


def with_temperature(artifact_dir, directory, temperature, *, format_version=2):
    """A copy of the artifact whose metadata says ``temperature`` (None: no key)."""
    shutil.copytree(artifact_dir, directory)
    path = directory / "metadata.json"
    metadata = json.loads(path.read_text())
    metadata["format_version"] = format_version
    metadata.pop("temperature")
    if temperature is not None:
        metadata["temperature"] = temperature
    path.write_text(json.dumps(metadata))
    return directory


def keras_proba(trained, X, temperature):
    """``softmax(z / T)`` by Keras; ``z = h W + b`` of the last Dense layer."""
    import keras

    *hidden, last = trained.model.layers
    h = trained.standardizer.transform(trained.policy.select(X)).astype(np.float32)
    for layer in hidden:  # Dense(relu) and Dropout (inactive outside fit)
        h = layer(h, training=False)
    kernel, bias = last.get_weights()
    z = keras.ops.matmul(h, kernel) + bias
    return np.asarray(keras.ops.softmax(z / temperature, axis=-1), dtype=np.float64)


def test_numpy_runtime_matches_keras_predict(
    artifact_dir, trained, test_data, tmp_path
):
    scaled = trained.standardizer.transform(trained.policy.select(test_data.X))
    keras_out = trained.model.predict(scaled.astype(np.float32), verbose=0)
    plain = GenrePredictor.from_directory(
        with_temperature(artifact_dir, tmp_path / "t1", 1.0)
    )
    numpy_proba = plain.predict_proba(test_data.X)
    assert numpy_proba.shape == (test_data.y.size, len(GENRES))
    np.testing.assert_allclose(numpy_proba, keras_out, atol=1e-6)
    np.testing.assert_allclose(numpy_proba.sum(axis=1), 1.0, atol=1e-12)


def test_the_embedding_is_the_penultimate_layer_keras_computes(
    trained, artifact_dir, test_data
):
    """``embed`` equals Keras's activations just before the last Dense layer."""
    import keras

    predictor = GenrePredictor.from_directory(artifact_dir)
    h = trained.standardizer.transform(trained.policy.select(test_data.X))
    hidden = keras.Sequential(trained.model.layers[:-1])
    expected = np.asarray(hidden(h.astype(np.float32), training=False))
    embedded = predictor.embed(test_data.X)
    assert embedded.shape == (test_data.y.size, expected.shape[1])
    np.testing.assert_allclose(embedded, expected, atol=1e-5)
    # The last layer applied to the embedding gives the logits.
    *_, last = predictor._layers
    np.testing.assert_allclose(
        embedded @ last.kernel + last.bias, predictor.logits(test_data.X), atol=1e-12
    )


@pytest.mark.parametrize("temperature", [0.5, 1.0, 2.7])
def test_predictor_applies_the_temperature_like_keras(
    artifact_dir, trained, test_data, tmp_path, temperature
):
    tempered = GenrePredictor.from_directory(
        with_temperature(artifact_dir, tmp_path / "t", temperature)
    )
    assert tempered.temperature == temperature
    np.testing.assert_allclose(
        tempered.predict_proba(test_data.X),
        keras_proba(trained, test_data.X, temperature),
        atol=1e-6,
    )
    by_genre = tempered.predict(test_data.X[0], extractor_version=EXTRACTOR_VERSION)
    np.testing.assert_allclose(
        list(by_genre.values()), tempered.predict_proba(test_data.X[0])[0]
    )


def test_saved_artifact_carries_the_fitted_temperature(predictor, trained):
    assert trained.temperature != 1.0
    assert predictor.temperature == trained.temperature
    assert predictor.metadata["temperature"] == trained.temperature


def test_format_1_artifacts_load_with_temperature_one(
    artifact_dir, trained, test_data, tmp_path
):
    old = GenrePredictor.from_directory(
        with_temperature(artifact_dir, tmp_path / "v1", None, format_version=1)
    )
    assert old.temperature == 1.0
    np.testing.assert_allclose(
        old.predict_proba(test_data.X),
        keras_proba(trained, test_data.X, 1.0),
        atol=1e-6,
    )


@pytest.mark.parametrize("bad", [0, -1.0, "2", None, float("inf")])
def test_a_bad_temperature_is_refused(artifact_dir, tmp_path, bad):
    directory = with_temperature(artifact_dir, tmp_path / "bad", 1.0)
    metadata = json.loads((directory / "metadata.json").read_text())
    metadata["temperature"] = bad
    (directory / "metadata.json").write_text(json.dumps(metadata))
    with pytest.raises(ArtifactError, match="temperature must be > 0"):
        GenrePredictor.from_directory(directory)


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


def test_predictor_never_imports_tensorflow_keras_or_sklearn(artifact_dir, test_data):
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
                 ("tensorflow", "keras", "django", "pyAudioAnalysis", "sklearn")]
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


def test_classification_and_timeline_go_through_the_temperature(
    model_artifact, demo_songs, tmp_path
):
    """softmax(z / 0.5) = p**2 / sum(p**2) for p = softmax(z): squaring keeps the
    six-decimal rounding of the pipeline's output far below the tolerance."""
    from classifier.pipeline import classify_bytes

    data = demo_songs[3].read_bytes()
    results = {
        t: classify_bytes(
            data,
            GenrePredictor.from_directory(
                with_temperature(model_artifact, tmp_path / f"t{t}", t)
            ),
            max_seconds=60.0,
        )
        for t in (1.0, 0.5)
    }
    plain, sharp = results[1.0], results[0.5]
    assert len(sharp.timeline) == len(plain.timeline) >= 2
    pairs = [(plain.genres, sharp.genres)] + [
        (
            [{"genre": g, "probability": p} for g, p in a["genres"].items()],
            [{"genre": g, "probability": p} for g, p in b["genres"].items()],
        )
        for a, b in zip(plain.timeline, sharp.timeline, strict=True)
    ]
    largest_change = 0.0
    for before, after in pairs:
        p = {row["genre"]: row["probability"] for row in before}
        q = {row["genre"]: row["probability"] for row in after}
        squared = {g: v**2 for g, v in p.items()}
        total = sum(squared.values())
        for genre in p:
            assert q[genre] == pytest.approx(squared[genre] / total, abs=1e-5)
            largest_change = max(largest_change, abs(q[genre] - p[genre]))
    assert largest_change > 0.01
