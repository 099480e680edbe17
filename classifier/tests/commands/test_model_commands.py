import json
import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import numpy as np
import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from classifier.ml.predictor import GenrePredictor
from classifier.models import ModelBundle, ModelVersion
from classifier.services.models import active_predictor_get

pytestmark = pytest.mark.django_db
FAST = {"epochs": 8, "hidden_units": [16, 8], "min_tracks": 5}


@pytest.fixture
def bundled():
    call_command("import_paa_genres")


def test_train_model_registers_an_artifact_and_activates_it(bundled, capsys):
    call_command("train_model", activate=True, model_name="v1", seed=3, **FAST)

    model_version = ModelVersion.objects.get(version="v1")
    assert model_version.active
    assert model_version.genres == [
        "Blues", "Classical", "Electronic", "Jazz", "Rap", "Rock"
    ]  # fmt: skip
    metadata = json.loads((Path(model_version.path) / "metadata.json").read_text())
    assert metadata["seed"] == 3
    assert sum(metadata["data_counts"]["total"].values()) == 581
    assert 0.2 < model_version.metrics["accuracy"] <= 1.0
    out = capsys.readouterr().out
    assert "Model v1 is active." in out
    assert "Held-out validation split:" in out
    # No cross-validation: the temperature comes from the validation split.
    calibration = model_version.metrics["calibration"]
    assert calibration["source"] == "validation_split"
    assert calibration["n_samples"] == sum(
        metadata["data_counts"]["validation"].values()
    )
    assert metadata["temperature"] == calibration["temperature"]
    assert "predictions.\n'after' is cross-fitted over 5 folds" in out


def test_train_model_with_a_genre_subset_and_cross_validation(bundled):
    call_command(
        "train_model", model_name="v2", genres=["Rap", "Classical"], cv_folds=2, **FAST
    )

    model_version = ModelVersion.objects.get(version="v2")
    assert not model_version.active
    assert model_version.genres == ["Classical", "Rap"]
    cv = model_version.metrics["cross_validation"]
    assert cv["folds"] == 2
    assert cv["n_samples"] == 99 + 96
    assert len(cv["fold_accuracies"]) == 2
    # Classical and rap are far apart: even a tiny network separates them.
    assert cv["accuracy"] > 0.85
    # With cross-validation the temperature comes from the out-of-fold logits.
    calibration = model_version.metrics["calibration"]
    assert calibration["source"] == "out_of_fold"
    assert calibration["n_samples"] == 99 + 96
    assert len(calibration["fold_temperatures"]) == 2
    metadata = json.loads((Path(model_version.path) / "metadata.json").read_text())
    assert metadata["temperature"] == calibration["temperature"]


def test_train_model_without_data_is_a_clear_error():
    with pytest.raises(CommandError, match="Need at least two genres"):
        call_command("train_model", **FAST)


def test_activate_and_list_models(bundled, capsys):
    call_command("train_model", model_name="a", activate=True, **FAST)
    call_command("train_model", model_name="b", **FAST)

    call_command("activate_model", "b")
    call_command("list_models")

    assert list(ModelVersion.objects.filter(active=True).values_list("version")) == [
        ("b",)
    ]
    out = capsys.readouterr().out
    assert "* b  6 genres  held-out accuracy" in out
    assert "  a  6 genres" in out
    assert "held-out validation split:" in out
    assert "Classical" in out
    b = ModelVersion.objects.get(version="b").metrics["calibration"]
    assert f"ECE {b['after']['ece']:.3f}  paa" in out
    assert (
        f"    calibration: T={b['temperature']:.2f} (validation-split)  "
        f"ECE {b['before']['ece']:.3f} -> {b['after']['ece']:.3f}"
    ) in out


def test_list_models_shows_no_ece_for_an_uncalibrated_model(bundled, capsys):
    call_command("train_model", model_name="old", **FAST)
    model_version = ModelVersion.objects.get(version="old")
    del model_version.metrics["calibration"]
    model_version.save()
    capsys.readouterr()

    call_command("list_models", brief=True)

    line = capsys.readouterr().out.strip()
    assert "  ECE -  paa" in line
    assert len(line.splitlines()) == 1


LIST_MODELS_SCRIPT = textwrap.dedent(
    """
    import sys
    import django
    django.setup()
    from django.core.management import call_command
    from classifier.services.models import model_register

    call_command("migrate", verbosity=0)
    model_register(directory=sys.argv[1], version="m", activate=True)
    call_command("list_models")
    heavy = sorted(
        m for m in ("tensorflow", "keras", "sklearn", "scipy.optimize")
        if m in sys.modules
    )
    print("heavy:", heavy)
    """
)


def test_list_models_needs_neither_tensorflow_nor_sklearn(model_artifact, tmp_path):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "audiofiler.settings.base",
        "AUDIOFILER_DATA_DIR": str(tmp_path),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
    }
    done = subprocess.run(
        [sys.executable, "-c", LIST_MODELS_SCRIPT, str(model_artifact)],
        cwd=Path(settings.BASE_DIR),
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )

    assert done.returncode == 0, done.stderr
    assert "* m  6 genres  held-out accuracy" in done.stdout
    assert "calibration: T=" in done.stdout
    assert done.stdout.strip().splitlines()[-1] == "heavy: []"


def test_activate_unknown_model_fails():
    with pytest.raises(CommandError, match="No model version 'nope'"):
        call_command("activate_model", "nope")


def test_activating_a_model_whose_files_are_gone_everywhere_fails(bundled):
    call_command("train_model", model_name="gone", **FAST)
    model_version = ModelVersion.objects.get(version="gone")
    shutil.rmtree(model_version.path)
    ModelBundle.objects.filter(model_version=model_version).delete()

    with pytest.raises(CommandError, match="no copy in the database"):
        call_command("activate_model", "gone")
    assert not ModelVersion.objects.filter(active=True).exists()


def test_a_model_whose_directory_is_gone_serves_from_the_database(bundled):
    """A fresh machine (a restarted dyno) has none of the trainer's files."""
    call_command("train_model", model_name="moved", **FAST)
    model_version = ModelVersion.objects.get(version="moved")
    original = GenrePredictor.from_directory(model_version.path)
    shutil.rmtree(model_version.path)

    call_command("activate_model", "moved")
    _, predictor = active_predictor_get()

    restored = Path(settings.AUDIOFILER_MODELS_DIR) / "restored"
    assert predictor is not original
    assert [p.parent for p in restored.glob("*/metadata.json")] != []
    X = np.random.default_rng(0).normal(size=(5, 138)) * 10
    np.testing.assert_array_equal(predictor.logits(X), original.logits(X))


def test_evaluate_model_prints_the_table_confusion_and_calibration(bundled, capsys):
    call_command("evaluate_model", folds=2, genres=["Rap", "Classical", "Rock"], **FAST)

    out = capsys.readouterr().out
    assert out.startswith("2-fold cross-validation, accuracy ")
    confusion, calibration = out.split(
        "Confusion matrix (rows: true genre, columns: predicted):\n"
    )[1].split("Calibration, out of fold:\n")
    rows = confusion.strip().splitlines()[-3:]
    assert [row.split()[0] for row in rows] == ["Classical", "Rap", "Rock"]
    assert sum(int(n) for row in rows for n in row.split()[1:]) == 99 + 96 + 92
    lines = calibration.strip().splitlines()
    assert lines[0].endswith("fitted on 287 out-of-fold predictions.")
    assert lines[1].startswith("'after' is cross-fitted over 2 folds")
    ece = lines[3].split()
    assert ece[:3] == ["ECE", "(15", "bins)"]
    before, after = float(ece[3]), float(ece[4])
    assert 0.0 <= after <= 1.0
    assert 0.0 <= before <= 1.0
    table = lines[-15:]
    assert table[0].split()[0] == "0.00-0.07"
    assert table[-1].split()[0] == "0.93-1.00"
    for side in (slice(1, 4), slice(4, 7)):  # n, confidence, accuracy per side
        assert sum(int(row.split()[side][0]) for row in table) == 287


def test_evaluate_model_json_holds_the_calibration(bundled, capsys):
    call_command(
        "evaluate_model", folds=2, genres=["Rap", "Classical"], json=True, **FAST
    )

    report = json.loads(capsys.readouterr().out)
    calibration = report["calibration"]
    assert calibration["source"] == "out_of_fold"
    assert calibration["n_bins"] == 15
    assert set(calibration["before"]) == {
        "ece", "nll", "accuracy", "mean_confidence", "reliability"
    }  # fmt: skip
    assert len(calibration["after"]["reliability"]) == 15


def test_register_model_records_an_artifact_trained_elsewhere(model_artifact, capsys):
    call_command("register_model", str(model_artifact), name="laptop", activate=True)

    model_version = ModelVersion.objects.get(version="laptop")
    assert model_version.active
    assert model_version.path == str(model_artifact.resolve())
    assert ModelBundle.objects.get(model_version=model_version).data[:2] == b"PK"
    assert "Model laptop: active." in capsys.readouterr().out


def test_register_model_refuses_a_taken_name_and_a_folder_without_a_model(
    model_artifact, tmp_path
):
    call_command("register_model", str(model_artifact))

    with pytest.raises(CommandError, match="exists already; pick another --name"):
        call_command("register_model", str(model_artifact))
    with pytest.raises(CommandError, match="cannot read"):
        call_command("register_model", str(tmp_path), name="empty")
    assert ModelVersion.objects.count() == 1
