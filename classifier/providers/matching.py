"""Normalise titles and artists and score how well two tracks match.

The score decides whether a Deezer/iTunes search hit is the song a Spotify track names;
below ``MATCH_THRESHOLD`` we refuse (``NoPreview``) rather than classify another song.
"""

import re
import unicodedata
from collections.abc import Iterable
from difflib import SequenceMatcher

from .base import TrackRef

#: Below this a search hit is not taken for the wanted track.
MATCH_THRESHOLD = 0.8
TITLE_WEIGHT = 0.6
ARTIST_WEIGHT = 0.4
#: Full-track lengths further apart than this cost ``DURATION_PENALTY`` (x0.85).
DURATION_TOLERANCE_S = 10.0
DURATION_PENALTY = 0.85

_VERSION_WORDS = (
    r"remaster(?:ed)?(?:\s+\d{4})?|\d{4}\s+remaster(?:ed)?(?:\s+version)?|"
    r"live(?:\s+(?:at|in|from)\b.*)?|radio\s+edit|single\s+(?:version|edit)|"
    r"album\s+version|edit|mono|stereo|explicit|clean|bonus\s+track|"
    r"(?:\d{4}\s+)?(?:digital\s+)?remaster(?:ed)?\s+version|deluxe(?:\s+edition)?|"
    r"original\s+mix|extended(?:\s+mix|\s+version)?"
)
# "(Remastered 2011)", "[Live]", " - Radio Edit", " - 2011 Remaster", at the end only.
_VERSION_SUFFIX = re.compile(
    rf"\s*(?:[(\[]\s*(?:{_VERSION_WORDS})\s*[)\]]|\s-\s+(?:{_VERSION_WORDS}))\s*$",
    re.IGNORECASE,
)
# "(feat. X)", "[ft. X]", " feat. X", " featuring X" up to a bracket or the end.
_FEATURING = re.compile(
    r"\s*(?:[(\[]\s*(?:feat\.?|ft\.?|featuring|with)\s[^)\]]*[)\]]"
    r"|\s(?:feat\.?|ft\.?|featuring)\s.*$)",
    re.IGNORECASE,
)
_ARTIST_SEPARATORS = re.compile(r"\s*(?:,|&|\band\b|\bx\b|/|;|\+)\s*", re.IGNORECASE)
_NON_WORD = re.compile(r"[^\w]+")


def fold(text: str) -> str:
    """Lower-case, strip accents, turn punctuation into single spaces.

    ``"Beyoncé — Halo!"`` → ``"beyonce halo"``.
    """
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    stripped = stripped.replace("'", "").replace("’", "")
    return " ".join(_NON_WORD.sub(" ", stripped).replace("_", " ").split())


def strip_version(title: str) -> str:
    """Drop featuring credits and version suffixes (Remastered, Live, Radio Edit)."""
    previous = None
    while previous != title:
        previous = title
        title = _FEATURING.sub("", title)
        title = _VERSION_SUFFIX.sub("", title)
    return title.strip()


def normalise_title(title: str) -> str:
    """``"Get Lucky (feat. Pharrell) - Radio Edit"`` → ``"get lucky"``."""
    return fold(strip_version(title))


def normalise_artist(artist: str) -> str:
    """Fold an artist credit, dropping "feat." guests and a leading "The"."""
    artist = _FEATURING.sub("", artist)
    folded = fold(artist)
    return folded[4:] if folded.startswith("the ") else folded


def artist_names(artist: str) -> list[str]:
    """Split a credit into folded names: ``"Daft Punk & Pharrell"`` → 2 names."""
    artist = _FEATURING.sub("", artist)
    names = [normalise_artist(part) for part in _ARTIST_SEPARATORS.split(artist)]
    return [name for name in names if name]


def similarity(a: str, b: str) -> float:
    """Similarity in [0, 1] of two already-normalised strings (word order ignored)."""
    if not a or not b:
        return 0.0
    if a == b:
        return 1.0
    a_sorted = " ".join(sorted(a.split()))
    b_sorted = " ".join(sorted(b.split()))
    return max(
        SequenceMatcher(None, a, b).ratio(),
        SequenceMatcher(None, a_sorted, b_sorted).ratio(),
    )


def artist_similarity(wanted: str, found: str) -> float:
    """Best similarity between the two credits, or between any two of their names."""
    whole = similarity(normalise_artist(wanted), normalise_artist(found))
    pairs = [
        similarity(a, b) for a in artist_names(wanted) for b in artist_names(found)
    ]
    return max([whole, *pairs])


def match_score(
    wanted_title: str,
    wanted_artist: str,
    found_title: str,
    found_artist: str,
    *,
    wanted_duration_s: float | None = None,
    found_duration_s: float | None = None,
) -> float:
    """Score in [0, 1] of how likely ``found`` is the ``wanted`` track.

    ``TITLE_WEIGHT`` x title similarity + ``ARTIST_WEIGHT`` x artist similarity, after
    normalisation; times ``DURATION_PENALTY`` when both lengths are known and differ by
    more than ``DURATION_TOLERANCE_S``.
    """
    title = similarity(normalise_title(wanted_title), normalise_title(found_title))
    artist = artist_similarity(wanted_artist, found_artist)
    score = TITLE_WEIGHT * title + ARTIST_WEIGHT * artist
    if (
        wanted_duration_s is not None
        and found_duration_s is not None
        and abs(wanted_duration_s - found_duration_s) > DURATION_TOLERANCE_S
    ):
        score *= DURATION_PENALTY
    return round(score, 4)


def best_hit(
    wanted: TrackRef, hits: Iterable[TrackRef], *, with_preview: bool = False
) -> tuple[TrackRef | None, float]:
    """The hit that scores highest against ``wanted`` (the first one on a tie).

    ``with_preview`` skips hits without a preview URL. Returns ``(None, 0.0)`` when
    nothing is left to score.
    """
    best, best_score = None, 0.0
    for hit in hits:
        if with_preview and not hit.preview_url:
            continue
        score = match_score(
            wanted.title,
            wanted.artist,
            hit.title,
            hit.artist,
            wanted_duration_s=wanted.duration_s,
            found_duration_s=hit.duration_s,
        )
        if best is None or score > best_score:
            best, best_score = hit, score
    return best, best_score
