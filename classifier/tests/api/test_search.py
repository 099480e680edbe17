from urllib.parse import quote

import pytest
from rest_framework.test import APIClient
from rest_framework.throttling import AnonRateThrottle

from classifier.demo.catalogue import read_tags

pytestmark = pytest.mark.django_db


@pytest.fixture
def client():
    return APIClient()


def test_search_lists_demo_songs_from_the_local_library(client, library, demo_songs):
    mp3 = next(p for p in demo_songs if p.suffix == ".mp3")
    tags = read_tags(mp3)

    query = f"{tags['artist']} {tags['title']}"
    response = client.get("/api/search", {"q": query})

    assert response.status_code == 200
    body = response.json()
    assert body["query"] == query
    assert body["errors"] == {}
    assert body["results"][0] == {
        "provider": "local",
        "id": mp3.name,
        "title": tags["title"],
        "artist": tags["artist"],
        "album": tags["album"],
        "artwork_url": None,
        "duration_s": pytest.approx(6.0, abs=0.2),
        "isrc": None,
        "preview_url": f"/api/tracks/local/{quote(mp3.name)}/audio",
    }


def test_search_a_single_letter_finds_songs(client, library, demo_songs):
    response = client.get("/api/search", {"q": "a"})

    assert response.status_code == 200
    ids = {r["id"] for r in response.json()["results"]}
    assert ids <= {p.name for p in demo_songs}
    assert ids


def test_search_without_a_query_is_a_clear_400(client, library):
    response = client.get("/api/search")

    assert response.status_code == 400
    body = response.json()
    assert body["error"] == "invalid"
    assert "q" in body["fields"]


def test_search_of_an_unknown_provider_is_400(client, library):
    response = client.get("/api/search", {"q": "a", "provider": "napster"})

    assert response.status_code == 400
    assert response.json() == {
        "error": "unknown_provider",
        "message": "Unknown provider 'napster'; configured: local.",
    }


def test_anonymous_clients_are_throttled(client, library, monkeypatch):
    monkeypatch.setattr(AnonRateThrottle, "THROTTLE_RATES", {"anon": "2/minute"})

    codes = [client.get("/api/search", {"q": "a"}).status_code for _ in range(3)]
    response = client.get("/api/search", {"q": "a"})

    assert codes == [200, 200, 429]
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    assert response.json()["error"] == "throttled"
