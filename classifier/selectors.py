"""Reads of the classifier app."""

from datetime import datetime
from functools import lru_cache

from django.db import connection
from django.db.models import QuerySet

from .models import Classification, ModelVersion


def model_active_get() -> ModelVersion | None:
    return ModelVersion.objects.filter(active=True).first()


def model_list() -> QuerySet[ModelVersion]:
    return ModelVersion.objects.order_by("-created_at")


def classification_cached_get(
    *,
    track_key: str,
    content_sha256: str | None = None,
    since: datetime | None = None,
) -> Classification | None:
    """The newest classification of this track by the active model, if any.

    ``content_sha256`` also requires the same audio bytes; ``since`` a result made
    after that time. A result stored without its feature vector (before they were
    kept) is not reused: classified afresh, the clip can then teach the model.

    One query, written in SQL: it runs for every cached answer, and composing it
    with the ORM cost more CPU than the whole rest of such a request's lookup.
    The model version comes from :func:`_model_version_get` (its row never
    changes once registered, except for ``active``, which the query checks).
    """
    classifications = Classification._meta.db_table
    model_versions = ModelVersion._meta.db_table
    sql = (
        f"SELECT c.*, m.version AS model_version_name, "
        f"m.created_at AS model_version_created_at "
        f"FROM {classifications} c JOIN {model_versions} m "
        "ON m.id = c.model_version_id "
        "WHERE c.track_key = %s AND m.active AND c.vector IS NOT NULL"
    )
    params: list = [track_key]
    if content_sha256 is not None:
        sql += " AND c.content_sha256 = %s"
        params.append(content_sha256)
    if since is not None:
        sql += " AND c.created_at >= %s"
        params.append(connection.ops.adapt_datetimefield_value(since))
    sql += " ORDER BY c.created_at DESC LIMIT 1"
    found = next(iter(Classification.objects.raw(sql, params)), None)
    if found is not None:
        found.model_version = _model_version_get(
            found.model_version_id,
            found.model_version_name,
            str(found.model_version_created_at),
        )
    return found


@lru_cache(maxsize=16)
def _model_version_get(pk: int, version: str, created_at: str) -> ModelVersion:
    """A model version's row, loaded once per process. Keyed by its name and
    creation time too, so a row id reused (a test database rolled back) is never
    mistaken for another model."""
    return ModelVersion.objects.get(pk=pk, version=version)
