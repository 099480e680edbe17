"""Fixtures shared by the Django-level tests (API, services, commands)."""

import os
from pathlib import Path

import pytest
from hypothesis import settings as hypothesis_settings

from classifier.demo.catalogue import SONGS, build_catalogue

# Under CI=true every hypothesis test tries the same examples each run (derandomize:
# the examples come from the test's name), so CI is reproducible; elsewhere they vary.
hypothesis_settings.register_profile("ci", derandomize=True, deadline=None)
if os.environ.get("CI") == "true":
    hypothesis_settings.load_profile("ci")

#: Short demo songs keep the suite quick; the real catalogue is 30 s per song.
TEST_SONG_SECONDS = 6.0


@pytest.fixture(scope="session")
def demo_songs(tmp_path_factory) -> list[Path]:
    """Four demo songs (mp3, ogg, m4a, wav) synthesised once per test session."""
    out = tmp_path_factory.mktemp("demo")
    picked = []
    for fmt in ("mp3", "ogg", "m4a", "wav"):
        picked.append(next(song for song in SONGS if song.format == fmt))
    return build_catalogue(out, songs=picked, duration_s=TEST_SONG_SECONDS)


@pytest.fixture
def library(settings, demo_songs):
    """The local provider serves the session's demo songs."""
    from classifier.services.providers import providers_get

    settings.AUDIOFILER_LIBRARY = str(demo_songs[0].parent)
    providers_get.cache_clear()
    yield demo_songs[0].parent
    providers_get.cache_clear()


@pytest.fixture(autouse=True)
def _clear_caches():
    from django.core.cache import cache

    from classifier.services.models import predictor_cache_clear
    from classifier.services.similar import similar_cache_clear

    cache.clear()
    predictor_cache_clear()
    similar_cache_clear()


@pytest.fixture(scope="session")
def model_artifact(tmp_path_factory) -> Path:
    """A small network trained on pyAudioAnalysis's bundled songs, once per session."""
    from classifier.audio.names import EXTRACTOR_VERSION
    from classifier.ml.training import train_network
    from dataset.sources.paa_genres import load_paa_genres

    bundled = load_paa_genres()
    result = train_network(
        bundled.X,
        bundled.labels,
        bundled.genres,
        hidden_units=(32, 16),
        epochs=30,
        patience=5,
        seed=1,
    )
    directory = tmp_path_factory.mktemp("models") / "test-model"
    result.save(directory, extractor_version=EXTRACTOR_VERSION, git_commit="test")
    return directory


@pytest.fixture
def active_model(db, model_artifact):
    """``model_artifact`` registered and active."""
    from classifier.services.models import model_register

    return model_register(directory=model_artifact, version="test-model", activate=True)


#: The local Redis the services tests use (``.ci/run`` starts it when it is down);
#: database 15, emptied around each test that takes it.
TEST_REDIS_URL = "redis://127.0.0.1:6379/15"


@pytest.fixture
def redis_url() -> str:
    """A reachable, empty Redis database; skip without one, except under CI=true."""
    import os

    import redis

    client = redis.Redis.from_url(TEST_REDIS_URL, socket_connect_timeout=1)
    try:
        client.ping()
    except redis.exceptions.ConnectionError as error:
        message = f"Redis is not running at {TEST_REDIS_URL} ({error}); start it with "
        message += "`redis-server --daemonize yes --port 6379 --save ''`"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    client.flushdb()
    yield TEST_REDIS_URL
    client.flushdb()
    client.close()


def _unavailable(message: str) -> None:
    """Skip the test here; under CI=true, fail it: there everything must run."""
    import os

    if os.environ.get("CI") == "true":
        pytest.fail(message)
    pytest.skip(message)


@pytest.fixture(scope="session")
def postgres_url() -> str:
    """A PostgreSQL server for databases of the tests' own (see
    ``audiofiler.testing.postgres``); skip without one, except under CI=true."""
    from audiofiler.testing.postgres import StackUnavailable, postgres_server_url

    try:
        return postgres_server_url()
    except StackUnavailable as error:
        _unavailable(f"{error}; start it, or set AUDIOFILER_TEST_POSTGRES_URL")


@pytest.fixture(scope="session")
def start_production_stack(tmp_path_factory, postgres_url):
    """``start(env=None, workers=2, model_dir=None) -> ProductionServer``: gunicorn
    on 127.0.0.1 with the production settings, a PostgreSQL database of its own and
    the static files collected once per session. Each server is stopped and its
    database dropped at the end of the session (or sooner: ``server.stop()``)."""
    import contextlib

    from audiofiler.testing.postgres import StackUnavailable
    from audiofiler.testing.production import production_stack

    static_root = tmp_path_factory.mktemp("static")
    with contextlib.ExitStack() as servers:

        def start(**options):
            options.setdefault("static_root", static_root)
            stack = production_stack(
                tmp_path_factory.mktemp("stack"), postgres_url=postgres_url, **options
            )
            try:
                return servers.enter_context(stack)
            except StackUnavailable as error:
                _unavailable(str(error))

        yield start


@pytest.fixture(scope="session")
def production_server(start_production_stack, model_artifact, demo_songs):
    """The production stack with the test model active and the demo songs as its
    music library; shared by the session: do not break it (start your own)."""
    return start_production_stack(
        model_dir=model_artifact,
        env={"AUDIOFILER_LIBRARY": str(demo_songs[0].parent)},
    )
