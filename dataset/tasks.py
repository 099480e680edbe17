"""Celery tasks: feature extraction on ``celery -A audiofiler worker`` processes.

A task gets a few track ids, extracts them and stores the rows itself (the same
rows as ``build_features`` without Celery); no result backend is needed. Tasks are
acknowledged after they finish, so a worker killed mid-task hands its tracks to
another worker; a track already stored is skipped.
"""

from audiofiler.celery import app


@app.task(name="dataset.extract_tracks", acks_late=True, reject_on_worker_lost=True)
def extract_tracks(
    track_ids: list[int],
    *,
    names: list[str],
    extractor_version: str,
    run_id: int | None = None,
) -> int:
    """Extract and store ``track_ids``; return how many were tried."""
    from dataset.services.tracks import tracks_extract

    outcomes = tracks_extract(
        track_ids,
        names=names,
        extractor_version=extractor_version,
        run_id=run_id,
        commit_every=len(track_ids),
    )
    return len(outcomes)
