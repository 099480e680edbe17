"""Failing neighbours, against the production stack on loopback: gunicorn with the
production settings, PostgreSQL and Redis behind fault proxies of the test's own
(the machine's servers are never touched), providers that hang.

- PostgreSQL restarted (connections cut, the port closed) or hung (connections
  accepted, never answered): requests fail fast with a 503 and succeed again once it
  is back, with the same gunicorn and the same workers;
- Redis down: classification still works; ``build_features --celery`` says the
  broker is down, exits non-zero and changes nothing;
- a provider that hangs or trickles: a 504 inside the request budget, and the worker
  answers the next request;
- a worker killed mid-request: its client gets an error, the other worker keeps
  answering, gunicorn starts a replacement.
"""

import contextlib
import os
import shutil
import signal
import threading
import time
from urllib.parse import urlsplit

import pytest
import requests

from audiofiler.testing.faultproxy import (
    FaultProxy,
    HangingHTTPServer,
    pid_connected_to,
)

#: The stack's request budget, short so a hanging provider costs the test little.
BUDGET_S = 4
#: libpq's connect timeout in the stack: what a hung database costs a request.
CONNECT_TIMEOUT_S = 2
#: How long a worker leaves a failed cache (Redis) alone (5 s by default).
CACHE_RETRY_S = 1
#: PostgreSQL's statement_timeout in the stack's workers: what a stalled query costs.
STATEMENT_TIMEOUT_S = 3
#: Generous bounds for "fast" (a loaded 2-core machine), still far below gunicorn's
#: 60 s worker timeout, which is what a request would otherwise wait for.
FAST_S = 10.0
REDIS = ("127.0.0.1", 6379)
#: A session cookie (of a signed-in admin, say): the session is read from the database.
SESSION = {"Cookie": "sessionid=" + "s" * 32}
DATABASE_UNAVAILABLE = {
    "error": "database_unavailable",
    "message": "The site's database is not answering right now (it may be "
    "restarting). Try again in 5 seconds.",
}


@pytest.fixture(scope="module")
def faulty(start_production_stack, model_artifact, demo_songs, postgres_url):
    """The stack with PostgreSQL and Redis behind fault proxies, Deezer's API at a
    server that never answers and iTunes' at one that trickles; 2 workers."""
    _redis_required()
    parts = urlsplit(postgres_url)
    with contextlib.ExitStack() as stack:
        database = stack.enter_context(
            FaultProxy(parts.hostname or "127.0.0.1", parts.port or 5432)
        )
        redis = stack.enter_context(FaultProxy(*REDIS))
        deezer = stack.enter_context(HangingHTTPServer(mode="hang"))
        itunes = stack.enter_context(HangingHTTPServer(mode="trickle"))
        server = start_production_stack(
            model_dir=model_artifact,
            workers=2,
            database_via=f"127.0.0.1:{database.port}",
            env={
                "AUDIOFILER_LIBRARY": str(demo_songs[0].parent),
                "REDIS_URL": f"redis://127.0.0.1:{redis.port}/14",
                "AUDIOFILER_DEEZER_API_URL": deezer.url,
                "AUDIOFILER_ITUNES_API_URL": itunes.url,
                "AUDIOFILER_REQUEST_BUDGET_S": str(BUDGET_S),
                "DB_CONNECT_TIMEOUT_S": str(CONNECT_TIMEOUT_S),
                "DB_STATEMENT_TIMEOUT_S": str(STATEMENT_TIMEOUT_S),
                "AUDIOFILER_CACHE_RETRY_S": str(CACHE_RETRY_S),
                "ANON_THROTTLE_RATE": "100000/minute",
                "CLASSIFY_THROTTLE_RATE": "100000/minute",
            },
        )
        yield _Faulty(server, database, redis, deezer, itunes)
        server.stop()


class _Faulty:
    def __init__(self, server, database, redis, deezer, itunes):
        self.server, self.database, self.redis = server, database, redis
        self.deezer, self.itunes = deezer, itunes
        self.client = server.client()

    def get(self, path, **kwargs):
        kwargs.setdefault("timeout", 120)
        return self.client.get(self.server.url + path, **kwargs)

    def post(self, path, **kwargs):
        kwargs.setdefault("timeout", 120)
        return self.client.post(self.server.url + path, **kwargs)


def _redis_required():
    import redis

    try:
        redis.Redis(*REDIS, socket_connect_timeout=1).ping()
    except redis.RedisError as error:
        message = f"Redis is not running at {REDIS} ({error})"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)


def _timed(call):
    started = time.monotonic()
    result = call()
    return result, time.monotonic() - started


def _upload(faulty, song):
    return faulty.post(
        "/api/classifications",
        files={"file": (song.name, song.read_bytes(), "application/octet-stream")},
    )


def _assert_database_unavailable(response):
    assert response.status_code == 503, response.text
    assert response.headers["Retry-After"] == "5"
    assert response.json() == DATABASE_UNAVAILABLE


def _recover(faulty, path="/api/models/active"):
    """Seconds from now until ``path`` answers 200 again (and the answer)."""
    started = time.monotonic()
    while True:
        response = faulty.get(path)
        if response.status_code == 200 or time.monotonic() - started > 60:
            return response, time.monotonic() - started
        time.sleep(0.05)


def _timings(faulty, name, **values):
    """Measured numbers, printed (``pytest -s``) and kept in the log folder."""
    line = f"FAULTS {name} " + " ".join(f"{k}={v:.3f}" for k, v in values.items())
    print(line)
    with (faulty.server.log_path.parent / "faults.txt").open("a") as out:
        out.write(line + "\n")


# -- PostgreSQL ----------------------------------------------------------------------


def test_postgres_restarted_requests_fail_fast_then_recover(faulty, demo_songs):
    server = faulty.server
    assert faulty.get("/api/models/active").status_code == 200  # connections kept
    workers = sorted(server.worker_pids())

    faulty.database.refuse()  # the restart: connections cut, the port closed
    try:
        api, api_s = _timed(lambda: faulty.get("/api/models/active"))
        upload, upload_s = _timed(lambda: _upload(faulty, demo_songs[0]))
        # An admin's page reads its session from the database: a plain page.
        page, page_s = _timed(
            lambda: faulty.get("/admin/", headers=SESSION, allow_redirects=False)
        )
    finally:
        faulty.database.restore()
    back, recovery_s = _recover(faulty)

    _assert_database_unavailable(api)
    _assert_database_unavailable(upload)
    assert page.status_code == 503
    assert page.headers["Content-Type"].startswith("text/html")
    assert page.headers["Retry-After"] == "5"
    assert "<h1>Temporarily unavailable</h1>" in page.text
    assert "Traceback" not in page.text
    assert "psycopg" not in page.text
    assert max(api_s, upload_s, page_s) < FAST_S
    assert back.status_code == 200
    assert recovery_s < FAST_S
    # The same gunicorn and workers serve on: nothing was restarted.
    assert server.process.poll() is None
    assert sorted(server.worker_pids()) == workers
    for _ in range(4):  # every worker has its database back
        assert faulty.get("/api/models/active").status_code == 200
        assert _upload(faulty, demo_songs[1]).status_code in (200, 201)
    _timings(
        faulty,
        "postgres_restart",
        api_503_s=api_s,
        upload_503_s=upload_s,
        page_503_s=page_s,
        recovery_s=recovery_s,
    )


def test_postgres_hung_requests_fail_after_the_connect_timeout(faulty):
    assert faulty.get("/api/models/active").status_code == 200

    faulty.database.blackhole()  # connections accepted, never answered
    try:
        response, elapsed_s = _timed(lambda: faulty.get("/api/models/active"))
    finally:
        faulty.database.restore()
    back, recovery_s = _recover(faulty)

    _assert_database_unavailable(response)
    assert CONNECT_TIMEOUT_S * 0.9 <= elapsed_s < FAST_S
    assert back.status_code == 200
    _timings(faulty, "postgres_hung", api_503_s=elapsed_s, recovery_s=recovery_s)


def test_postgres_stalled_a_query_is_cancelled_by_the_statement_timeout(faulty):
    """A table locked by someone else (a migration, a long transaction): the query
    waits statement_timeout, then the request is a 503, not a stuck worker."""
    import psycopg

    url = faulty.server.database_url.replace("postgres://", "postgresql://", 1)
    with psycopg.connect(url, connect_timeout=5) as locker:
        locker.execute("LOCK TABLE classifier_modelversion IN ACCESS EXCLUSIVE MODE")
        response, elapsed_s = _timed(lambda: faulty.get("/api/models/active"))
        locker.rollback()
    after = faulty.get("/api/models/active")

    _assert_database_unavailable(response)
    assert STATEMENT_TIMEOUT_S * 0.9 <= elapsed_s < STATEMENT_TIMEOUT_S + FAST_S
    assert after.status_code == 200
    _timings(faulty, "postgres_stalled", api_503_s=elapsed_s)


# -- Redis ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fault", "errors"),
    [
        ("refuse", ("Connection refused", "Connection reset")),  # kept ones: reset
        ("blackhole", ("Timeout",)),
    ],
)
def test_redis_down_classification_still_works(faulty, demo_songs, fault, errors):
    """Stopped (connections cut, new ones refused) or hung (nothing answered, on
    the open connections either): a cache call fails at once or after its 1 s
    socket timeout, then the worker leaves the cache alone for a while
    (AUDIOFILER_CACHE_RETRY_S, 1 s in this stack)."""
    track = faulty.get(
        "/api/search", params={"q": "a", "provider": "local", "limit": 1}
    ).json()["results"][0]
    song = demo_songs[2 if fault == "refuse" else 3]
    time.sleep(CACHE_RETRY_S * 1.2)  # no worker is still leaving the cache alone
    logged = len(faulty.server.log_lines())

    if fault == "refuse":
        faulty.redis.refuse()
    else:
        faulty.redis.blackhole(cut=False)
    try:
        found, search_s = _timed(
            lambda: faulty.get(
                "/api/search", params={"q": "b", "provider": "local", "limit": 1}
            )
        )
        by_track, track_s = _timed(
            lambda: faulty.post(
                "/api/classifications",
                json={"provider": "local", "track_id": track["id"]},
            )
        )
        upload, upload_s = _timed(lambda: _upload(faulty, song))
    finally:
        faulty.redis.restore()

    assert found.status_code == 200, found.text
    assert by_track.status_code in (200, 201), by_track.text
    assert by_track.json()["track"]["id"] == track["id"]
    assert upload.status_code in (200, 201), upload.text
    assert len(upload.json()["genres"]) == 6
    assert max(search_s, track_s, upload_s) < FAST_S
    warnings = [
        e["message"]
        for e in faulty.server.log_events()[logged:]
        if "cache unavailable" in e["message"]
    ]
    assert warnings, "the cache was never tried"
    assert all(any(error in m for error in errors) for m in warnings), warnings
    _timings(
        faulty, f"redis_{fault}", search_s=search_s, track_s=track_s, upload_s=upload_s
    )


def test_redis_down_build_features_says_the_broker_is_down(
    faulty, demo_songs, tmp_path
):
    server = faulty.server
    folder = tmp_path / "labelled"
    for genre, song in zip(("Rock", "Jazz"), demo_songs[:2], strict=True):
        (folder / genre).mkdir(parents=True)
        shutil.copy(song, folder / genre / song.name)
    server.manage("import_folder", str(folder), "-v", "0")

    faulty.redis.refuse()
    try:
        done, elapsed_s = _timed(
            lambda: server.manage("build_features", "--celery", "-v", "0", check=False)
        )
    finally:
        faulty.redis.restore()

    assert done.returncode != 0
    assert "Traceback" not in done.stderr
    assert "The Celery broker at redis://127.0.0.1:" in done.stderr
    assert "is down or unreachable" in done.stderr
    assert "Nothing was sent and nothing changed" in done.stderr
    assert elapsed_s < 30  # the command's start-up (Django) plus one quick attempt
    runs = "SELECT COUNT(*) FROM dataset_buildrun WHERE kind = 'build_features'"
    assert _query(server, runs) == [(0,)]
    assert _query(server, "SELECT COUNT(*) FROM dataset_extraction") == [(0,)]
    # Nothing was lost: the same tracks are built without Celery.
    local = server.manage("build_features", "--provider", "local", "-v", "1")
    assert "2 tracks: 2 done" in local.stdout
    _timings(faulty, "broker_down", build_features_celery_s=elapsed_s)


def _query(server, sql):
    import psycopg

    url = server.database_url.replace("postgres://", "postgresql://", 1)
    with psycopg.connect(url, connect_timeout=5) as connection:
        return connection.execute(sql).fetchall()


# -- providers that hang -------------------------------------------------------------


@pytest.mark.parametrize(
    ("provider", "name"), [("deezer", "Deezer"), ("itunes", "iTunes")]
)
def test_a_hanging_provider_is_a_504_and_the_workers_are_freed(faulty, provider, name):
    """Both workers wait on the provider at once; both answer 504 within the
    budget; then a request is answered at once (no worker is still stuck)."""
    results = [None, None]

    def classify(i):
        results[i] = _timed(
            lambda: faulty.post(
                "/api/classifications",
                json={"provider": provider, "track_id": str(3135556 + i)},
            )
        )

    threads = [threading.Thread(target=classify, args=(i,)) for i in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    after, after_s = _timed(lambda: faulty.get("/api/models/active", timeout=10))

    for response, elapsed_s in results:
        assert response.status_code == 504, response.text
        assert response.json() == {
            "error": "provider_timeout",
            "message": f"{name} took too long to answer. Try again in a moment, or "
            "upload the file instead.",
        }
        assert BUDGET_S * 0.9 <= elapsed_s < BUDGET_S + FAST_S
    assert after.status_code == 200
    _timings(
        faulty,
        f"{provider}_hangs",
        classify_504_s=max(s for _, s in results),
        next_request_s=after_s,
    )


def test_a_search_answers_without_the_providers_that_hang(faulty):
    response, elapsed_s = _timed(lambda: faulty.get("/api/search", params={"q": "a"}))

    assert response.status_code == 200
    body = response.json()
    assert body["results"], body  # the library's answers
    assert {t["provider"] for t in body["results"]} == {"local"}
    assert set(body["errors"]) == {"deezer", "itunes"}
    assert elapsed_s < BUDGET_S + FAST_S
    _timings(faulty, "search_with_hanging_providers", search_s=elapsed_s)


# -- a worker killed -----------------------------------------------------------------


def test_a_worker_killed_mid_request_the_others_keep_serving(faulty):
    server = faulty.server
    before = set(server.worker_pids())
    assert len(before) == 2
    seen = len(faulty.deezer.peers)
    slow = {}

    def slow_request():
        try:
            slow["response"] = faulty.post(
                "/api/classifications", json={"provider": "deezer", "track_id": "42"}
            )
        except requests.ConnectionError as error:
            slow["error"] = error

    thread = threading.Thread(target=slow_request)
    thread.start()
    deadline = time.monotonic() + BUDGET_S
    while len(faulty.deezer.peers) == seen and time.monotonic() < deadline:
        time.sleep(0.01)  # until the worker is waiting on the provider
    assert len(faulty.deezer.peers) > seen, "the request never reached the provider"
    _, local_port = faulty.deezer.peers[-1]
    victim = pid_connected_to(before, faulty.deezer.port, local_port=local_port)
    assert victim is not None, "no worker is waiting on the provider"
    os.kill(victim, signal.SIGKILL)
    killed_at = time.monotonic()
    # Where workers keep connections alive (gthread, GUNICORN_THREADS > 1), any
    # this client had with the victim went with it (a browser opens a new one and
    # retries). What follows is from a client arriving now.
    faulty.client = server.client()

    meanwhile, replaced_s = [], None
    # Requests go on while gunicorn notices and starts a new worker (and 1 s more).
    while time.monotonic() - killed_at < (replaced_s or 59) + 1:
        meanwhile.append(faulty.get("/api/models/active", timeout=30).status_code)
        now = set(server.worker_pids())
        if replaced_s is None and len(now) == 2 and victim not in now:
            replaced_s = time.monotonic() - killed_at
    thread.join()
    assert replaced_s is not None, "gunicorn did not replace the worker"
    workers = set(server.worker_pids())
    new_pid = (workers - before).pop()
    # Both workers, the new one included, take requests at the same time.
    owners, serving_s = _owners_of_hanging_requests(faulty, workers, killed_at)

    assert "error" in slow, slow  # its client saw the connection go
    assert meanwhile
    assert set(meanwhile) == {200}
    assert server.process.poll() is None
    assert owners == workers
    assert server.wait_for_event(
        lambda e: f"Booting worker with pid: {new_pid}" in e["message"]
    )
    _timings(
        faulty,
        "worker_killed",
        replaced_s=replaced_s,
        new_worker_serving_s=serving_s,
        requests_meanwhile=len(meanwhile),
    )


#: Requests sent at once to find which workers take requests. The workers race
#: for each connection (a gthread worker keeps accepting while its threads are
#: busy), so a handful cannot be counted on to reach both; the chance that all of
#: these land on one worker is 2 / 2**12. Sync workers take them in turns of the
#: 4 s budget: 6 turns each.
HANGING_AT_ONCE = 12


def _owners_of_hanging_requests(faulty, workers, since):
    """Send requests that wait on the hanging provider at once; the workers that
    took them, and the seconds from ``since`` until all were taken."""
    seen = len(faulty.deezer.peers)
    answers = []

    def classify():
        answers.append(
            faulty.post(
                "/api/classifications", json={"provider": "deezer", "track_id": "7"}
            ).status_code
        )

    threads = [threading.Thread(target=classify) for _ in range(HANGING_AT_ONCE)]
    for thread in threads:
        thread.start()
    # Each connection's owner is looked up as it arrives: the first ones end (504)
    # while requests queued behind them in a busy worker are still to come.
    owners, looked_up = set(), seen
    deadline = time.monotonic() + 60
    while looked_up < seen + HANGING_AT_ONCE and time.monotonic() < deadline:
        for _, port in faulty.deezer.peers[looked_up : seen + HANGING_AT_ONCE]:
            owners.add(pid_connected_to(workers, faulty.deezer.port, local_port=port))
            looked_up += 1
        time.sleep(0.01)
    taken_s = time.monotonic() - since
    for thread in threads:
        thread.join()
    assert answers == [504] * HANGING_AT_ONCE
    return owners, taken_s
