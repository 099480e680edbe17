"""Classify a provider's track or an uploaded file, and remember the result."""

import hashlib
import logging
import time

from django.conf import settings
from django.core.cache import cache
from django.db import transaction

from audiofiler.exceptions import ServiceError
from classifier.models import Classification, ModelVersion
from classifier.pipeline import ClipResult, classify_bytes
from classifier.selectors import classification_cached_get
from classifier.services.models import active_predictor_get
from classifier.services.providers import provider_get

logger = logging.getLogger(__name__)


def _cache_key(provider: str, track_id: str, model_version: ModelVersion) -> str:
    digest = hashlib.sha256(f"{provider}\0{track_id}".encode()).hexdigest()[:32]
    return f"classification:{model_version.version}:{digest}"


def track_classify(*, provider: str, track_id: str) -> Classification:
    """Fetch the track's preview from ``provider`` and classify it (cached)."""
    model_version, predictor = active_predictor_get()
    cached = _cached(provider, track_id, model_version)
    if cached is not None:
        return cached
    source = provider_get(provider)
    started = time.perf_counter()
    ref = source.resolve(track_id)
    data = source.fetch_preview(ref)
    fetch_ms = (time.perf_counter() - started) * 1000.0
    result = classify_bytes(
        data,
        predictor,
        max_seconds=settings.AUDIOFILER_MAX_AUDIO_SECONDS,
        fetch_ms=fetch_ms,
    )
    track = ref.to_dict()
    track.pop("preview_url", None)  # signed links expire; the id is what lasts
    return _store(
        result,
        model_version=model_version,
        source=Classification.Source.PROVIDER,
        provider=provider,
        track_id=track_id,
        track=track,
    )


def upload_classify(*, name: str, data: bytes) -> Classification:
    """Classify an uploaded file's bytes (the same bytes are classified once)."""
    if not data:
        raise ServiceError(
            "The uploaded file is empty.", code="empty_file", status_code=400
        )
    if len(data) > settings.AUDIOFILER_MAX_UPLOAD_BYTES:
        raise ServiceError(
            f"The file is {len(data)} bytes; the limit is "
            f"{settings.AUDIOFILER_MAX_UPLOAD_BYTES}.",
            code="too_large",
            status_code=413,
        )
    model_version, predictor = active_predictor_get()
    track_id = hashlib.sha256(data).hexdigest()
    cached = _cached("upload", track_id, model_version)
    if cached is not None:
        return cached
    result = classify_bytes(
        data, predictor, max_seconds=settings.AUDIOFILER_MAX_AUDIO_SECONDS
    )
    return _store(
        result,
        model_version=model_version,
        source=Classification.Source.UPLOAD,
        provider="upload",
        track_id=track_id,
        track={"provider": "upload", "id": track_id, "title": name, "artist": ""},
    )


def _cached(
    provider: str, track_id: str, model_version: ModelVersion
) -> Classification | None:
    key = _cache_key(provider, track_id, model_version)
    pk = cache.get(key)
    if pk is not None:
        hit = Classification.objects.filter(pk=pk).select_related("model_version")
        if found := hit.first():
            return found
    found = classification_cached_get(
        provider=provider, track_id=track_id, model_version=model_version
    )
    if found is not None:
        cache.set(key, str(found.pk), settings.AUDIOFILER_RESULT_CACHE_S)
    return found


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
        **fields,
    )
    cache.set(
        _cache_key(classification.provider, classification.track_id, model_version),
        str(classification.pk),
        settings.AUDIOFILER_RESULT_CACHE_S,
    )
    logger.info(
        "classified %s:%s as %s (%.0f ms)",
        fields["provider"],
        fields["track_id"],
        result.top,
        sum(result.timings_ms.values()),
    )
    return classification
