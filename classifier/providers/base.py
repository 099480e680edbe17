"""The value every provider returns (``TrackRef``) and the interface they share."""

from dataclasses import asdict, dataclass
from typing import Any, Protocol, runtime_checkable


@dataclass(frozen=True, slots=True)
class TrackRef:
    """One track as a provider knows it.

    Attributes
    ----------
    provider : str
        ``"spotify"``, ``"deezer"``, ``"itunes"`` or ``"local"``.
    id : str
        The provider's own id (for ``local``: the POSIX path relative to the root).
    title, artist : str
    album, artwork_url, isrc, preview_url : str or None
    duration_s : float or None
        Length of the full track in seconds (not of the preview).
    """

    provider: str
    id: str
    title: str
    artist: str
    album: str | None = None
    artwork_url: str | None = None
    duration_s: float | None = None
    isrc: str | None = None
    preview_url: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """Return the fields as a JSON-ready ``dict``."""
        return asdict(self)


@runtime_checkable
class Provider(Protocol):
    """What the Django layer codes against."""

    name: str
    allowed_hosts: frozenset[str]

    def search(self, query: str, *, limit: int = 10) -> list[TrackRef]:
        """Return up to ``limit`` tracks matching ``query``, best first."""
        ...

    def resolve(self, track_id: str) -> TrackRef:
        """Return the track with a fresh preview URL; raise ``TrackNotFound``."""
        ...

    def fetch_preview(self, ref: TrackRef) -> bytes:
        """Return the preview's bytes; raise ``NoPreview`` or a download error."""
        ...
