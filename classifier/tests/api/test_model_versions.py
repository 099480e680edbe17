"""``GET /api/models`` and ``GET /api/models/<version>``: whole bodies."""

import json
import shutil
from datetime import UTC, datetime

import numpy as np
import pytest
from rest_framework.test import APIClient

from classifier.ml.artifacts import METADATA_FILE, WEIGHTS_FILE
from classifier.models import ModelVersion
from classifier.services.models import model_register

pytestmark = pytest.mark.django_db
GENRES = ["Jazz", "Rock"]
RELIABILITY = [
    {"lower": 0.0, "upper": 0.5, "count": 1, "confidence": 0.45, "accuracy": 0.0},
    {"lower": 0.5, "upper": 1.0, "count": 3, "confidence": 0.8, "accuracy": 1.0},
]
REPORT = {
    "accuracy": 0.75,
    "macro_f1": 0.733333,
    "n_samples": 4,
    "per_genre": {
        "Jazz": {"precision": 1.0, "recall": 0.5, "f1": 0.666667, "support": 2},
        "Rock": {"precision": 0.666667, "recall": 1.0, "f1": 0.8, "support": 2},
    },
    "confusion_matrix": [[1, 1], [0, 2]],
}
CALIBRATION = {
    "temperature": 0.8,
    "source": "out_of_fold",
    "scoring": "cross-fitted over 2 folds",
    "n_samples": 4,
    "n_bins": 2,
    "fold_temperatures": [0.7, 0.9],
    "before": {"ece": 0.2, "nll": 0.5, "accuracy": 0.75, "mean_confidence": 0.7,
               "reliability": RELIABILITY},
    "after": {"ece": 0.1, "nll": 0.4, "accuracy": 0.75, "mean_confidence": 0.72,
              "reliability": RELIABILITY},
}  # fmt: skip
CROSS_VALIDATION = {
    **REPORT,
    "accuracy": 0.8,
    "folds": 2,
    "fold_accuracies": [0.7, 0.9],
    "accuracy_mean": 0.8,
    "accuracy_std": 0.1,
}
TRAINING_DATA = {
    "labels": ["bundled", "feedback", "folder", "tags"],
    "tracks": 7,
    "per_genre": {
        "Jazz": {"tracks": 4, "bundled": 2, "feedback": 1, "feedback+tags": 1,
                 "source:bundled": 2, "source:provider": 1, "source:msd": 1},
        "Rock": {"tracks": 3, "folder": 3, "source:folder": 3},
    },
    "dropped_too_few": {"Blues": 1},
    "dropped_conflicting_labels": 2,
    "artists_known": True,
}  # fmt: skip
HISTORY = {
    "loss": [1.0, 0.8, 0.7],
    "accuracy": [0.5, 0.6, 0.7],
    "val_loss": [1.1, 0.9, 0.95],
    "val_accuracy": [0.5, 0.55, 0.5],
}


def write_artifact(directory, *, metrics, extra, history=HISTORY):
    """metadata.json as ``save_artifact`` writes it, beside an empty weights file.

    Registering packs both serving files into the database; nothing here loads
    the weights, so an empty archive stands in for them.
    """
    directory.mkdir(parents=True)
    np.savez(directory / WEIGHTS_FILE)
    metadata = {
        "format_version": 2,
        "genres": GENRES,
        "feature_names": ["f"],
        "extractor_version": "paa-test",
        "feature_policy": {},
        "scaler": {},
        "layers": [],
        "temperature": 0.8,
        "metrics": metrics,
        "history": history,
        "data_counts": {"total": {"Jazz": 4, "Rock": 3}},
        "seed": 0,
        "git_commit": "abc123",
        "hyperparameters": {"epochs": 3, "hidden_units": [8, 4]},
        "extra": extra,
    }
    (directory / METADATA_FILE).write_text(json.dumps(metadata))
    return directory


@pytest.fixture
def versions(tmp_path):
    """An older active model with cross-validation and feedback, a newer one without."""
    old = write_artifact(
        tmp_path / "old",
        metrics={
            **REPORT,
            "calibration": CALIBRATION,
            "cross_validation": CROSS_VALIDATION,
        },
        extra={"best_epoch": 2, "training_data": TRAINING_DATA},
    )
    new = write_artifact(tmp_path / "new", metrics=REPORT, extra={})
    model_register(directory=old, version="old", activate=False)
    model_register(directory=new, version="new", activate=False)
    # Activating loads the weights, which these hand-written artifacts lack.
    ModelVersion.objects.filter(version="old").update(
        active=True, created_at=datetime(2026, 1, 1, tzinfo=UTC)
    )
    ModelVersion.objects.filter(version="new").update(
        created_at=datetime(2026, 2, 1, tzinfo=UTC)
    )


def test_the_list_says_which_version_is_active_newest_first(
    versions, django_assert_num_queries
):
    with django_assert_num_queries(1):
        response = APIClient().get("/api/models")

    assert response.status_code == 200
    assert response.json() == [
        {
            "version": "new",
            "created_at": "2026-02-01T00:00:00Z",
            "active": False,
            "genres": GENRES,
            "extractor_version": "paa-test",
            "accuracy": 0.75,
            "accuracy_source": "validation_split",
            "tracks": None,
            "feedback_labels": None,
        },
        {
            "version": "old",
            "created_at": "2026-01-01T00:00:00Z",
            "active": True,
            "genres": GENRES,
            "extractor_version": "paa-test",
            "accuracy": 0.8,
            "accuracy_source": "cross_validation",
            "tracks": 7,
            "feedback_labels": 2,
        },
    ]


def evaluation(report, *, folds=None, fold_accuracies=()):
    return {
        "accuracy": report["accuracy"],
        "macro_f1": 0.733333,
        "n_samples": 4,
        "folds": folds,
        "fold_accuracies": list(fold_accuracies),
        "per_genre": [
            {"genre": "Jazz", "precision": 1.0, "recall": 0.5, "f1": 0.666667,
             "support": 2},
            {"genre": "Rock", "precision": 0.666667, "recall": 1.0, "f1": 0.8,
             "support": 2},
        ],
        "confusion_matrix": [[1, 1], [0, 2]],
    }  # fmt: skip


def test_a_version_with_everything_the_page_draws(versions):
    response = APIClient().get("/api/models/old")

    assert response.status_code == 200
    assert response.json() == {
        "version": "old",
        "created_at": "2026-01-01T00:00:00Z",
        "active": True,
        "genres": GENRES,
        "extractor_version": "paa-test",
        "accuracy": 0.8,
        "accuracy_source": "cross_validation",
        "tracks": 7,
        "feedback_labels": 2,
        "artifact_readable": True,
        "git_commit": "abc123",
        "temperature": 0.8,
        "best_epoch": 2,
        "hyperparameters": {"epochs": 3, "hidden_units": [8, 4]},
        "history": HISTORY,
        "evaluations": {
            "cross_validation": evaluation(
                CROSS_VALIDATION, folds=2, fold_accuracies=[0.7, 0.9]
            ),
            "validation_split": evaluation(REPORT),
        },
        "calibration": {
            "temperature": 0.8,
            "source": "out_of_fold",
            "n_samples": 4,
            "n_bins": 2,
            "before": {
                "ece": 0.2,
                "nll": 0.5,
                "accuracy": 0.75,
                "mean_confidence": 0.7,
                "reliability": RELIABILITY,
            },
            "after": {
                "ece": 0.1,
                "nll": 0.4,
                "accuracy": 0.75,
                "mean_confidence": 0.72,
                "reliability": RELIABILITY,
            },
        },
        "split": {"total": {"Jazz": 4, "Rock": 3}},
        "training_data": {
            "labels": ["bundled", "feedback", "folder", "tags"],
            "tracks": 7,
            "feedback_labels": 2,
            "per_genre": [
                {
                    "genre": "Jazz",
                    "tracks": 4,
                    "origins": {"bundled": 2, "feedback": 1, "feedback+tags": 1},
                    "sources": {"bundled": 2, "provider": 1, "msd": 1},
                    "feedback": 2,
                },
                {
                    "genre": "Rock",
                    "tracks": 3,
                    "origins": {"folder": 3},
                    "sources": {"folder": 3},
                    "feedback": 0,
                },
            ],
            "dropped_too_few": {"Blues": 1},
            "dropped_conflicting_labels": 2,
            "artists_known": True,
        },
    }


def test_a_version_trained_outside_train_model_has_no_data_counts(versions):
    body = APIClient().get("/api/models/new").json()

    assert body["training_data"] is None
    assert body["calibration"] is None
    assert body["best_epoch"] is None
    assert body["evaluations"] == {
        "cross_validation": None,
        "validation_split": evaluation(REPORT),
    }


def test_a_version_whose_files_are_gone_still_shows_its_metrics(versions, caplog):
    shutil.rmtree(ModelVersion.objects.get(version="old").path)

    body = APIClient().get("/api/models/old").json()

    assert body["artifact_readable"] is False
    for key in ("history", "hyperparameters", "training_data", "split", "git_commit"):
        assert body[key] is None, key
    assert body["evaluations"]["cross_validation"]["accuracy"] == 0.8
    assert body["calibration"]["after"]["ece"] == 0.1
    assert "model old: cannot read" in caplog.text
    listed = APIClient().get("/api/models").json()
    assert [(m["version"], m["tracks"]) for m in listed] == [
        ("new", None),
        ("old", None),
    ]


def test_an_unknown_version_is_a_plain_404():
    response = APIClient().get("/api/models/nope")

    assert response.status_code == 404
    assert response.json() == {
        "error": "not_found",
        "message": "There is no model version “nope”. The models page lists them.",
    }


def test_no_models_is_an_empty_list():
    assert APIClient().get("/api/models").json() == []


def test_the_active_route_still_answers_the_serving_model(versions):
    assert APIClient().get("/api/models/active").json()["version"] == "old"


def test_a_trained_artifact_gives_curves_and_a_matrix_that_add_up(active_model):
    body = APIClient().get("/api/models/test-model").json()

    n_epochs = len(body["history"]["loss"])
    assert n_epochs >= 1
    assert {k: len(v) for k, v in body["history"].items()} == dict.fromkeys(
        ("loss", "accuracy", "val_loss", "val_accuracy"), n_epochs
    )
    assert 1 <= body["best_epoch"] <= n_epochs
    held_out = body["evaluations"]["validation_split"]
    matrix = held_out["confusion_matrix"]
    assert len(matrix) == len(body["genres"]) == len(held_out["per_genre"])
    assert sum(map(sum, matrix)) == held_out["n_samples"]
    assert sum(body["split"]["validation"].values()) == held_out["n_samples"]
    reliability = body["calibration"]["after"]["reliability"]
    assert sum(row["count"] for row in reliability) == held_out["n_samples"]
