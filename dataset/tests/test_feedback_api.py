"""Votes on results: whole bodies, CSRF, one vote per visitor, the throttle, and the
training examples a vote makes (Track, FeatureVector, feedback Label)."""

import io

import numpy as np
import pytest
from rest_framework.test import APIClient
from rest_framework.throttling import ScopedRateThrottle

from audiofiler.authentication import CsrfFailed
from classifier.models import Classification
from classifier.services.classify import track_classify
from dataset.models import FeatureVector, Feedback, Label, Track
from dataset.selectors import training_matrix

pytestmark = pytest.mark.django_db
MODEL_GENRES = ["Blues", "Classical", "Electronic", "Jazz", "Rap", "Rock"]
OTHER_GENRES = [
    "Country", "Folk", "Funk", "Latin", "Metal", "New Age", "Pop", "Punk", "R&B",
    "Reggae", "Soul", "World",
]  # fmt: skip


def visitor() -> APIClient:
    """A browser: CSRF enforced, with the token cookie the page hands out."""
    client = APIClient(enforce_csrf_checks=True)
    assert client.get("/").status_code == 200
    client.credentials(HTTP_X_CSRFTOKEN=client.cookies["csrftoken"].value)
    return client


def url(classification) -> str:
    return f"/api/classifications/{classification.pk}/feedback"


@pytest.fixture
def classification(library, demo_songs, active_model) -> Classification:
    song = next(p for p in demo_songs if p.suffix == ".mp3")
    return track_classify(provider="local", track_id=song.name)


def top_and_other(classification) -> tuple[str, str]:
    ranked = [g["genre"] for g in classification.genres]
    return ranked[0], ranked[1]


def test_right_stores_a_vote_and_a_training_example(classification):
    top, _ = top_and_other(classification)
    client = visitor()

    response = client.post(url(classification), {"verdict": "right"}, format="json")

    assert response.status_code == 201, response.json()
    assert response.json() == {
        "vote": {
            "classification": str(classification.pk),
            "verdict": "right",
            "genre": top,
            "predicted": top,
        },
        "replaced": False,
    }
    feedback = Feedback.objects.get()
    assert feedback.classification == classification
    assert len(feedback.visitor) == 64  # a hash of the session key, not the key
    assert feedback.visitor != client.cookies["sessionid"].value
    track = Track.objects.get()
    assert (track.source, track.provider) == ("provider", "local")
    assert track.external_id == f"local:{classification.content_sha256}"
    assert track.title == classification.track["title"]
    assert list(Label.objects.values_list("track", "genre__name", "origin")) == [
        (track.pk, top, "feedback")
    ]
    vector = FeatureVector.objects.get(track=track)
    assert vector.extractor_version == classification.model_version.extractor_version
    assert vector.values.shape == (138,)
    np.testing.assert_array_equal(vector.values, classification.vector_values)


def test_actually_it_is_maps_a_free_name_through_the_vocabulary(classification):
    top, _ = top_and_other(classification)
    name = "hip-hop" if top != "Rap" else "bebop"
    genre = "Rap" if top != "Rap" else "Jazz"
    client = visitor()

    response = client.post(
        url(classification), {"verdict": "wrong", "genre": name}, format="json"
    )

    assert response.status_code == 201
    assert response.json()["vote"] == {
        "classification": str(classification.pk),
        "verdict": "wrong",
        "genre": genre,
        "predicted": top,
    }
    assert client.get(url(classification)).json() == {
        "vote": response.json()["vote"],
        "genres": {"model": MODEL_GENRES, "other": OTHER_GENRES},
    }


def test_a_genre_outside_the_model_counts_too(classification):
    response = visitor().post(
        url(classification), {"verdict": "wrong", "genre": "metal"}, format="json"
    )

    assert response.json()["vote"]["genre"] == "Metal"
    assert Label.objects.get().genre.name == "Metal"


def test_a_second_vote_of_the_same_visitor_replaces_the_first(classification):
    top, other = top_and_other(classification)
    client = visitor()
    first = client.post(url(classification), {"verdict": "right"}, format="json")

    second = client.post(
        url(classification), {"verdict": "wrong", "genre": other}, format="json"
    )

    assert (first.status_code, second.status_code) == (201, 200)
    assert second.json() == {
        "vote": {
            "classification": str(classification.pk),
            "verdict": "wrong",
            "genre": other,
            "predicted": top,
        },
        "replaced": True,
    }
    assert Feedback.objects.count() == 1
    # The label follows the vote: the first genre is gone.
    assert list(Label.objects.values_list("genre__name", "origin")) == [
        (other, "feedback")
    ]


def test_two_visitors_who_disagree_leave_the_track_out(classification):
    top, other = top_and_other(classification)
    visitor().post(url(classification), {"verdict": "right"}, format="json")
    response = visitor().post(
        url(classification), {"verdict": "wrong", "genre": other}, format="json"
    )

    assert response.status_code == 201
    assert Feedback.objects.count() == 2
    assert Track.objects.count() == 1
    assert sorted(Label.objects.values_list("genre__name", flat=True)) == sorted(
        [top, other]
    )
    version = classification.model_version.extractor_version
    matrix = training_matrix(extractor_version=version)
    assert (matrix.y.size, matrix.conflicts) == (0, 1)


def test_a_vote_without_the_csrf_token_is_refused(classification):
    client = APIClient(enforce_csrf_checks=True)
    client.get("/")

    missing = client.post(url(classification), {"verdict": "right"}, format="json")
    wrong = client.post(
        url(classification),
        {"verdict": "right"},
        format="json",
        HTTP_X_CSRFTOKEN="x" * 32,
    )

    for response in (missing, wrong):
        assert response.status_code == 403
        assert response.json() == {
            "error": "csrf_failed",
            "message": CsrfFailed.default_detail,
        }
    assert Feedback.objects.count() == 0
    assert Label.objects.count() == 0


def test_votes_have_their_own_throttle(classification, monkeypatch):
    monkeypatch.setattr(
        ScopedRateThrottle,
        "THROTTLE_RATES",
        {"anon": "1000/minute", "classify": "1000/minute", "feedback": "2/minute"},
    )
    client = visitor()
    codes = [
        client.post(url(classification), {"verdict": "right"}, format="json")
        for _ in range(3)
    ]

    assert [r.status_code for r in codes] == [201, 200, 429]
    assert codes[2].json()["error"] == "throttled"
    # Reading one's vote is not a vote.
    assert client.get(url(classification)).status_code == 200


@pytest.mark.parametrize(
    ("payload", "status", "code", "message"),
    [
        (
            {"verdict": "wrong", "genre": "zydeco-noise"},
            400,
            "unknown_genre",
            "We do not know the genre “zydeco-noise”. Pick one of the model's genres "
            "(Blues, Classical, Electronic, Jazz, Rap, Rock) or a common genre name, "
            "such as Pop or Metal.",
        ),
        (
            {"verdict": "wrong"},
            400,
            "invalid",
            "genre: Say which genre it is when the model is wrong.",
        ),
        (
            {"verdict": "maybe"},
            400,
            "invalid",
            'verdict: "maybe" is not a valid choice.',
        ),
    ],
)
def test_bad_votes_get_a_plain_error_and_store_nothing(
    classification, payload, status, code, message
):
    response = visitor().post(url(classification), payload, format="json")

    assert response.status_code == status
    body = response.json()
    assert (body["error"], body["message"]) == (code, message)
    assert Feedback.objects.count() == Track.objects.count() == 0


def test_wrong_naming_the_genre_the_model_chose_is_refused(classification):
    top, _ = top_and_other(classification)

    response = visitor().post(
        url(classification), {"verdict": "wrong", "genre": top.lower()}, format="json"
    )

    assert response.status_code == 400
    assert response.json() == {
        "error": "same_genre",
        "message": f"The model already said {top}. Press “Right” if it is {top}, "
        "or pick the genre it really is.",
    }


def test_a_result_stored_without_its_vector_cannot_teach(classification):
    Classification.objects.filter(pk=classification.pk).update(vector=None)

    response = visitor().post(url(classification), {"verdict": "right"}, format="json")

    assert response.status_code == 409
    assert response.json()["error"] == "no_vector"
    assert Feedback.objects.count() == Track.objects.count() == 0


def test_an_unknown_result_is_404(active_model):
    missing = "/api/classifications/00000000-0000-0000-0000-000000000000/feedback"
    client = visitor()

    for response in (
        client.get(missing),
        client.post(missing, {"verdict": "right"}, format="json"),
    ):
        assert response.status_code == 404
        assert response.json() == {
            "error": "not_found",
            "message": "There is no such result. Classify the song again, then "
            "tell us.",
        }


def test_no_vote_yet_reads_as_null_and_makes_no_session(classification):
    client = visitor()

    response = client.get(url(classification))

    assert response.json()["vote"] is None
    assert "sessionid" not in client.cookies


def test_an_upload_becomes_an_upload_track(demo_songs, active_model):
    song = next(p for p in demo_songs if p.suffix == ".ogg")
    client = visitor()
    upload = io.BytesIO(song.read_bytes())
    upload.name = "my song.ogg"
    created = client.post("/api/classifications", {"file": upload}, format="multipart")
    classification = Classification.objects.get(pk=created.json()["id"])

    client.post(url(classification), {"verdict": "right"}, format="json")

    track = Track.objects.get()
    assert (track.source, track.external_id) == (
        "upload",
        classification.content_sha256,
    )
    assert track.title == "my song.ogg"
