"""``GET /api/classifications/<id>/similar``: whole answers, checked against a
brute-force search over the same embeddings."""

import uuid

import numpy as np
import pytest
from rest_framework.test import APIClient

from classifier.ml.predictor import GenrePredictor
from classifier.models import ModelVersion, SimilarIndex
from classifier.services.models import model_activate, model_register
from classifier.tests.similar_data import dataset_with_results, stored_result

pytestmark = pytest.mark.django_db


def _cosine(a, B):
    return 1.0 - (B @ a) / (np.linalg.norm(B, axis=1) * np.linalg.norm(a))


def _dataset_item(track, distance):
    return {
        "source": "dataset",
        "track": {"provider": "dataset", "id": str(track.pk), "title": track.title,
                  "artist": ""},
        "labels": [track.labels.get().genre.name],
        "genres": [],
        "audio_url": None,
        "distance": pytest.approx(distance, abs=1e-5),
        "similarity": pytest.approx(1 - distance, abs=1e-5),
    }  # fmt: skip


def _result_item(result, distance):
    return {
        "source": "classification",
        "track": {"provider": "local", "id": result.track_id,
                  "title": result.track["title"], "artist": "Demo"},
        "labels": [],
        "genres": result.genres[:3],
        "audio_url": f"/api/tracks/local/{result.track_id}/audio",
        "distance": pytest.approx(distance, abs=1e-5),
        "similarity": pytest.approx(1 - distance, abs=1e-5),
    }  # fmt: skip


def _expected(predictor, query, candidates, limit):
    """Brute force: every candidate's cosine distance, sorted, as API items."""
    E = predictor.embed(np.array([c.vector_of for c in candidates]))
    d = _cosine(predictor.embed(query.vector_values)[0], E)
    order = np.argsort(d, kind="stable")[:limit]
    return [
        _result_item(candidates[i], d[i])
        if hasattr(candidates[i], "track_id") and not hasattr(candidates[i], "labels")
        else _dataset_item(candidates[i], d[i])
        for i in order
    ]


def _with_vectors(tracks, results):
    for track in tracks:
        track.vector_of = track.features.get().values
    for result in results:
        result.vector_of = result.vector_values
    return [*tracks, *results]


@pytest.fixture
def predictor(model_artifact):
    return GenrePredictor.from_directory(model_artifact)


def test_similar_tracks_are_the_nearest_in_the_embedding(active_model, predictor):
    tracks, (a, b) = dataset_with_results(active_model)

    response = APIClient().get(f"/api/classifications/{a.pk}/similar?limit=5")

    assert response.status_code == 200
    expected = _expected(predictor, a, _with_vectors(tracks, [b]), 5)
    assert response.json() == {"model": "test-model", "metric": "cosine",
                               "tracks": expected}  # fmt: skip
    # The clip's own source song (its vector times 1.01) is the nearest.
    assert response.json()["tracks"][0]["track"]["title"] == tracks[1].title
    assert response.json()["tracks"][0]["distance"] < 0.01


def test_the_default_limit_is_ten_and_the_clip_itself_is_left_out(active_model):
    _tracks, (a, _b) = dataset_with_results(active_model)
    stored_result(active_model, a.vector_values, track_id="a.mp3", title="A again")

    body = APIClient().get(f"/api/classifications/{a.pk}/similar").json()

    assert len(body["tracks"]) == 10
    assert "a.mp3" not in [t["track"]["id"] for t in body["tracks"]]


def test_new_results_become_searchable_and_a_track_appears_once(
    active_model, predictor
):
    tracks, (a, _b) = dataset_with_results(active_model)
    client = APIClient()
    client.get(f"/api/classifications/{a.pk}/similar")  # builds and loads the index
    built = SimilarIndex.objects.get().built_at
    # Two newer results of one track, and one of a track the index lacks.
    stored_result(active_model, a.vector_values * 3, track_id="b.mp3", title="B2")
    newest_b = stored_result(
        active_model, a.vector_values * 2, track_id="b.mp3", title="B3"
    )
    c = stored_result(active_model, a.vector_values * 1.5, track_id="c.mp3", title="C")

    body = client.get(f"/api/classifications/{a.pk}/similar?limit=40").json()

    assert SimilarIndex.objects.get().built_at == built  # merged, not rebuilt
    expected = _expected(predictor, a, _with_vectors(tracks, [newest_b, c]), 40)
    assert body == {"model": "test-model", "metric": "cosine", "tracks": expected}
    ids = [t["track"]["id"] for t in body["tracks"]]
    assert ids.count("b.mp3") == 1
    assert "c.mp3" in ids


def test_the_index_is_rebuilt_when_a_model_is_activated(
    active_model, model_artifact, django_capture_on_commit_callbacks
):
    tracks, (a, _b) = dataset_with_results(active_model)
    client = APIClient()
    assert client.get(f"/api/classifications/{a.pk}/similar").json()["model"] == (
        "test-model"
    )

    with django_capture_on_commit_callbacks(execute=True):
        model_register(directory=model_artifact, version="second", activate=True)

    index = SimilarIndex.objects.get(model_version__version="second")
    assert index.rows == len(tracks) + 2
    assert index.metric == "cosine"
    body = client.get(f"/api/classifications/{a.pk}/similar").json()
    assert body["model"] == "second"


def test_an_unknown_classification_is_a_404(active_model):
    response = APIClient().get(f"/api/classifications/{uuid.uuid4()}/similar")

    assert response.status_code == 404
    assert response.json() == {
        "error": "not_found",
        "message": "No Classification matches the given query.",
    }


def test_a_result_without_its_vector_is_a_409(active_model):
    old = stored_result(active_model, None, track_id="old.mp3", title="Old")

    response = APIClient().get(f"/api/classifications/{old.pk}/similar")

    assert response.status_code == 409
    assert response.json() == {
        "error": "no_vector",
        "message": "This result was stored before clips' features were kept, so "
        "there is nothing to compare. Classify the song again to see similar tracks.",
    }


def test_a_limit_out_of_range_is_a_400(active_model):
    _, (a, _) = dataset_with_results(active_model)

    response = APIClient().get(f"/api/classifications/{a.pk}/similar?limit=51")

    assert response.status_code == 400
    assert response.json() == {
        "error": "invalid",
        "message": "limit: Ensure this value is less than or equal to 50.",
        "fields": {"limit": ["Ensure this value is less than or equal to 50."]},
    }


def test_too_many_tracks_for_exact_search_is_a_clear_503(active_model, monkeypatch):
    from classifier.services import similar

    _, (a, _) = dataset_with_results(active_model)
    monkeypatch.setattr(similar, "MAX_EXACT_ROWS", 5)

    response = APIClient().get(f"/api/classifications/{a.pk}/similar")

    assert response.status_code == 503
    assert response.json()["error"] == "similar_index_too_large"
    assert "100,000 tracks" in response.json()["message"]


def test_no_active_model_is_a_503(db):
    retired = ModelVersion.objects.create(version="old", path="/nowhere")
    result = stored_result(retired, np.zeros(138), track_id="x.mp3", title="X")

    response = APIClient().get(f"/api/classifications/{result.pk}/similar")

    assert response.status_code == 503
    assert response.json()["error"] == "no_model"


def test_dataset_tracks_imported_after_the_index_are_merged_in(
    active_model, monkeypatch, django_capture_on_commit_callbacks
):
    from classifier.services import similar

    monkeypatch.setattr(similar, "DATASET_CHECK_S", 0.0)
    with django_capture_on_commit_callbacks(execute=True):
        model_activate(version="test-model")  # an empty index
    assert SimilarIndex.objects.get().rows == 0
    client = APIClient()
    first = stored_result(active_model, np.ones(138), track_id="a.mp3", title="A")
    assert client.get(f"/api/classifications/{first.pk}/similar").json()["tracks"] == []

    tracks, (a, _b) = dataset_with_results(active_model)
    body = client.get(f"/api/classifications/{a.pk}/similar?limit=50").json()

    found = [(t["source"], t["track"]["id"]) for t in body["tracks"]]
    assert sorted(found) == sorted(
        [("dataset", str(t.pk)) for t in tracks] + [("classification", "b.mp3")]
    )
    assert SimilarIndex.objects.get().rows == 0  # merged in this process only
