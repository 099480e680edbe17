"""A sample of the corpus through the production stack (gunicorn, PostgreSQL, the
production settings; the client sends the CSRF token): every file gets a 4xx JSON
error or its classification, on both upload endpoints; no worker dies, and a good
request still works afterwards."""

import pytest

from audiofiler.testing.corpus import CATEGORIES
from audiofiler.tests.badinput.checks import classify_problems, stream_problems
from audiofiler.tests.badinput.conftest import SEED
from audiofiler.tests.badinput.test_corpus_api import file_name

#: Files of each category sent through gunicorn (the whole corpus goes through
#: Django's test client in test_corpus_api).
PER_CATEGORY = 8
#: Not a speed limit: only a request that hangs reaches it.
HANG_S = 60.0


def sample(corpus) -> list:
    """``PER_CATEGORY`` files of each category, spread over it."""
    picked = []
    for category in CATEGORIES:
        files = [f for f in corpus if f.category == category]
        step = max(1, len(files) // PER_CATEGORY)
        picked += files[::step][:PER_CATEGORY]
    return picked


@pytest.fixture(scope="module")
def server(start_production_stack, model_artifact, demo_songs):
    """A stack of this module's own, with the throttles out of the way."""
    stack = start_production_stack(
        model_dir=model_artifact,
        env={
            "AUDIOFILER_LIBRARY": str(demo_songs[0].parent),
            "ANON_THROTTLE_RATE": "100000/minute",
            "CLASSIFY_THROTTLE_RATE": "100000/minute",
        },
    )
    yield stack
    stack.stop()


def test_a_corpus_sample_through_gunicorn(server, corpus, demo_songs):
    client = server.client()
    workers = sorted(server.worker_pids())
    files = sample(corpus)
    failures = []
    for f in files:
        upload = {"file": (file_name(f.name), f.data)}
        response = client.post(
            server.url + "/api/classifications", files=upload, timeout=HANG_S
        )
        problems = classify_problems(f, response.status_code, response.content)
        stream = client.post(
            server.url + "/api/classifications/stream",
            files=upload,
            headers={"Accept": "text/event-stream"},
            timeout=HANG_S,
        )
        problems += [
            f"stream: {p}"
            for p in stream_problems(
                f,
                stream.status_code,
                stream.headers.get("Content-Type", ""),
                stream.content,
            )
        ]
        if problems:
            failures.append(f"{f.describe(SEED)}\n    " + "\n    ".join(problems))

    assert not failures, f"{len(failures)} of {len(files)} files:\n" + "\n".join(
        failures
    )
    assert len(files) == PER_CATEGORY * len(CATEGORIES)
    assert sorted(server.worker_pids()) == workers  # none died or was replaced
    good = demo_songs[0]
    after = client.post(
        server.url + "/api/classifications",
        files={"file": (good.name, good.read_bytes())},
        timeout=HANG_S,
    )
    assert after.status_code == 201, after.text
    assert client.get(server.url + "/api/models/active", timeout=HANG_S).ok


def test_the_requests_the_fuzzing_found_through_gunicorn(server):
    """Each was a 500 (or not JSON) before its fix; through gunicorn now a 4xx JSON
    error, and the workers all still serve."""
    client = server.client()
    workers = sorted(server.worker_pids())
    fields = "&".join(f"a{i}=1" for i in range(1500))
    requests_ = [
        ("POST", "/api/classifications", b"[" * 100_000, "application/json"),
        (
            "POST",
            "/api/classifications",
            fields.encode(),
            "application/x-www-form-urlencoded",
        ),
        ("GET", "/api/models/a%00b", None, None),
        ("GET", "/api/tracks/local/" + "%C3%A9" * 200 + ".mp3/audio", None, None),
        ("POST", "/api/docs/", b"", "application/json"),
        ("OPTIONS", "/api/docs/", None, None),
    ]
    for method, path, body, content_type in requests_:
        headers = {"Content-Type": content_type} if content_type else {}
        response = client.request(
            method, server.url + path, data=body, headers=headers, timeout=HANG_S
        )
        assert 400 <= response.status_code < 500, (path, response.text[:300])
        assert response.headers["Content-Type"] == "application/json", path
        assert set(response.json()) == {"error", "message"}, path

    assert sorted(server.worker_pids()) == workers
    assert client.get(server.url + "/api/models/active", timeout=HANG_S).ok
