"""Every request has one time budget; providers are asked at once; hangs cost a 504.

The "provider" here is a loopback HTTP server that never answers (or answers slowly),
reached by the real Deezer and iTunes clients. The checks on elapsed time have a wide
margin: the budget is a second or less, the providers' own timeouts 30 s.
"""

import threading
import time
from pathlib import Path

import pytest
from rest_framework.test import APIClient

from classifier.providers.budget import time_budget
from classifier.providers.deezer import DeezerProvider
from classifier.providers.errors import ProviderTimeout
from classifier.providers.itunes import ITunesProvider
from classifier.providers.local import LocalLibraryProvider
from classifier.services.search import TIMED_OUT

from ..providers.conftest import Loopback, unlimited

pytestmark = pytest.mark.django_db
DATA = Path(__file__).resolve().parent.parent / "data" / "providers"
SLOW_TIMEOUT_S = 30.0  # what each provider would wait on its own
MARGIN_S = 10.0


@pytest.fixture
def server():
    loop = Loopback()
    yield loop
    loop.close()


def _hang(server):
    def handler(request):
        server.release.wait(60)  # until the test ends

    return handler


def _slow_json(server, payload: bytes, delay_s: float, started: list[float]):
    def handler(request):
        started.append(time.monotonic())
        time.sleep(delay_s)
        request.reply(200, payload, Content_Type="application/json")

    return handler


def _deezer(server):
    return DeezerProvider(
        api_url=server.base, timeout_s=SLOW_TIMEOUT_S, rate_limiter=unlimited()
    )


def _itunes(server):
    return ITunesProvider(
        api_url=server.base, timeout_s=SLOW_TIMEOUT_S, rate_limiter=unlimited()
    )


@pytest.fixture
def providers(monkeypatch, demo_songs):
    """Install a provider dict for the services (local + the ones a test gives)."""

    def install(**remote):
        sources = {"local": LocalLibraryProvider(demo_songs[0].parent), **remote}
        monkeypatch.setattr(
            "classifier.services.providers.providers_get", lambda: sources
        )
        monkeypatch.setattr("classifier.services.search.providers_get", lambda: sources)
        return sources

    return install


def test_a_hanging_provider_does_not_hold_the_search(settings, server, providers):
    settings.AUDIOFILER_SEARCH_BUDGET_S = 0.5
    server.route("/search", _hang(server))
    providers(deezer=_deezer(server))

    started = time.monotonic()
    response = APIClient().get("/api/search", {"q": "a"})
    elapsed = time.monotonic() - started

    assert response.status_code == 200
    body = response.json()
    assert body["errors"] == {"deezer": TIMED_OUT}
    assert {r["provider"] for r in body["results"]} == {"local"}
    assert elapsed < MARGIN_S < SLOW_TIMEOUT_S


def test_providers_are_asked_at_the_same_time(settings, server, providers):
    settings.AUDIOFILER_SEARCH_BUDGET_S = 10.0
    deezer_started, itunes_started = [], []
    deezer_body = (DATA / "deezer_search.json").read_bytes()
    itunes_body = (DATA / "itunes_search.json").read_bytes()
    server.route("/search", _slow_json(server, deezer_body, 0.8, deezer_started))
    # iTunes and Deezer share the loopback: tell them apart by the query string.
    other = Loopback()
    other.route("/search", _slow_json(other, itunes_body, 0.8, itunes_started))
    try:
        providers(deezer=_deezer(server), itunes=_itunes(other))
        response = APIClient().get("/api/search", {"q": "daft punk"})
    finally:
        other.close()

    assert response.status_code == 200
    assert response.json()["errors"] == {}
    assert {r["provider"] for r in response.json()["results"]} >= {"deezer", "itunes"}
    # Each server sleeps 0.8 s before answering: both requests were in flight at once.
    assert abs(deezer_started[0] - itunes_started[0]) < 0.8


def test_a_hanging_provider_costs_a_504_not_the_worker(
    settings, server, providers, active_model
):
    settings.AUDIOFILER_REQUEST_BUDGET_S = 1.0
    server.route("/track/3135556", _hang(server))
    providers(deezer=_deezer(server))

    started = time.monotonic()
    response = APIClient().post(
        "/api/classifications",
        {"provider": "deezer", "track_id": "3135556"},
        format="json",
    )
    elapsed = time.monotonic() - started

    assert response.status_code == 504
    assert response.json()["error"] == "provider_timeout"
    assert elapsed < MARGIN_S < SLOW_TIMEOUT_S


def test_steps_that_each_fit_still_share_one_budget(server):
    """Lookups of 0.4 s each under a 1 s budget: the third is cut short and fails,
    and the fourth never reaches the server."""
    calls: list[float] = []
    track = (DATA / "deezer_track.json").read_bytes()

    def slow_track(request):
        calls.append(time.monotonic())
        time.sleep(0.4)
        request.reply(200, track, Content_Type="application/json")

    server.route("/track/3135556", slow_track)
    deezer = _deezer(server)
    outcomes = []
    with time_budget(1.0):
        for _ in range(4):
            try:
                deezer.resolve("3135556")
                outcomes.append("ok")
            except ProviderTimeout as error:
                outcomes.append(type(error).__name__)

    assert outcomes == ["ok", "ok", "ProviderTimeout", "BudgetExhausted"]
    assert len(calls) == 3


def test_threads_of_a_search_inherit_the_deadline(settings, server, providers):
    """A late provider's thread gives up at the deadline instead of running on."""
    settings.AUDIOFILER_SEARCH_BUDGET_S = 0.5
    server.route("/search", _hang(server))
    providers(deezer=_deezer(server))
    before = {t.name for t in threading.enumerate()}

    APIClient().get("/api/search", {"q": "a"})
    deadline = time.monotonic() + MARGIN_S
    while time.monotonic() < deadline:
        late = {t.name for t in threading.enumerate()} - before
        if not any(name.startswith("search") for name in late):
            break
        time.sleep(0.05)

    assert not any(
        n.startswith("search") for n in {t.name for t in threading.enumerate()} - before
    )
