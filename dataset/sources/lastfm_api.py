"""Last.fm's API through pylast: each genre tag's top tracks, and their top tags.

``tag.getTopTracks`` gives the tracks (pylast pages through it), ``track.getTopTags``
each track's tags with counts 0-100. pylast spaces calls 0.2 s apart once its rate
limiter is on (``network.enable_rate_limit()``); on top of that a call that fails
for a passing reason (error 29 "rate limit exceeded", 11 "service offline", 16
"temporarily unavailable", a network error) is retried with back-off, and a track
whose tags cannot be had is skipped with the reason. ``position`` is the genre's
index times ``per_genre`` plus the track's rank.
"""

import logging
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

import pylast

from .records import Skipped, SourceError, tag_weight

logger = logging.getLogger(__name__)

#: Last.fm error codes worth another try: offline, temporarily unavailable, rate
#: limit exceeded.
RETRY_STATUSES = frozenset({"11", "16", "29"})
RATE_LIMIT_STATUS = "29"
ATTEMPTS = 5
BACKOFF_S = 2.0
RATE_LIMIT_WAIT_S = 30.0


@dataclass(frozen=True, slots=True)
class LastfmTrack:
    """One track of a tag's top tracks, with its own top tags."""

    position: int
    artist: str
    title: str
    tags: tuple[tuple[str, float], ...]


def _call(
    function: Callable[[], Any], *, what: str, sleep: Callable[[float], None]
) -> Any:
    for attempt in range(1, ATTEMPTS + 1):
        try:
            return function()
        except pylast.WSError as error:
            if str(error.status) not in RETRY_STATUSES or attempt == ATTEMPTS:
                raise
            wait = (
                RATE_LIMIT_WAIT_S
                if str(error.status) == RATE_LIMIT_STATUS
                else BACKOFF_S * 2 ** (attempt - 1)
            )
        except (pylast.NetworkError, pylast.MalformedResponseError):
            if attempt == ATTEMPTS:
                raise
            wait = BACKOFF_S * 2 ** (attempt - 1)
        logger.warning(
            "last.fm %s failed (attempt %d); retry in %g s", what, attempt, wait
        )
        sleep(wait)
    raise AssertionError("unreachable")


def read_lastfm_api(
    network: pylast.LastFMNetwork,
    *,
    tags: Sequence[str],
    per_genre: int,
    start: int = 0,
    sleep: Callable[[float], None] = time.sleep,
) -> Iterator[LastfmTrack | Skipped]:
    """Yield the top ``per_genre`` tracks of each of ``tags`` with their tags."""
    for index, tag in enumerate(tags):
        first = index * per_genre
        if first + per_genre <= start:
            continue
        try:
            top = _call(
                lambda tag=tag: network.get_tag(tag).get_top_tracks(limit=per_genre),
                what=f"tag.getTopTracks({tag})",
                sleep=sleep,
            )
        except pylast.PyLastError as error:
            raise SourceError(f"last.fm top tracks of {tag!r}: {error}") from error
        for rank, item in enumerate(top[:per_genre]):
            position = first + rank
            if position < start:
                continue
            track = item.item
            artist, title = track.artist.name, track.title
            where = f"{artist} - {title}"
            try:
                top_tags = _call(
                    track.get_top_tags, what=f"track.getTopTags({where})", sleep=sleep
                )
            except pylast.PyLastError as error:
                yield Skipped(position, where, "no tags from last.fm", str(error))
                continue
            pairs = tuple(
                (t.item.get_name(), w)
                for t in top_tags
                if (w := tag_weight(t.weight)) is not None and t.item.get_name()
            )
            yield LastfmTrack(position, artist, title, pairs)
