"""Feedback changes the next trained model's training data (counted in its artifact);
``train_model --no-feedback`` leaves it out."""

import pytest
from django.core.management import CommandError, call_command
from rest_framework.test import APIClient

from classifier.services.classify import track_classify

from .test_feedback_api import url, visitor

pytestmark = [pytest.mark.django_db, pytest.mark.slow]
FAST = {"epochs": 4, "hidden_units": [16, 8], "min_tracks": 5}
BUNDLED = {"Blues": 100, "Classical": 99, "Electronic": 100, "Jazz": 94, "Rap": 96,
           "Rock": 92}  # fmt: skip


def test_feedback_labels_join_the_next_model_and_no_feedback_leaves_them_out(
    library, demo_songs, active_model, settings, tmp_path
):
    settings.AUDIOFILER_MODELS_DIR = tmp_path / "models"
    call_command("import_paa_genres")
    first, second = (
        track_classify(provider="local", track_id=song.name) for song in demo_songs[:2]
    )
    corrected = "Jazz" if first.genres[0]["genre"] != "Jazz" else "Blues"
    client = visitor()
    client.post(url(first), {"verdict": "wrong", "genre": corrected}, format="json")
    client.post(url(second), {"verdict": "right"}, format="json")
    voted = [corrected, second.genres[0]["genre"]]

    call_command("train_model", model_name="with-feedback", **FAST)
    call_command("train_model", model_name="without", no_feedback=True, **FAST)

    api = APIClient()
    listed = {m["version"]: m for m in api.get("/api/models").json()}
    assert (listed["with-feedback"]["tracks"], listed["without"]["tracks"]) == (
        583,
        581,
    )
    assert listed["with-feedback"]["feedback_labels"] == 2
    assert listed["without"]["feedback_labels"] == 0
    with_feedback = api.get("/api/models/with-feedback").json()
    without = api.get("/api/models/without").json()
    assert {
        r["genre"]: r["tracks"] for r in with_feedback["training_data"]["per_genre"]
    } == {genre: n + voted.count(genre) for genre, n in BUNDLED.items()}
    assert {
        r["genre"]: r["feedback"] for r in with_feedback["training_data"]["per_genre"]
    } == {genre: voted.count(genre) for genre in BUNDLED}
    assert sum(with_feedback["split"]["total"].values()) == 583
    assert "feedback" in with_feedback["training_data"]["labels"]
    assert without["training_data"]["labels"] == ["tags", "folder", "bundled"]
    assert {r["genre"]: r["tracks"] for r in without["training_data"]["per_genre"]} == (
        BUNDLED
    )


def test_no_feedback_with_only_feedback_labels_is_a_clear_error():
    with pytest.raises(CommandError, match="--no-feedback leaves no labels"):
        call_command("train_model", labels=["feedback"], no_feedback=True, **FAST)
