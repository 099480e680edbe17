"""Reads of the classifier app."""

from datetime import datetime
from functools import lru_cache
from weakref import WeakKeyDictionary

from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import QuerySet
from django.db.models.expressions import Col

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

    One query, written in SQL and read with a plain cursor: it runs for every
    cached answer, and composing it with the ORM (or ``raw()``, which works out
    its columns anew on each call) cost more CPU than the rest of the lookup. The
    values pass through the same converters the ORM applies (JSON, UUID, dates on
    SQLite). The model version comes from :func:`_model_version_get` (its row never
    changes once registered, except for ``active``, which the query checks).
    """
    connection = connections[DEFAULT_DB_ALIAS]
    classifications = Classification._meta.db_table
    model_versions = ModelVersion._meta.db_table
    quote = connection.ops.quote_name
    columns = ", ".join(f"c.{quote(field.column)}" for field in _FIELDS)
    sql = (
        f"SELECT {columns}, m.version, m.created_at "
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
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        row = cursor.fetchone()
    if row is None:
        return None
    values = list(row[: len(_FIELDS)])
    for position, converters, expression in _converters_get(connection):
        value = values[position]
        for converter in converters:
            value = converter(value, expression, connection)
        values[position] = value
    found = Classification.from_db(connection.alias, None, values)
    version, created_at = row[len(_FIELDS) :]
    found.model_version = _model_version_get(
        found.model_version_id, version, str(created_at)
    )
    return found


#: The columns :func:`classification_cached_get` reads, in ``from_db``'s order.
_FIELDS = tuple(Classification._meta.concrete_fields)
_CONVERTERS: WeakKeyDictionary = WeakKeyDictionary()


def _converters_get(connection) -> list[tuple[int, list, Col]]:
    """What the ORM would apply to each column of a ``Classification`` row on this
    connection (the backend's converters, then the field's), worked out once per
    connection (each thread has its own)."""
    known = _CONVERTERS.get(connection)
    if known is None:
        known = []
        for position, field in enumerate(_FIELDS):
            expression = field.get_col(Classification._meta.db_table)
            converters = connection.ops.get_db_converters(
                expression
            ) + expression.get_db_converters(connection)
            if converters:
                known.append((position, converters, expression))
        _CONVERTERS[connection] = known
    return known


@lru_cache(maxsize=16)
def _model_version_get(pk: int, version: str, created_at: str) -> ModelVersion:
    """A model version's row, loaded once per process. Keyed by its name and
    creation time too, so a row id reused (a test database rolled back) is never
    mistaken for another model."""
    return ModelVersion.objects.get(pk=pk, version=version)
