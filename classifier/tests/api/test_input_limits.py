"""Every API input is checked against what the database holds (400, never a 500).

CI runs these on PostgreSQL, which refuses an over-long value where SQLite stores it.
"""

import io
import shutil

import pytest
from rest_framework.test import APIClient

from classifier.models import (
    PROVIDER_MAX_LENGTH,
    TRACK_ID_MAX_LENGTH,
    Classification,
)
from classifier.services.classify import MAX_NAME_LENGTH

pytestmark = pytest.mark.django_db


@pytest.fixture
def client():
    return APIClient()


def _long_track_id(length: int) -> str:
    """A relative path of exactly ``length`` characters, two-byte letters included
    (each folder name under the 255-byte limit of a file name)."""
    parts, used = [], 0
    while length - used > 120:
        part = "é" * 59 + "x" * 60  # 119 characters, 178 bytes
        parts.append(part)
        used += len(part) + 1
    parts.append("s" * (length - used - len(".wav")) + ".wav")
    track_id = "/".join(parts)
    assert len(track_id) == length
    return track_id


def test_the_longest_track_id_is_classified_and_stored(
    client, settings, tmp_path, demo_songs, active_model
):
    from classifier.services.providers import providers_get

    track_id = _long_track_id(TRACK_ID_MAX_LENGTH)
    path = tmp_path.joinpath(*track_id.split("/"))
    path.parent.mkdir(parents=True)
    shutil.copy(next(p for p in demo_songs if p.suffix == ".wav"), path)
    settings.AUDIOFILER_LIBRARY = str(tmp_path)
    providers_get.cache_clear()

    response = client.post(
        "/api/classifications",
        {"provider": "local", "track_id": track_id},
        format="json",
    )

    assert response.status_code == 201, response.json()
    stored = Classification.objects.get(pk=response.json()["id"])
    assert stored.track_id == track_id
    again = client.post(
        "/api/classifications",
        {"provider": "local", "track_id": track_id},
        format="json",
    )
    assert again.json() == {**response.json(), "cached": True}
    providers_get.cache_clear()


def test_a_track_id_past_the_column_is_400(client, active_model):
    response = client.post(
        "/api/classifications",
        {"provider": "local", "track_id": "a" * (TRACK_ID_MAX_LENGTH + 1)},
        format="json",
    )

    assert response.status_code == 400
    body = response.json()
    assert body["error"] == "invalid"
    assert set(body["fields"]) == {"track_id"}
    assert Classification.objects.count() == 0


@pytest.mark.parametrize("endpoint", ["classify", "search"])
def test_a_provider_name_past_the_column_is_400(client, active_model, endpoint):
    provider = "p" * (PROVIDER_MAX_LENGTH + 1)
    if endpoint == "classify":
        response = client.post(
            "/api/classifications",
            {"provider": provider, "track_id": "1"},
            format="json",
        )
    else:
        response = client.get("/api/search", {"q": "a", "provider": provider})

    assert response.status_code == 400
    assert response.json()["error"] == "invalid"
    assert set(response.json()["fields"]) == {"provider"}


def test_a_long_upload_name_is_cut_to_what_is_kept(client, demo_songs, active_model):
    upload = io.BytesIO(next(p for p in demo_songs if p.suffix == ".ogg").read_bytes())
    upload.name = "n" * 400 + ".ogg"

    response = client.post("/api/classifications", {"file": upload}, format="multipart")

    assert response.status_code == 201, response.json()
    title = response.json()["track"]["title"]
    assert len(title) == MAX_NAME_LENGTH
    assert title.startswith("nnnn")
    assert title.endswith(".ogg")  # Django keeps the extension when it cuts
