import json
import shutil
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from classifier.models import ModelVersion

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


def test_activate_unknown_model_fails():
    with pytest.raises(CommandError, match="No model version 'nope'"):
        call_command("activate_model", "nope")


def test_activating_a_model_whose_files_are_gone_fails(bundled):
    call_command("train_model", model_name="gone", **FAST)
    shutil.rmtree(ModelVersion.objects.get(version="gone").path)

    with pytest.raises(CommandError):
        call_command("activate_model", "gone")
    assert not ModelVersion.objects.filter(active=True).exists()


def test_evaluate_model_prints_the_table_and_confusion_matrix(bundled, capsys):
    call_command("evaluate_model", folds=2, genres=["Rap", "Classical", "Rock"], **FAST)

    out = capsys.readouterr().out
    assert out.startswith("2-fold cross-validation, accuracy ")
    assert "Confusion matrix (rows: true genre, columns: predicted):" in out
    rows = out.strip().splitlines()[-3:]
    assert [row.split()[0] for row in rows] == ["Classical", "Rap", "Rock"]
    assert sum(int(n) for row in rows for n in row.split()[1:]) == 99 + 96 + 92
