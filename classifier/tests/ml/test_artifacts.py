import json

import numpy as np
import pytest

from classifier.audio.names import EXTRACTOR_VERSION, FEATURE_NAMES
from classifier.ml.artifacts import load_metadata, load_weights, save_artifact
from classifier.ml.errors import ArtifactError
from classifier.ml.robust import feature_policy
from classifier.ml.standardizer import Standardizer
from classifier.tests.ml.conftest import GENRES


def test_artifact_holds_model_weights_and_metadata(artifact_dir, trained):
    assert sorted(p.name for p in artifact_dir.iterdir()) == [
        "metadata.json",
        "model.keras",
        "weights.npz",
    ]
    meta = load_metadata(artifact_dir)
    assert meta["genres"] == list(GENRES)
    assert meta["feature_names"] == list(FEATURE_NAMES)
    assert meta["extractor_version"] == EXTRACTOR_VERSION
    assert meta["feature_policy"]["name"] == "length_invariant"
    assert len(meta["feature_policy"]["feature_names"]) == 104
    assert meta["scaler"] == trained.standardizer.to_dict()
    assert meta["metrics"] == {**trained.metrics, "calibration": trained.calibration}
    assert meta["format_version"] == 2
    assert meta["temperature"] == trained.temperature
    assert meta["metrics"]["calibration"]["source"] == "validation_split"
    assert meta["metrics"]["calibration"]["n_samples"] == sum(
        meta["data_counts"]["validation"].values()
    )
    assert meta["history"] == trained.history
    assert meta["data_counts"]["total"] == {g: 48 for g in GENRES}
    assert meta["seed"] == 3
    assert meta["git_commit"] == "abc123"
    assert meta["hyperparameters"]["hidden_units"] == [32, 16]
    assert meta["extra"]["best_epoch"] == trained.best_epoch
    assert meta["created_at"].endswith("+00:00")
    assert [layer["activation"] for layer in meta["layers"]] == [
        "relu",
        "relu",
        "softmax",
    ]


def test_npz_weights_equal_the_keras_layers(artifact_dir, trained):
    weights = load_weights(artifact_dir)
    dense = [layer for layer in trained.model.layers if "dense" in layer.name]
    np.testing.assert_array_equal(weights["kernel_0"], dense[0].get_weights()[0])
    np.testing.assert_array_equal(weights["bias_1"], dense[1].get_weights()[1])
    assert weights["kernel_2"].shape == (16, 3)


def test_keras_file_round_trip_predicts_the_same(artifact_dir, trained, test_data):
    import keras

    again = keras.models.load_model(artifact_dir / "model.keras")
    x = trained.standardizer.transform(trained.policy.select(test_data.X))
    x = x.astype(np.float32)
    np.testing.assert_allclose(
        again.predict(x, verbose=0), trained.model.predict(x, verbose=0), atol=1e-7
    )


def test_saving_over_an_artifact_or_unsupported_layers_is_refused(
    artifact_dir, tmp_path
):
    import keras

    with pytest.raises(ArtifactError, match="already holds an artifact"):
        _save(
            keras.Sequential([keras.Input((104,)), keras.layers.Dense(3)]), artifact_dir
        )
    model = keras.Sequential(
        [keras.Input((104,)), keras.layers.BatchNormalization(), keras.layers.Dense(3)]
    )
    with pytest.raises(ArtifactError, match="unsupported layer"):
        _save(model, tmp_path / "bn")
    assert not (tmp_path / "bn").exists()


def test_load_metadata_refuses_missing_or_foreign_files(artifact_dir, tmp_path):
    with pytest.raises(ArtifactError, match="cannot read"):
        load_metadata(tmp_path)
    meta = json.loads((artifact_dir / "metadata.json").read_text())
    (tmp_path / "metadata.json").write_text(json.dumps({**meta, "format_version": 99}))
    with pytest.raises(ArtifactError, match=r"format 99, expected one of \(1, 2\)"):
        load_metadata(tmp_path)
    del meta["scaler"]
    (tmp_path / "metadata.json").write_text(json.dumps(meta))
    with pytest.raises(ArtifactError, match=r"lacks \['scaler'\]"):
        load_metadata(tmp_path)
    meta["scaler"] = {}
    del meta["temperature"]
    (tmp_path / "metadata.json").write_text(json.dumps(meta))
    with pytest.raises(ArtifactError, match=r"lacks \['temperature'\]"):
        load_metadata(tmp_path)


def test_format_1_metadata_reads_with_temperature_one(artifact_dir, tmp_path):
    meta = json.loads((artifact_dir / "metadata.json").read_text())
    del meta["temperature"]
    (tmp_path / "metadata.json").write_text(json.dumps({**meta, "format_version": 1}))
    assert load_metadata(tmp_path)["temperature"] == 1.0


def test_saving_with_a_bad_temperature_is_refused(tmp_path):
    import keras

    model = keras.Sequential(
        [keras.Input((104,)), keras.layers.Dense(3, activation="softmax")]
    )
    with pytest.raises(ArtifactError, match=r"temperature must be > 0, got 0\.0"):
        _save(model, tmp_path / "t0", temperature=0.0)
    assert not (tmp_path / "t0").exists()
    _save(model, tmp_path / "t2", temperature=2.0)
    assert load_metadata(tmp_path / "t2")["temperature"] == 2.0


def _save(model, directory, **kwargs):
    return save_artifact(
        directory,
        model=model,
        standardizer=Standardizer().fit(np.zeros((2, 104))),
        genres=GENRES,
        feature_names=FEATURE_NAMES,
        extractor_version=EXTRACTOR_VERSION,
        policy=feature_policy(),
        metrics={},
        history={},
        data_counts={},
        seed=0,
        hyperparameters={},
        **kwargs,
    )
