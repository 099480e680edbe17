"""The production stack on loopback: gunicorn with the production settings (HTTPS
said by the proxy's header), PostgreSQL, collected static files."""

import re
import shutil
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import requests

#: Django's content hash on top of webpack's: frontend/main.<8 hex>.<12 hex>.js
DOUBLE_HASHED = r"/static/frontend/main\.[0-9a-f]{8}\.[0-9a-f]{12}\.js"
A_YEAR_S = 365 * 24 * 3600


def _get(server, path, **kwargs):
    headers = {**server.https_headers(), **kwargs.pop("headers", {})}
    return requests.get(server.url + path, headers=headers, timeout=60, **kwargs)


def test_the_page_answers_over_https(production_server):
    response = _get(production_server, "/")

    assert response.status_code == 200
    assert response.headers["Strict-Transport-Security"] == (
        f"max-age={A_YEAR_S}; includeSubDomains; preload"
    )
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    cookie = response.headers["Set-Cookie"]
    assert cookie.startswith("csrftoken=")
    assert "; Secure" in cookie
    assert re.search(f'<script src="{DOUBLE_HASHED}" defer></script>', response.text)


def test_plain_http_is_redirected_to_https(production_server):
    response = requests.get(
        production_server.url + "/api/models/active", allow_redirects=False, timeout=60
    )

    assert response.status_code == 301
    netloc = urlsplit(production_server.url).netloc
    assert response.headers["Location"] == f"https://{netloc}/api/models/active"


def test_hashed_static_files_are_cached_for_a_year_and_compressed(production_server):
    page = _get(production_server, "/").text
    script = re.search(DOUBLE_HASHED, page).group(0)
    stylesheet = re.search(r'href="(/static/frontend/styles\.[^"]+\.css)"', page)[1]

    for path in (script, stylesheet):
        response = _get(production_server, path, headers={"Accept-Encoding": "gzip"})
        assert response.status_code == 200
        cache = dict(
            [*part.split("="), True][:2]
            for part in response.headers["Cache-Control"].split(", ")
        )
        assert cache.get("immutable") is True, response.headers["Cache-Control"]
        assert int(cache["max-age"]) >= A_YEAR_S
        assert response.headers["Content-Encoding"] == "gzip"
        assert "Accept-Encoding" in response.headers["Vary"]


def test_the_api_answers(production_server):
    response = _get(production_server, "/api/models/active")

    assert response.status_code == 200
    body = response.json()
    assert body["version"] == "stack-test-model"
    assert len(body["genres"]) == 6


def test_the_api_classifies_a_demo_clip_of_the_library(production_server):
    client = production_server.client()
    found = client.get(
        production_server.url + "/api/search",
        params={"q": "a", "provider": "local", "limit": 1},
        timeout=60,
    )
    track = found.json()["results"][0]

    response = client.post(
        production_server.url + "/api/classifications",
        json={"provider": "local", "track_id": track["id"]},
        timeout=120,
    )

    assert response.status_code == 201, response.text
    body = response.json()
    assert body["track"]["id"] == track["id"]
    assert body["model"]["version"] == "stack-test-model"
    assert sum(g["probability"] for g in body["genres"]) == pytest.approx(1, abs=1e-3)
    for pid in production_server.worker_pids():  # web workers never load TensorFlow
        assert "tensorflow" not in Path(f"/proc/{pid}/maps").read_text()


def test_an_upload_is_classified(production_server, demo_songs):
    song = next(p for p in demo_songs if p.suffix == ".ogg")

    response = production_server.client().post(
        production_server.url + "/api/classifications",
        files={"file": (song.name, song.read_bytes(), "audio/ogg")},
        timeout=120,
    )

    assert response.status_code == 201, response.text
    assert response.json()["track"]["title"] == song.name


def test_a_post_without_the_csrf_token_is_refused(production_server):
    response = requests.post(
        production_server.url + "/api/classifications",
        json={"provider": "local", "track_id": "x.mp3"},
        headers=production_server.https_headers(),
        timeout=60,
    )

    assert response.status_code == 403
    assert response.json()["error"] == "csrf_failed"


def test_every_log_line_is_one_json_event(production_server):
    _get(production_server, "/api/models/active?from=log-test")

    mine = production_server.wait_for_event(
        lambda e: e["logger"] == "gunicorn.access" and e.get("query") == "from=log-test"
    )
    events = production_server.log_events()  # raises if a line is not JSON

    assert mine["method"] == "GET"
    assert mine["path"] == "/api/models/active"
    assert mine["status"] == 200
    assert isinstance(mine["duration_ms"], int)
    assert any("Listening at" in e["message"] for e in events)


@pytest.mark.slow
def test_a_fresh_dyno_loads_the_model_from_the_database(
    start_production_stack, model_artifact, demo_songs, tmp_path
):
    """The trainer's files are gone (another machine, a restarted dyno): the web
    workers write the model back from the database and classify."""
    trained_elsewhere = tmp_path / "elsewhere"
    shutil.copytree(model_artifact, trained_elsewhere)
    server = start_production_stack(model_dir=trained_elsewhere, workers=1)
    shutil.rmtree(trained_elsewhere)
    song = next(p for p in demo_songs if p.suffix == ".wav")

    response = server.client().post(
        server.url + "/api/classifications",
        files={"file": (song.name, song.read_bytes(), "audio/wav")},
        timeout=120,
    )
    server.stop()

    assert response.status_code == 201, response.text
    assert response.json()["model"]["version"] == "stack-elsewhere"
    messages = [e["message"] for e in server.log_events()]
    assert "writing model stack-elsewhere back from the database" in messages
    assert not trained_elsewhere.exists()
