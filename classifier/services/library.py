"""Classify every song of the local library, so that similar tracks and the
cluster map can find (and play) them. ``setup_demo`` runs it on the demo songs."""

import logging
from collections.abc import Callable
from pathlib import Path

from audiofiler.exceptions import ServiceError
from classifier.audio.errors import AudioError
from classifier.audio.names import AUDIO_SUFFIXES
from classifier.providers.errors import ProviderError
from classifier.providers.local import NAME as LOCAL
from classifier.services.classify import track_classify
from classifier.services.providers import library_root

logger = logging.getLogger(__name__)


def library_track_ids(root: Path) -> list[str]:
    """The local provider's ids (paths relative to ``root``) of its audio files."""
    return sorted(
        path.relative_to(root).as_posix()
        for path in root.rglob("*")
        if path.suffix.lower() in AUDIO_SUFFIXES
        and not any(part.startswith(".") for part in path.relative_to(root).parts)
        and path.is_file()
    )


def library_classify(*, progress: Callable[[str], None] | None = None) -> dict:
    """Classify each library song (stored results are reused); count the outcomes."""
    counts = {"classified": 0, "cached": 0, "failed": 0}
    for track_id in library_track_ids(library_root().resolve()):
        try:
            result = track_classify(provider=LOCAL, track_id=track_id)
        except (ServiceError, AudioError, ProviderError) as error:
            logger.warning("could not classify %s: %s", track_id, error)
            counts["failed"] += 1
        else:
            counts["cached" if getattr(result, "cached", False) else "classified"] += 1
        if progress:
            progress(track_id)
    return counts
