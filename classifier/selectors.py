"""Reads of the classifier app."""

from datetime import datetime

from django.db.models import QuerySet

from .models import Classification, ModelVersion


def model_active_get() -> ModelVersion | None:
    return ModelVersion.objects.filter(active=True).first()


def model_list() -> QuerySet[ModelVersion]:
    return ModelVersion.objects.order_by("-created_at")


def classification_cached_get(
    *,
    track_key: str,
    model_version: ModelVersion | None = None,
    content_sha256: str | None = None,
    since: datetime | None = None,
) -> Classification | None:
    """The newest classification of this track by this model, if any.

    ``model_version`` None means the active model's, in the same query (a cached
    answer then costs one query). ``content_sha256`` also requires the same audio
    bytes; ``since`` a result made after that time. A result stored without its
    feature vector (before they were kept) is not reused: classified afresh, the
    clip can then teach the model.
    """
    found = Classification.objects.filter(track_key=track_key, vector__isnull=False)
    if model_version is None:
        found = found.filter(model_version__active=True)
    else:
        found = found.filter(model_version=model_version)
    if content_sha256 is not None:
        found = found.filter(content_sha256=content_sha256)
    if since is not None:
        found = found.filter(created_at__gte=since)
    return found.select_related("model_version").order_by("-created_at").first()
