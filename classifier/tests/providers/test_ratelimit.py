import threading

import pytest

from classifier.providers.errors import ProviderRateLimited
from classifier.providers.ratelimit import RateLimiter

from .conftest import FakeClock


def test_calls_are_spaced_evenly_then_refused_past_the_bound():
    clock = FakeClock()
    limiter = RateLimiter(20, 60.0, max_wait_s=10.0, name="itunes", clock=clock)
    assert [limiter.reserve() for _ in range(4)] == [0.0, 3.0, 6.0, 9.0]
    with pytest.raises(ProviderRateLimited, match="client-side limit") as info:
        limiter.reserve()
    assert info.value.retry_after == pytest.approx(12.0)
    assert info.value.provider == "itunes"
    clock.now += 12.0  # the refused call reserved nothing
    assert limiter.reserve() == pytest.approx(0.0)


def test_acquire_sleeps_for_the_slot():
    clock = FakeClock()
    limiter = RateLimiter(2, 1.0, clock=clock, sleep=clock.sleep)
    for _ in range(3):
        limiter.acquire()
    assert clock.slept == [0.5, 0.5]


def test_burst_then_spacing():
    clock = FakeClock()
    limiter = RateLimiter(10, 10.0, burst=3, clock=clock)
    assert [limiter.reserve() for _ in range(5)] == [0.0, 0.0, 0.0, 1.0, 2.0]
    clock.now += 100  # a quiet spell refills the bucket, but no more than ``burst``
    assert [limiter.reserve() for _ in range(4)] == [0.0, 0.0, 0.0, 1.0]


def test_penalise_pushes_the_next_slot():
    clock = FakeClock()
    limiter = RateLimiter(20, 60.0, max_wait_s=100.0, clock=clock)
    limiter.penalise(30.0)
    assert limiter.reserve() == pytest.approx(30.0)


def test_threads_never_share_a_slot():
    clock = FakeClock()
    limiter = RateLimiter(10, 1.0, max_wait_s=1e9, clock=clock)
    waits: list[float] = []
    lock = threading.Lock()

    def worker() -> None:
        for _ in range(50):
            wait = limiter.reserve()
            with lock:
                waits.append(round(wait, 6))

    threads = [threading.Thread(target=worker) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(waits) == [round(i * 0.1, 6) for i in range(400)]


def test_rejects_nonsense_settings():
    with pytest.raises(ValueError, match="calls"):
        RateLimiter(0, 1.0)
