"""Run a reader into a writer as one resumable build run (the imports' engine).

The reader (a pure ``dataset.sources`` function) runs a thread ahead, parsing while
the database writes; ``runs.run_chunks`` commits each chunk with the checkpoint.
"""

import contextlib
import logging
import queue
import threading
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

from dataset.models import BuildRun
from dataset.services.runs import Writer, run_chunks, run_finish, run_open
from dataset.sources.records import Repaired, Skipped

logger = logging.getLogger(__name__)


def _limited(items: Iterator, limit: int | None) -> Iterator:
    """The first ``limit`` records (and the notes among them) of ``items``; closes
    ``items`` when done, so a reader lets go of its file at once."""
    seen = 0
    try:
        for item in items:
            if limit is not None and not isinstance(item, Skipped | Repaired):
                seen += 1
                if seen > limit:
                    return
            yield item
    finally:
        getattr(items, "close", lambda: None)()


_END = object()


def prefetched(items: Iterable[Any], *, size: int) -> Iterator[Any]:
    """``items``, read ahead by up to ``size`` in a thread of their own.

    The readers parse files while this thread waits on the database; they are pure
    (no database), so reading in another thread is safe. An error of the reader is
    raised here, in order.
    """
    buffer: queue.Queue = queue.Queue(maxsize=size)
    stop = threading.Event()

    def produce() -> None:
        iterator = iter(items)
        try:
            for item in iterator:
                while not stop.is_set():
                    try:
                        buffer.put((item, None), timeout=0.1)
                        break
                    except queue.Full:
                        continue
                if stop.is_set():
                    return
            buffer.put((_END, None))
        except BaseException as error:  # handed to the consumer
            buffer.put((_END, error))
        finally:
            # Close the reader in its own thread (SQLite connections are tied to it).
            getattr(iterator, "close", lambda: None)()

    thread = threading.Thread(target=produce, name="dataset-reader", daemon=True)
    thread.start()
    try:
        while True:
            item, error = buffer.get()
            if item is _END:
                if error is not None:
                    raise error
                return
            yield item
    finally:
        stop.set()
        while thread.is_alive():  # let a producer blocked on a full buffer finish
            with contextlib.suppress(queue.Empty):
                buffer.get(timeout=0.1)
        thread.join()


def run_source(
    kind: str,
    path: str | Path,
    reader: Callable[..., Iterator[Any]],
    write: Writer,
    *,
    arguments: dict[str, Any],
    limit: int | None = None,
    resume: bool = True,
    progress: Callable[[str], Callable[[int], None]] | None = None,
    chunk_size: int,
) -> BuildRun:
    """Read ``path`` with ``reader`` into ``write`` as one resumable run.

    The run is keyed by ``kind``, the resolved path, ``limit`` and ``arguments``;
    an unfinished run with the same key resumes at its checkpoint.
    """
    path = str(Path(path).resolve())
    run, resumed = run_open(
        kind=kind, arguments={"path": path, "limit": limit, **arguments}, resume=resume
    )
    start = run.checkpoint.get("position", 0)
    if resumed:
        logger.info("%s: resuming run #%s at position %s", kind, run.pk, start)
    remaining = None if limit is None else max(0, limit - run.done)
    try:
        run_chunks(
            run,
            _limited(prefetched(reader(path, start=start), size=chunk_size), remaining),
            write=write,
            chunk_size=chunk_size,
            progress=progress(kind) if progress else None,
        )
    except BaseException as error:
        run_finish(run, failed=True, message=f"{type(error).__name__}: {error}")
        raise
    run_finish(run)
    return run
