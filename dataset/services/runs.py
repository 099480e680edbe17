"""Build runs: chunked writes that commit together with the run's checkpoint.

A reader yields records with increasing positions. ``run_chunks`` writes them a
chunk at a time; each chunk's rows, the run's counts and its checkpoint (the next
position to read) commit in one transaction. A killed process leaves the run
"running" with the checkpoint of its last commit: the next run with the same
arguments picks it up there, so nothing committed is read again and nothing
uncommitted is lost. A lost database connection (a restart) is logged, waited out
with back-off and the chunk written again; a commit that went through before the
connection dropped is recognised by the checkpoint and not repeated.
"""

import logging
import time
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from django.db import InterfaceError, OperationalError, connection, transaction
from django.utils import timezone

from dataset.models import BuildRun
from dataset.sources.records import Repaired, Skipped

logger = logging.getLogger(__name__)

RECONNECT_ATTEMPTS = 8
RECONNECT_BASE_S = 1.0
RECONNECT_CAP_S = 30.0
#: Examples of skipped rows kept on the run (the counts per reason are complete).
FAILURE_EXAMPLES = 100

Writer = Callable[[list[Any]], dict[str, Any]]


def run_open(
    *, kind: str, arguments: dict[str, Any], resume: bool = True
) -> tuple[BuildRun, bool]:
    """The unfinished run of ``kind`` with these ``arguments``, or a new one.

    Returns the run and whether it is resumed.
    """
    if resume:
        unfinished = BuildRun.objects.filter(kind=kind).exclude(
            status=BuildRun.Status.DONE
        )
        for run in unfinished.order_by("-pk")[:50]:
            if run.arguments == arguments:
                run.status = BuildRun.Status.RUNNING
                run.save(update_fields=["status", "updated_at"])
                return run, True
    return BuildRun.objects.create(kind=kind, arguments=arguments), False


def run_touch(run: BuildRun) -> None:
    """Show the run is alive (``build_features`` closes runs that went quiet)."""
    BuildRun.objects.filter(pk=run.pk).update(updated_at=timezone.now())


def run_finish(run: BuildRun, *, failed: bool = False, message: str = "") -> None:
    run.status = BuildRun.Status.FAILED if failed else BuildRun.Status.DONE
    run.message = message
    run.finished_at = timezone.now()
    run.save(update_fields=["status", "message", "finished_at", "updated_at"])


def counts_merge(into: dict[str, Any], add: Mapping[str, Any]) -> dict[str, Any]:
    """Add nested counts (``{"skipped": {"bad tag": 2}}``) into ``into``."""
    for key, value in add.items():
        if isinstance(value, Mapping):
            counts_merge(into.setdefault(key, {}), value)
        else:
            into[key] = into.get(key, 0) + value
    return into


def run_chunks(
    run: BuildRun,
    items: Iterable[Any],
    *,
    write: Writer,
    chunk_size: int,
    progress: Callable[[int], None] | None = None,
    sleep: Callable[[float], None] = time.sleep,
) -> dict[str, Any]:
    """Write ``items`` chunk by chunk with ``write``; return the run's counts.

    ``Skipped`` and ``Repaired`` items are counted per reason (a few examples are
    kept in ``run.failures``); every other item is handed to ``write``, which
    returns the counts of what it stored. A chunk never splits one position.
    """
    chunk: list[Any] = []
    notes: list[Skipped | Repaired] = []
    last: int | None = None
    for item in items:
        if len(chunk) + len(notes) >= chunk_size and item.position != last:
            _commit(run, chunk, notes, last + 1, write=write, sleep=sleep)
            if progress:
                progress(len(chunk))
            chunk, notes = [], []
        (notes if isinstance(item, Skipped | Repaired) else chunk).append(item)
        last = item.position
    if chunk or notes:
        _commit(run, chunk, notes, last + 1, write=write, sleep=sleep)
        if progress:
            progress(len(chunk))
    return run.counts


def with_reconnect(
    function: Callable[[int], Any],
    *,
    what: str,
    sleep: Callable[[float], None] = time.sleep,
) -> Any:
    """Call ``function(reconnects)``; when the database connection is lost, log it,
    wait with back-off, reconnect and call again (``reconnects`` counts the losses).

    ``function`` must be a transaction that is safe to repeat.
    """
    for attempt in range(RECONNECT_ATTEMPTS + 1):
        try:
            return function(attempt)
        except (OperationalError, InterfaceError) as error:
            if attempt == RECONNECT_ATTEMPTS:
                raise
            delay = min(RECONNECT_CAP_S, RECONNECT_BASE_S * 2**attempt)
            first_line = (str(error).strip().splitlines() or [repr(error)])[0]
            logger.warning(
                "%s: database connection lost (%s); reconnecting in %.0f s "
                "(attempt %d of %d) and writing it again",
                what,
                first_line,
                delay,
                attempt + 1,
                RECONNECT_ATTEMPTS,
            )
            connection.close()
            sleep(delay)
    raise AssertionError("unreachable")


def _commit(run, chunk, notes, next_position, *, write, sleep) -> None:
    with_reconnect(
        lambda reconnects: _commit_once(
            run, chunk, notes, next_position, write, reconnects
        ),
        what=f"{run.kind} #{run.pk} from position {run.checkpoint.get('position', 0)}",
        sleep=sleep,
    )


@transaction.atomic
def _commit_once(run, chunk, notes, next_position, write, reconnects) -> None:
    stored = BuildRun.objects.select_for_update().get(pk=run.pk)
    if stored.checkpoint.get("position", 0) >= next_position:
        # The commit went through just before the connection dropped.
        logger.info("%s #%s: chunk already committed", run.kind, run.pk)
    else:
        counts = write(chunk) if chunk else {}
        for note in notes:
            group = "skipped" if isinstance(note, Skipped) else "repaired"
            counts_merge(counts, {group: {note.reason: 1}})
        if reconnects:
            counts_merge(counts, {"reconnects": reconnects})
        room = FAILURE_EXAMPLES - len(stored.failures)
        stored.failures += [
            {"where": n.where, "reason": n.reason, "detail": n.detail}
            for n in notes[: max(room, 0)]
            if isinstance(n, Skipped)
        ]
        stored.counts = counts_merge(stored.counts, counts)
        stored.done += len(chunk)
        stored.failed += sum(isinstance(n, Skipped) for n in notes)
        stored.checkpoint = {"position": next_position}
        stored.save()
    for field in ("counts", "failures", "done", "failed", "checkpoint"):
        setattr(run, field, getattr(stored, field))
