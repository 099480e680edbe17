"""``manage.py cluster_tracks`` and ``GET /api/clusters``."""

import numpy as np
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from rest_framework.test import APIClient

from classifier.ml.clusters import kmeans_by_silhouette, pca_2d
from classifier.ml.predictor import GenrePredictor
from classifier.models import ClusterRun
from classifier.tests.similar_data import dataset_with_results

pytestmark = pytest.mark.django_db


def test_no_map_yet_is_a_404_that_says_what_to_run(db):
    response = APIClient().get("/api/clusters")

    assert response.status_code == 404
    assert response.json() == {
        "error": "no_clusters",
        "message": "No cluster map has been made yet. Run `manage.py cluster_tracks` "
        "on the server (`make demo` does it for the demo data), then try again.",
    }


def test_the_map_is_k_means_and_pca_of_the_embeddings(
    active_model, model_artifact, capsys
):
    tracks, results = dataset_with_results(active_model)

    call_command("cluster_tracks", k_min=2, k_max=5, seed=0)

    predictor = GenrePredictor.from_directory(model_artifact)
    X = np.array([t.features.get().values for t in tracks] +
                 [r.vector_values for r in results])  # fmt: skip
    E = predictor.embed(X)
    expected = kmeans_by_silhouette(E, k_min=2, k_max=5, seed=0)
    coords, explained = pca_2d(E)
    run = ClusterRun.objects.get()
    body = APIClient().get("/api/clusters").json()
    tracks_json = [
        {"provider": "dataset", "id": str(t.pk), "title": t.title, "artist": ""}
        for t in tracks
    ] + [
        {"provider": "local", "id": r.track_id, "title": r.track["title"],
         "artist": "Demo"}
        for r in results
    ]  # fmt: skip
    labels = [[t.labels.get().genre.name] for t in tracks] + [[], []]
    audio = [None] * len(tracks) + [f"/api/tracks/local/{r.track_id}/audio"
                                    for r in results]  # fmt: skip
    assert body == {
        "model": "test-model",
        "k": expected.k,
        "seed": 0,
        "silhouette": {
            str(k): pytest.approx(s, abs=1e-6) for k, s in expected.silhouette.items()
        },
        "explained_variance": pytest.approx(explained.tolist(), abs=1e-6),
        "created_at": run.created_at.isoformat().replace("+00:00", "Z"),
        "clusters": run.clusters,
        "points": [
            {
                "x": pytest.approx(coords[i, 0], abs=1e-4),
                "y": pytest.approx(coords[i, 1], abs=1e-4),
                "cluster": int(expected.labels[i]),
                "track": tracks_json[i],
                "labels": labels[i],
                "audio_url": audio[i],
            }
            for i in range(len(X))
        ],
    }
    # Each cluster: its size, and its labels, tags and predicted genres counted.
    for cluster in body["clusters"]:
        members = np.flatnonzero(expected.labels == cluster["id"])
        assert cluster["size"] == members.size
        genres = [labels[i][0] for i in members if labels[i]]
        top = cluster["labels"][0]
        assert top["count"] == max(genres.count(g) for g in set(genres))
        assert {"name": top["name"].lower(), "count": top["count"]} in cluster["tags"]
    assert sum(c["size"] for c in body["clusters"]) == len(X)
    predicted = [p for c in body["clusters"] for p in c["predicted"]]
    assert sum(p["count"] for p in predicted if p["name"] == "Rock") == 2
    out = capsys.readouterr().out
    assert f"k=  {expected.k}  silhouette" in out
    assert "<- chosen" in out
    assert f"{expected.k} clusters of {len(X)} tracks by model test-model." in out


def test_a_given_k_is_used_and_the_latest_run_is_served(active_model):
    dataset_with_results(active_model)
    call_command("cluster_tracks", k=2)
    call_command("cluster_tracks", k=3, seed=1)

    body = APIClient().get("/api/clusters").json()

    assert (body["k"], body["seed"], list(body["silhouette"])) == (3, 1, ["3"])
    assert len(body["clusters"]) == 3


def test_too_few_tracks_is_a_command_error(active_model):
    with pytest.raises(CommandError, match="cannot make 2-12 clusters of 0 tracks"):
        call_command("cluster_tracks")


def test_build_similar_index_command(active_model, capsys):
    tracks, _ = dataset_with_results(active_model)

    call_command("build_similar_index")

    out = capsys.readouterr().out
    assert out.strip().endswith(
        f"Similar index of test-model: {len(tracks) + 2} tracks, 16 dimensions "
        "(cosine)."
    )
    with pytest.raises(CommandError, match="No model version 'nope'"):
        call_command("build_similar_index", model="nope")


def test_build_similar_index_refuses_past_the_limit(active_model, monkeypatch, caplog):
    from classifier.services import similar

    tracks, _ = dataset_with_results(active_model)
    monkeypatch.setattr(similar, "MAX_EXACT_ROWS", 5)

    with pytest.raises(CommandError, match=f"^{len(tracks) + 2} tracks: exact search "
                       "serves at most 5$"):  # fmt: skip
        call_command("build_similar_index")
    # Activating the model logs it, and the model serves anyway.
    similar.similar_index_rebuild_quietly("test-model")
    assert "could not build the similar index of test-model" in caplog.text
