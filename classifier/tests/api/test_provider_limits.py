"""A web request never sleeps for a provider's rate-limit slot: it answers 503."""

import json
from pathlib import Path

import pytest
import responses
from rest_framework.test import APIClient

from classifier.providers.itunes import BURST
from classifier.services.providers import providers_get

pytestmark = pytest.mark.django_db
DATA = Path(__file__).resolve().parent.parent / "data" / "providers"


@pytest.fixture
def itunes(settings):
    settings.AUDIOFILER_ITUNES = True
    providers_get.cache_clear()
    with responses.RequestsMock(assert_all_requests_are_fired=False) as mocked:
        mocked.get(
            "https://itunes.apple.com/search",
            json=json.loads((DATA / "itunes_search.json").read_text()),
        )
        yield mocked
    providers_get.cache_clear()


def _search(query):
    return APIClient().get("/api/search", {"q": query, "provider": "itunes"})


def test_past_the_burst_the_answer_is_503_not_a_wait(itunes):
    answers = [_search(f"daft punk {i}") for i in range(BURST + 1)]

    assert [a.status_code for a in answers] == [200] * BURST + [503]
    refused = answers[-1]
    assert 1 <= int(refused["Retry-After"]) <= 20  # 20 calls a minute
    assert refused.json()["error"] == "rate_limited"
    assert len(itunes.calls) == BURST  # the refused call never reached Apple


def test_with_redis_the_web_limiter_is_shared(settings, redis_url):
    settings.REDIS_URL = redis_url
    settings.AUDIOFILER_ITUNES = True
    providers_get.cache_clear()
    try:
        limiter = providers_get()["itunes"].rate_limiter
        assert type(limiter.store).__name__ == "RedisStore"
        assert limiter.max_wait_s == 0.0
    finally:
        providers_get.cache_clear()
