"""A cache that fails is left alone for a while, then tried again."""

import logging

import pytest

from audiofiler import cache_guard


class Clock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self):
        return self.now


@pytest.fixture
def clock(monkeypatch, settings):
    settings.AUDIOFILER_CACHE_RETRY_S = 5.0
    clock = Clock()
    monkeypatch.setattr(cache_guard.time, "monotonic", clock)
    cache_guard._down_until.clear()
    yield clock
    cache_guard._down_until.clear()


def test_a_failing_cache_is_skipped_until_the_retry_time(clock, caplog):
    calls = []

    def down():
        calls.append(clock.now)
        raise ConnectionError("Error 111 connecting to redis:6379")

    with caplog.at_level(logging.WARNING, logger="audiofiler.cache_guard"):
        first = cache_guard.cache_call(down, default="d", message="cache down: %s")
        clock.now += 4.9
        second = cache_guard.cache_call(down, default="d", message="cache down: %s")
        clock.now += 0.2
        third = cache_guard.cache_call(lambda: "back", default="d", message="x: %s")

    assert (first, second, third) == ("d", "d", "back")
    assert calls == [1000.0]  # the second call did not wait on the cache
    assert caplog.messages == [
        "cache down: Error 111 connecting to redis:6379 (cache not used for 5s)"
    ]


def test_a_working_cache_is_called_every_time(clock):
    values = iter(range(3))

    got = [
        cache_guard.cache_call(lambda: next(values), default=None, message="%s")
        for _ in range(3)
    ]

    assert got == [0, 1, 2]


def test_a_retry_time_of_zero_tries_every_time(clock, settings):
    settings.AUDIOFILER_CACHE_RETRY_S = 0
    calls = []

    def down():
        calls.append(1)
        raise TimeoutError("Timeout reading from socket")

    for _ in range(3):
        cache_guard.cache_call(down, default=None, message="%s")

    assert len(calls) == 3
