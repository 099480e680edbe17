"""import_lastfm: tracks from Last.fm's per-genre top tracks, labelled by their tags.

Tracks are keyed by artist and title (folded), so the same song found under two
genre tags is one track; its tags decide its label through the vocabulary, exactly
as for the MSD's tags. Resumable: the run's checkpoint is the position in the
(genre, rank) sequence.
"""

import hashlib
import time
from collections.abc import Callable, Sequence
from typing import Any

from django.conf import settings

from classifier.providers.matching import fold
from dataset.models import BuildRun, Label, Track, TrackTag
from dataset.services.bulk import insert_ignore
from dataset.services.bundled import genres_ensure
from dataset.services.runs import run_chunks, run_finish, run_open
from dataset.sources.lastfm_api import LastfmTrack, read_lastfm_api
from dataset.sources.records import SourceError
from dataset.sources.vocabulary import Vocabulary

CHUNK_SIZE = 50
KIND = "import_lastfm"


def track_key(artist: str, title: str) -> str:
    """A stable ``external_id`` for a Last.fm track: its folded artist and title."""
    text = f"{fold(artist)}\x1f{fold(title)}"
    return "lastfm:" + hashlib.sha1(text.encode()).hexdigest()


def network_get():
    """A pylast network with the API key from the settings and its rate limiter on."""
    import pylast

    if not settings.LASTFM_API_KEY:
        raise SourceError("set LASTFM_API_KEY to use Last.fm's API")
    network = pylast.LastFMNetwork(api_key=settings.LASTFM_API_KEY)
    network.enable_rate_limit()
    return network


def _writer(vocabulary: Vocabulary) -> Callable[[list[LastfmTrack]], dict]:
    def write(records: list[LastfmTrack]) -> dict[str, Any]:
        keys = {track_key(r.artist, r.title): r for r in records}
        insert_ignore(
            Track,
            ["source", "external_id", "artist", "title"],
            (
                (Track.Source.LASTFM, key, r.artist[:512], r.title[:512])
                for key, r in keys.items()
            ),
        )
        ids = dict(
            Track.objects.filter(
                source=Track.Source.LASTFM, external_id__in=list(keys)
            ).values_list("external_id", "pk")
        )
        insert_ignore(
            TrackTag,
            ["track_id", "tag", "weight", "source"],
            (
                (ids[key], tag[:255], weight, "lastfm")
                for key, r in keys.items()
                for tag, weight in dict(reversed(r.tags)).items()
            ),
        )
        report: dict[str, dict[str, int]] = {}
        labels = []
        for key, record in keys.items():
            outcome = vocabulary.assign(record.tags)
            if outcome.genre is None:
                continue
            line = report.setdefault(outcome.genre, {})
            line[outcome.reason or "kept"] = line.get(outcome.reason or "kept", 0) + 1
            if outcome.reason is None:
                labels.append((ids[key], outcome.genre))
        genres = genres_ensure(g for _, g in labels)
        insert_ignore(
            Label,
            ["track_id", "genre_id", "origin"],
            ((t, genres[g].pk, Label.Origin.TAGS) for t, g in labels),
        )
        return {"tracks": len(keys), "labels": len(labels), "genres": report}

    return write


def lastfm_import(
    *,
    genres: Sequence[str],
    per_genre: int,
    vocabulary: Vocabulary | None = None,
    network: Any = None,
    resume: bool = True,
    progress: Callable[[str], Callable[[int], None]] | None = None,
    sleep: Callable[[float], None] = time.sleep,
) -> BuildRun:
    """Import the top ``per_genre`` tracks of each genre's Last.fm tag."""
    vocabulary = vocabulary or Vocabulary()
    tags = [genre.lower() for genre in genres]
    network = network or network_get()
    run, _ = run_open(
        kind=KIND,
        arguments={
            "tags": tags,
            "per_genre": per_genre,
            "min_weight": vocabulary.min_weight,
            "margin": vocabulary.margin,
        },
        resume=resume,
    )
    try:
        run_chunks(
            run,
            read_lastfm_api(
                network,
                tags=tags,
                per_genre=per_genre,
                start=run.checkpoint.get("position", 0),
                sleep=sleep,
            ),
            write=_writer(vocabulary),
            chunk_size=CHUNK_SIZE,
            progress=progress(KIND) if progress else None,
        )
    except BaseException as error:
        run_finish(run, failed=True, message=f"{type(error).__name__}: {error}")
        raise
    run_finish(run)
    return run
