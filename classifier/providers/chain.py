"""Find a preview for a track that has none (Spotify since Nov 2024) on other providers.

Order: the track's own preview → Deezer by ISRC → Deezer, then iTunes, by artist +
title, taking the best hit only when its ``match_score`` reaches the threshold. Below
it we raise ``NoPreview``: classifying another song would be worse than no answer.
"""

import logging
from dataclasses import dataclass
from typing import Protocol

from .base import TrackRef
from .errors import BudgetExhausted, NoPreview, ProviderError, TrackNotFound
from .matching import MATCH_THRESHOLD, best_hit

logger = logging.getLogger(__name__)


class SearchesTracks(Protocol):
    """A provider that can search by artist and title (Deezer, iTunes)."""

    name: str

    def search_track(
        self, *, artist: str, title: str, limit: int = 10
    ) -> list[TrackRef]: ...


class LooksUpIsrc(SearchesTracks, Protocol):
    """A provider that can also look a track up by ISRC (Deezer)."""

    def by_isrc(self, isrc: str) -> TrackRef: ...


@dataclass(frozen=True, slots=True)
class PreviewMatch:
    """Where a track's preview was found.

    Attributes
    ----------
    ref : TrackRef
        The track whose ``preview_url`` to download (maybe of another provider).
    score : float
        ``match_score`` against the wanted track (1.0 for the track itself or ISRC).
    via : str
        ``"direct"``, ``"isrc"`` or ``"search"``.
    """

    ref: TrackRef
    score: float
    via: str


def primary_artist(artist: str) -> str:
    """First name of a ``", "``-joined credit (as ``SpotifyProvider`` writes them)."""
    return artist.split(", ")[0].strip()


def find_preview(
    ref: TrackRef,
    *,
    deezer: LooksUpIsrc | None = None,
    itunes: SearchesTracks | None = None,
    threshold: float = MATCH_THRESHOLD,
) -> PreviewMatch:
    """Return where to get ``ref``'s preview.

    Raises
    ------
    NoPreview
        No provider had a preview of a track scoring at least ``threshold``.
    ProviderError
        Every provider we asked failed (rate limited, down …) and none answered.
    """
    if ref.preview_url:
        return PreviewMatch(ref, 1.0, "direct")
    failures: list[ProviderError] = []
    failed: set[str] = set()  # providers that errored: not asked again this time
    answered = False
    if deezer is not None and ref.isrc:
        try:
            found = deezer.by_isrc(ref.isrc)
            answered = True
            if found.preview_url:
                logger.info(
                    "preview of %s:%s found on deezer by ISRC", ref.provider, ref.id
                )
                return PreviewMatch(found, 1.0, "isrc")
        except TrackNotFound:
            answered = True
        except BudgetExhausted:
            raise  # no time left for the other steps either
        except ProviderError as exc:
            logger.warning("deezer ISRC lookup failed: %s", exc)
            failures.append(exc)
            failed.add(deezer.name)
    best: PreviewMatch | None = None
    for provider in (deezer, itunes):
        if provider is None or provider.name in failed:
            continue
        try:
            hits = provider.search_track(
                artist=primary_artist(ref.artist), title=ref.title
            )
            answered = True
        except BudgetExhausted:
            raise
        except ProviderError as exc:
            logger.warning("%s search failed: %s", provider.name, exc)
            failures.append(exc)
            continue
        hit, score = best_hit(ref, hits, with_preview=True)
        if hit is not None and (best is None or score > best.score):
            best = PreviewMatch(hit, score, "search")
        if best is not None and best.score >= threshold:
            logger.info(
                "preview of %s:%s matched %s:%s (score %.2f)",
                ref.provider,
                ref.id,
                best.ref.provider,
                best.ref.id,
                best.score,
            )
            return best
    if failures and not answered:
        raise failures[-1]
    if best is None:
        raise NoPreview(
            f"no preview found for {ref.artist} - {ref.title}", provider=ref.provider
        )
    raise NoPreview(
        f"no preview close enough to {ref.artist} - {ref.title}: best was "
        f"{best.ref.artist} - {best.ref.title} on {best.ref.provider} "
        f"(score {best.score:.2f} < {threshold:.2f})",
        provider=ref.provider,
    )
