"""Classify a provider's track or an uploaded file, and remember the result.

The ``Classification`` table is the result cache: a remote track is looked up by
(provider, track id, model version) before anything is fetched; a local file or an
upload by its content (sha256 of the bytes), so a file replaced under the same path
is classified afresh.
"""

import hashlib
import logging
import time
from collections.abc import Callable
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from audiofiler.exceptions import ServiceError, human_size
from classifier.models import Classification, FeaturePictures, ModelVersion
from classifier.pipeline import ClipResult, classify_bytes
from classifier.providers.local import NAME as LOCAL
from classifier.selectors import classification_cached_get
from classifier.services.models import active_predictor_get
from classifier.services.providers import provider_get

logger = logging.getLogger(__name__)

UPLOAD = "upload"
#: Longest upload file name kept (the rest is cut; it is only shown back).
MAX_NAME_LENGTH = 255


def upload_too_large_error(size: int) -> ServiceError:
    """413 for an upload of ``size`` bytes, past the configured cap."""
    return ServiceError(
        f"The file is {human_size(size)}; the most we accept is "
        f"{human_size(settings.AUDIOFILER_MAX_UPLOAD_BYTES)}. Upload a shorter clip: "
        "30 seconds of the song is plenty.",
        code="too_large",
        status_code=413,
    )


def track_key(provider: str, track_id: str) -> str:
    """The fixed-width key results are looked up by."""
    return hashlib.sha256(f"{provider}\0{track_id}".encode()).hexdigest()


def track_classify(
    *,
    provider: str,
    track_id: str,
    on_stage: Callable[[str], None] | None = None,
) -> Classification:
    """Fetch the track's preview from ``provider`` and classify it (cached).

    ``on_stage`` is called with each stage's name as it starts ("fetching", then
    ``classify_bytes``'s); not at all for a cached answer.
    """
    source = provider_get(provider)
    key = track_key(provider, track_id)
    if provider != LOCAL:
        since = timezone.now() - timedelta(seconds=settings.AUDIOFILER_RESULT_CACHE_S)
        found = classification_cached_get(track_key=key, since=since)
    else:
        # The file's digest is remembered until its size or mtime changes: a cached
        # answer costs a stat and one query, not a read of the whole file.
        _, digest = source.resolve_with_digest(track_id)
        found = classification_cached_get(track_key=key, content_sha256=digest)
    if found is not None:
        return _mark_cached(found)
    model_version, predictor = active_predictor_get()
    started = time.perf_counter()
    if on_stage:
        on_stage("fetching")
    ref = source.resolve(track_id)
    data = source.fetch_preview(ref)
    fetch_ms = (time.perf_counter() - started) * 1000.0
    # What is stored is the digest of the bytes classified (the file may have
    # changed since it was looked up).
    digest = hashlib.sha256(data).hexdigest() if provider == LOCAL else ""
    result = classify_bytes(
        data,
        predictor,
        max_seconds=settings.AUDIOFILER_MAX_AUDIO_SECONDS,
        fetch_ms=fetch_ms,
        on_stage=on_stage,
        pictures=True,
    )
    track = ref.to_dict()
    track.pop("preview_url", None)  # signed links expire; the id is what lasts
    return _store(
        result,
        model_version=model_version,
        source=Classification.Source.PROVIDER,
        provider=provider,
        track_id=track_id,
        track_key=key,
        content_sha256=digest,
        track=track,
    )


def upload_classify(
    *, name: str, data: bytes, on_stage: Callable[[str], None] | None = None
) -> Classification:
    """Classify an uploaded file's bytes (the same bytes are classified once).

    A second upload of the same bytes gets the stored result, under its own file
    name: a new row when the name differs, so nobody sees another uploader's name.
    """
    if not data:
        raise ServiceError(
            "The file is empty. Choose a file with music in it.",
            code="empty_file",
            status_code=400,
        )
    if len(data) > settings.AUDIOFILER_MAX_UPLOAD_BYTES:
        raise upload_too_large_error(len(data))
    name = (name or "upload")[:MAX_NAME_LENGTH]
    digest = hashlib.sha256(data).hexdigest()
    key = track_key(UPLOAD, digest)
    track = {"provider": UPLOAD, "id": digest, "title": name, "artist": ""}
    found = classification_cached_get(track_key=key, content_sha256=digest)
    if found is not None:
        if found.track.get("title") != name:
            found = _copy(found, track=track)
        return _mark_cached(found)
    model_version, predictor = active_predictor_get()
    result = classify_bytes(
        data,
        predictor,
        max_seconds=settings.AUDIOFILER_MAX_AUDIO_SECONDS,
        on_stage=on_stage,
        pictures=True,
    )
    return _store(
        result,
        model_version=model_version,
        source=Classification.Source.UPLOAD,
        provider=UPLOAD,
        track_id=digest,
        track_key=key,
        content_sha256=digest,
        track=track,
    )


def _mark_cached(classification: Classification) -> Classification:
    classification.cached = True
    return classification


@transaction.atomic
def _copy(found: Classification, *, track: dict) -> Classification:
    """A new row with ``found``'s result (and pictures) under another track
    description."""
    copy = Classification.objects.create(
        source=found.source,
        provider=found.provider,
        track_id=found.track_id,
        track_key=found.track_key,
        content_sha256=found.content_sha256,
        track=track,
        model_version=found.model_version,
        genres=found.genres,
        timeline=found.timeline,
        timings_ms=found.timings_ms,
        duration_s=found.duration_s,
        vector=found.vector,
    )
    pictures = FeaturePictures.objects.filter(classification=found).first()
    if pictures is not None:
        FeaturePictures.objects.create(
            classification=copy, data=pictures.data, compute_ms=pictures.compute_ms
        )
    return copy


@transaction.atomic
def _store(
    result: ClipResult, *, model_version: ModelVersion, **fields
) -> Classification:
    classification = Classification.objects.create(
        model_version=model_version,
        genres=result.genres,
        timeline=result.timeline,
        timings_ms=result.timings_ms,
        duration_s=result.duration_s,
        vector=None
        if result.vector is None
        else Classification.pack_vector(result.vector),
        **fields,
    )
    if result.pictures is not None:
        FeaturePictures.objects.create(
            classification=classification,
            data=result.pictures,
            compute_ms=result.pictures_ms or 0.0,
        )
    logger.info(
        "classified %s:%s as %s (%.0f ms)",
        fields["provider"],
        fields["track_id"],
        result.top,
        sum(result.timings_ms.values()),
    )
    return classification
