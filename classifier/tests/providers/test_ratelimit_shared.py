"""Provider limits shared by every process through Redis, and never slept on."""

import subprocess
import sys
import textwrap

import pytest
import redis

from classifier.providers.errors import ProviderRateLimited
from classifier.providers.ratelimit import LocalStore, RateLimiter, RedisStore

from .conftest import FakeClock


@pytest.fixture
def store(redis_url):
    client = redis.Redis.from_url(redis_url)
    yield RedisStore(client, prefix="test:")
    client.close()


def test_another_process_takes_slots_from_the_same_bucket(store, redis_url):
    """A subprocess takes the burst; this process then finds the bucket empty."""
    script = textwrap.dedent(
        f"""
        import redis
        from classifier.providers.ratelimit import RateLimiter, RedisStore
        store = RedisStore(redis.Redis.from_url({redis_url!r}), prefix="test:")
        limiter = RateLimiter(3, 60.0, burst=3, max_wait_s=0, name="itunes",
                              store=store)
        print([limiter.reserve() for _ in range(3)])
        """
    )
    other = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    )
    limiter = RateLimiter(3, 60.0, burst=3, max_wait_s=0, name="itunes", store=store)

    with pytest.raises(ProviderRateLimited) as refused:
        limiter.reserve()

    assert other.stdout.strip() == "[0.0, 0.0, 0.0]"
    # The next slot is one interval (20 s) after the first call, less the time since.
    assert 15.0 < refused.value.retry_after <= 20.0
    assert refused.value.provider == "itunes"


def test_penalise_reaches_every_process(store):
    one = RateLimiter(50, 5.0, burst=10, max_wait_s=0, name="deezer", store=store)
    two = RateLimiter(50, 5.0, burst=10, max_wait_s=0, name="deezer", store=store)

    one.penalise(5.0)

    with pytest.raises(ProviderRateLimited) as refused:
        two.reserve()
    assert 4.0 < refused.value.retry_after <= 5.0


def test_the_redis_bucket_matches_the_local_one(store):
    """The Lua GCRA and the Python one agree on a burst then even spacing."""
    clock = FakeClock()
    local = RateLimiter(10, 10.0, burst=3, max_wait_s=100, name="a", clock=clock)
    shared = RateLimiter(10, 10.0, burst=3, max_wait_s=100, name="b", store=store)

    local_waits = [local.reserve() for _ in range(5)]
    shared_waits = [round(shared.reserve(), 1) for _ in range(5)]

    assert local_waits == [0.0, 0.0, 0.0, 1.0, 2.0]
    assert shared_waits == pytest.approx(local_waits, abs=0.1)


def test_without_redis_the_limits_fall_back_to_this_process(caplog):
    down = redis.Redis(host="127.0.0.1", port=1, socket_connect_timeout=0.2)
    clock = FakeClock()
    store = RedisStore(down, fallback=LocalStore(clock))
    limiter = RateLimiter(2, 1.0, max_wait_s=0, name="deezer", store=store)

    assert limiter.reserve() == 0.0
    with pytest.raises(ProviderRateLimited):
        limiter.reserve()
    assert "fall back to this process" in caplog.text
