"""Run a function over many inputs in worker processes, each call with a time limit.

For "never hangs, never crashes" checks: a call that runs past ``timeout_s`` is
reported as ``hang`` and its worker killed and replaced; a worker that dies (a
segfault in native code, the memory limit) is reported as ``died`` and replaced; an
exception escaping the function is reported as ``raised``. The workers are started
with ``spawn`` (no state inherited from the caller) and run under an address-space
limit, so one input cannot take the machine's memory.

Pure Python: no Django.
"""

from __future__ import annotations

import contextlib
import importlib
import multiprocessing
import os
import resource
import time
import traceback
from collections.abc import Sequence
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait

#: Address space of a worker: numpy, PyAV and a 600 s decode buffer fit many times.
DEFAULT_MEMORY_BYTES = 3 * 2**30


@dataclass(frozen=True)
class Outcome:
    """What one call did: ``kind`` is ``"returned"`` (``value`` is the result),
    ``"raised"`` (``value`` is the traceback), ``"hang"`` or ``"died"``."""

    kind: str
    value: object = None
    seconds: float = 0.0


def run_isolated(
    function: str,
    inputs: Sequence[object],
    *,
    timeout_s: float,
    workers: int = 2,
    memory_bytes: int = DEFAULT_MEMORY_BYTES,
) -> list[Outcome]:
    """``function(input)`` for each input, in ``workers`` processes.

    Parameters
    ----------
    function : str
        ``"package.module:name"``, imported by each worker.
    inputs : sequence
        Picklable arguments.
    timeout_s : float
        Longest a single call may take before it counts as a hang.

    Returns
    -------
    list of Outcome
        In the order of ``inputs``.
    """
    context = multiprocessing.get_context("spawn")
    outcomes: list[Outcome | None] = [None] * len(inputs)
    pending = list(range(len(inputs)))[::-1]
    pool: list[_Worker] = []
    try:
        while pending or any(w.busy is not None for w in pool):
            while len(pool) < min(workers, len(inputs)):
                pool.append(_Worker(context, function, memory_bytes))
            for worker in pool:
                if worker.busy is None and pending:
                    worker.start(pending.pop(), inputs)
            busy = [w for w in pool if w.busy is not None]
            now = time.monotonic()
            deadline = min(w.started + timeout_s for w in busy)
            ready = wait([w.conn for w in busy], timeout=max(0.0, deadline - now))
            now = time.monotonic()
            for worker in busy:
                index, seconds = worker.busy, now - worker.started
                if worker.conn in ready:
                    try:
                        kind, value = worker.conn.recv()
                    except (EOFError, OSError):
                        worker.process.join(5)
                        code = worker.process.exitcode
                        outcomes[index] = Outcome("died", code, seconds)
                        worker.stop()
                        pool.remove(worker)
                        continue
                    outcomes[index] = Outcome(kind, value, seconds)
                    worker.busy = None
                elif now - worker.started >= timeout_s:
                    outcomes[index] = Outcome("hang", None, seconds)
                    worker.stop()
                    pool.remove(worker)
    finally:
        for worker in pool:
            worker.close()
    return outcomes  # type: ignore[return-value]


class _Worker:
    def __init__(self, context, function: str, memory_bytes: int) -> None:
        self.conn, child = context.Pipe()
        self.process = context.Process(
            target=_serve, args=(child, function, memory_bytes), daemon=True
        )
        self.process.start()
        child.close()
        self.busy: int | None = None
        self.started = 0.0

    def start(self, index: int, inputs: Sequence[object]) -> None:
        self.busy, self.started = index, time.monotonic()
        self.conn.send(inputs[index])

    def stop(self) -> None:
        """Kill it (it hangs, or it died)."""
        if self.process.is_alive():
            self.process.kill()
        self.process.join(10)
        self.conn.close()

    def close(self) -> None:
        """Ask it to finish, then make sure it did."""
        with contextlib.suppress(OSError, ValueError):
            self.conn.send(None)
        self.process.join(10)
        self.stop()


def _serve(conn: Connection, function: str, memory_bytes: int) -> None:
    """A worker's loop: call ``function`` on each input until ``None`` arrives."""
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
    resource.setrlimit(resource.RLIMIT_AS, (memory_bytes, memory_bytes))
    module, name = function.split(":")
    call = getattr(importlib.import_module(module), name)
    while True:
        try:
            item = conn.recv()
        except EOFError:
            return
        if item is None:
            return
        try:
            conn.send(("returned", call(item)))
        except BaseException:  # reported, not fatal: the worker goes on
            conn.send(("raised", traceback.format_exc()))
