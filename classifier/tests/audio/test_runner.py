"""The extractor's threads: sized by CPU affinity and the cap, rebuilt after a fork."""

import multiprocessing
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from classifier.audio import extract_features, runner
from classifier.tests.audio.signals import music

REPO = Path(__file__).resolve().parents[3]
RATE = 22_050
#: Guards the forked child: its extraction takes milliseconds, a hang never ends.
CHILD_TIMEOUT_S = 120


@pytest.fixture(autouse=True)
def fresh_runner():
    runner.reset()
    yield
    runner.reset()


def _extract_in_child(connection, signal):
    vector = extract_features(signal, RATE).vector
    helpers = [thread.is_alive() for thread in runner.thread_pool()._threads]
    connection.send((vector, helpers))
    connection.close()


@pytest.mark.skipif(runner.usable_cpus() < 2, reason="one CPU never builds a pool")
def test_extraction_runs_in_a_child_forked_after_the_pool_started(monkeypatch):
    monkeypatch.setenv(runner.THREADS_ENV, "2")
    signal = music(30.0, RATE, seed=8)  # five blocks of frames: two groups
    expected = extract_features(signal, RATE).vector  # warms the pool in the parent
    assert runner.thread_pool()._threads  # a live helper thread existed at the fork

    context = multiprocessing.get_context("fork")
    receiver, sender = context.Pipe(duplex=False)
    child = context.Process(target=_extract_in_child, args=(sender, signal))
    child.start()
    try:
        finished = receiver.poll(CHILD_TIMEOUT_S)
    finally:
        if child.is_alive() and not finished:
            child.kill()
        child.join()

    assert finished, "the forked child's extraction never finished"
    vector, helpers = receiver.recv()
    np.testing.assert_array_equal(vector, expected)
    assert helpers == [True]  # the child built its own pool and used it
    assert child.exitcode == 0


def _threads_in_subprocess(cpus: set[int], cap: str | None) -> str:
    code = (
        "import os\n"
        f"os.sched_setaffinity(0, {sorted(cpus)!r})\n"
        "from classifier.audio import runner\n"
        "print(runner.extract_threads(), runner.thread_pool() is None)\n"
    )
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    env.pop(runner.THREADS_ENV, None)
    if cap is not None:
        env[runner.THREADS_ENV] = cap
    done = subprocess.run(
        [sys.executable, "-c", code],
        env=env,
        capture_output=True,
        text=True,
        check=True,
        timeout=CHILD_TIMEOUT_S,
    )
    return done.stdout.strip()


@pytest.mark.skipif(
    not hasattr(os, "sched_setaffinity"), reason="no CPU affinity on this system"
)
def test_affinity_limits_the_threads():
    one_cpu = {min(os.sched_getaffinity(0))}

    # The cap allows eight, the process may run on one CPU: one thread, no pool.
    assert _threads_in_subprocess(one_cpu, "8") == "1 True"
    assert _threads_in_subprocess(one_cpu, None) == "1 True"


@pytest.mark.skipif(
    not hasattr(os, "sched_setaffinity") or len(os.sched_getaffinity(0)) < 2,
    reason="needs two CPUs and CPU affinity",
)
def test_two_cpus_give_two_threads_unless_capped():
    two_cpus = set(sorted(os.sched_getaffinity(0))[:2])

    assert _threads_in_subprocess(two_cpus, "8") == "2 False"
    assert _threads_in_subprocess(two_cpus, None) == "2 False"
    assert _threads_in_subprocess(two_cpus, "1") == "1 True"


def test_cap_is_read_on_first_use_not_at_import(monkeypatch):
    monkeypatch.setattr(runner, "usable_cpus", lambda: 16)
    monkeypatch.setenv(runner.THREADS_ENV, "3")
    assert runner.extract_threads() == 3

    monkeypatch.delenv(runner.THREADS_ENV)
    runner.reset()
    assert runner.extract_threads() == runner.DEFAULT_MAX_THREADS


@pytest.mark.parametrize("value", ["0", "-2", "two", "1.5"])
def test_a_bad_cap_says_what_is_wrong(monkeypatch, value):
    monkeypatch.setenv(runner.THREADS_ENV, value)

    with pytest.raises(
        ValueError,
        match=rf"AUDIOFILER_EXTRACT_THREADS must be a whole number >= 1, "
        rf"not '{value}'",
    ):
        runner.extract_threads()


def test_threads_argument_only_lowers_the_count(monkeypatch):
    monkeypatch.setattr(runner, "usable_cpus", lambda: 2)
    monkeypatch.setenv(runner.THREADS_ENV, "2")
    signal = music(30.0, RATE, seed=9)

    one = extract_features(signal, RATE, threads=1)
    assert runner._pool is None  # one thread never builds the pool
    many = extract_features(signal, RATE, threads=8)

    assert runner._pool is not None
    np.testing.assert_array_equal(one.vector, many.vector)
    np.testing.assert_array_equal(one.windows, many.windows)
