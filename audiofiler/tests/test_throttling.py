"""Throttles tell clients apart by what the proxy saw and share counters in Redis."""

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from rest_framework.test import APIClient
from rest_framework.throttling import AnonRateThrottle

pytestmark = pytest.mark.django_db
REPO = Path(__file__).resolve().parents[2]


@pytest.fixture
def two_per_minute(monkeypatch, library):
    monkeypatch.setattr(AnonRateThrottle, "THROTTLE_RATES", {"anon": "2/minute"})


def _codes(client, forwarded_for: list[str]) -> list[int]:
    return [
        client.get("/api/search", {"q": "a"}, HTTP_X_FORWARDED_FOR=xff).status_code
        for xff in forwarded_for
    ]


def test_a_spoofed_forwarded_for_gets_no_new_budget(two_per_minute):
    """Directly connected (NUM_PROXIES=0), X-Forwarded-For is not an identity."""
    codes = _codes(APIClient(), ["1.1.1.1", "2.2.2.2", "3.3.3.3", "4.4.4.4"])

    assert codes == [200, 200, 429, 429]


def test_behind_one_proxy_the_address_it_appended_counts(two_per_minute, settings):
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "NUM_PROXIES": 1}
    from rest_framework.settings import api_settings

    api_settings.reload()
    try:
        client = APIClient()
        # The client prepends made-up addresses; the router appends the real one.
        spoofed = _codes(client, ["1.1.1.1, 9.9.9.9", "2.2.2.2, 9.9.9.9", "9.9.9.9"])
        other_client = _codes(client, ["1.1.1.1, 8.8.8.8"])
    finally:
        settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "NUM_PROXIES": 0}
        api_settings.reload()

    assert spoofed == [200, 200, 429]
    assert other_client == [200]


def test_num_proxies_comes_from_the_environment():
    code = (
        "from django.conf import settings as s; print(s.REST_FRAMEWORK['NUM_PROXIES'])"
    )
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "audiofiler.settings.base"}
    printed = [
        subprocess.run(
            [sys.executable, "-c", f"import django; django.setup(); {code}"],
            env={**env, **extra},
            cwd=REPO,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        for extra in ({}, {"NUM_PROXIES": "1"})
    ]

    assert printed == ["0", "1"]


def test_with_redis_every_process_shares_one_budget(
    two_per_minute, settings, redis_url
):
    """Two requests here, then a third from another process: it is refused."""
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": redis_url,
        }
    }
    here = _codes(APIClient(), ["", ""])
    script = textwrap.dedent(
        """
        import django
        django.setup()
        from django.test import Client
        print(Client().get("/api/search", {"q": "a"}).status_code)
        """
    )
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "audiofiler.settings.base",
        "REDIS_URL": redis_url,
        "ANON_THROTTLE_RATE": "2/minute",
        "ALLOWED_HOSTS": "testserver",
        "AUDIOFILER_LIBRARY": str(settings.AUDIOFILER_LIBRARY),
        "AUDIOFILER_DATA_DIR": str(settings.DATA_DIR),
    }
    other_process = subprocess.run(
        [sys.executable, "-c", script],
        env=env,
        cwd=REPO,
        capture_output=True,
        text=True,
        check=True,
    )

    assert here == [200, 200]
    assert other_process.stdout.strip().splitlines()[-1] == "429"


def test_an_unreachable_cache_lets_requests_through(two_per_minute, settings, caplog):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens on port 1
            "OPTIONS": {"socket_connect_timeout": 0.5},
        }
    }

    codes = _codes(APIClient(), ["", "", ""])

    assert codes == [200, 200, 200]
    assert "throttle cache unavailable" in caplog.text
