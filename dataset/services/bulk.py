"""Bulk writes: COPY on PostgreSQL, batched ``bulk_create`` elsewhere.

Every write is idempotent: rows whose unique key exists are left alone (``ON
CONFLICT DO NOTHING``), MSD tracks are upserted by ``msd_id`` and only touched when a
field gains a value it lacked, so running an import twice changes nothing. Call these
inside a transaction (the caller's chunk).
"""

import itertools
from collections.abc import Iterable, Sequence

from django.db import connection, models, transaction
from django.utils import timezone

from dataset.models import Track

BATCH_SIZE = 1000
#: SQLite's default limit of bound variables per statement is 999 on old builds.
SQLITE_IN_BATCH = 900
#: Track columns an MSD upsert writes; text fields fill only when empty.
TRACK_TEXT_FIELDS = ("artist", "title", "album")
TRACK_NUMBER_FIELDS = ("year", "duration_s")
_stage_names = itertools.count()


def is_postgres() -> bool:
    return connection.vendor == "postgresql"


def _columns(model: type[models.Model], fields: Sequence[str]) -> list[str]:
    return [model._meta.get_field(name).column for name in fields]


def _with_defaults(model, fields, rows):
    """Add the columns ``fields`` leave out: Django fills defaults and
    ``auto_now_add`` in Python, the database has no defaults of its own."""
    extra, values = [], []
    for field in model._meta.concrete_fields:
        if field.primary_key or field.name in fields:
            continue
        if getattr(field, "auto_now_add", False) or getattr(field, "auto_now", False):
            extra.append(field.name)
            values.append(timezone.now())
        elif field.has_default():
            extra.append(field.name)
            values.append(field.get_default())
    if not extra:
        return list(fields), rows
    tail = tuple(values)
    return [*fields, *extra], ((*row, *tail) for row in rows)


def _stage(cursor, model, fields: Sequence[str], rows: Iterable[tuple]) -> str:
    """Load ``rows`` into a temporary table shaped like ``model``'s ``fields``."""
    table = model._meta.db_table
    columns = ", ".join(_columns(model, fields))
    stage = f"stage_{table}_{next(_stage_names)}"
    if is_postgres():
        cursor.execute(
            f"CREATE TEMP TABLE {stage} ON COMMIT DROP AS "
            f"SELECT {columns} FROM {table} WITH NO DATA"
        )
        # The raw psycopg cursor: Django's wrapper turns its errors into Django's.
        sql = f"COPY {stage} ({columns}) FROM STDIN"
        with connection.wrap_database_errors, cursor.cursor.copy(sql) as copy:
            for row in rows:
                copy.write_row(row)
    else:
        cursor.execute(
            f"CREATE TEMP TABLE {stage} AS SELECT {columns} FROM {table} LIMIT 0"
        )
        marks = ", ".join(["%s"] * len(fields))
        rows = iter(rows)
        while batch := list(itertools.islice(rows, BATCH_SIZE)):
            cursor.executemany(f"INSERT INTO {stage} VALUES ({marks})", batch)
    return stage


@transaction.atomic  # the temporary table lives until the commit
def insert_ignore(
    model: type[models.Model], fields: Sequence[str], rows: Iterable[tuple]
) -> int:
    """Insert ``rows`` (tuples in ``fields`` order), skipping existing unique keys.

    Returns the number of rows inserted on PostgreSQL (COPY into a temporary table,
    then one ``INSERT ... SELECT ... ON CONFLICT DO NOTHING``), -1 elsewhere (batched
    ``bulk_create(ignore_conflicts=True)``, which cannot tell).
    """
    fields, rows = _with_defaults(model, fields, rows)
    if not is_postgres():
        objects = (model(**dict(zip(fields, row, strict=True))) for row in rows)
        while batch := list(itertools.islice(objects, BATCH_SIZE)):
            model.objects.bulk_create(batch, ignore_conflicts=True)
        return -1
    table = model._meta.db_table
    columns = ", ".join(_columns(model, fields))
    with connection.cursor() as cursor:
        stage = _stage(cursor, model, fields, rows)
        cursor.execute(
            f"INSERT INTO {table} ({columns}) SELECT {columns} FROM {stage} "
            "ON CONFLICT DO NOTHING"
        )
        inserted = cursor.rowcount
        cursor.execute(f"DROP TABLE {stage}")
    return inserted


@transaction.atomic
def msd_tracks_upsert(rows: Sequence[dict]) -> tuple[dict[str, int], set[str]]:
    """Create or complete MSD tracks.

    Each row has ``msd_id`` and any of ``artist``, ``title``, ``album``, ``year``,
    ``duration_s``. An existing track keeps its values; empty ones are filled in.

    Returns
    -------
    ids : dict
        ``{msd_id: pk}`` for every row.
    created : set of str
        The msd_ids this call created (PostgreSQL; empty elsewhere): nothing can
        refer to them yet, so their tags may be copied in without conflict checks.
    """
    by_id = {row["msd_id"]: row for row in rows}  # one row per track per statement
    fields = ["source", "msd_id", *TRACK_TEXT_FIELDS, *TRACK_NUMBER_FIELDS]
    values = (
        (
            Track.Source.MSD,
            msd_id,
            *(row.get(name) or "" for name in TRACK_TEXT_FIELDS),
            *(row.get(name) for name in TRACK_NUMBER_FIELDS),
        )
        for msd_id, row in by_id.items()
    )
    fields, values = _with_defaults(Track, fields, values)
    table = Track._meta.db_table
    columns = ", ".join(_columns(Track, fields))
    fill = [
        f"{name} = CASE WHEN {table}.{name} = '' THEN excluded.{name} "
        f"ELSE {table}.{name} END"
        for name in TRACK_TEXT_FIELDS
    ] + [
        f"{name} = COALESCE({table}.{name}, excluded.{name})"
        for name in TRACK_NUMBER_FIELDS
    ]
    changes = [
        f"({table}.{name} = '' AND excluded.{name} <> '')" for name in TRACK_TEXT_FIELDS
    ] + [
        f"({table}.{name} IS NULL AND excluded.{name} IS NOT NULL)"
        for name in TRACK_NUMBER_FIELDS
    ]
    # On PostgreSQL a row's xmax is 0 when this statement inserted it.
    returning = " RETURNING msd_id, id, xmax = 0" if is_postgres() else ""
    with connection.cursor() as cursor:
        stage = _stage(cursor, Track, fields, values)
        # "WHERE true" keeps SQLite from reading ON CONFLICT as a join clause; the
        # conflict target repeats the partial unique index's predicate.
        cursor.execute(
            f"INSERT INTO {table} ({columns}) SELECT {columns} FROM {stage} WHERE true "
            f"ON CONFLICT (msd_id) WHERE NOT (msd_id = '') DO UPDATE SET "
            f"{', '.join(fill)} WHERE {' OR '.join(changes)}{returning}"
        )
        written = cursor.fetchall() if returning else []
        cursor.execute(f"DROP TABLE {stage}")
    ids = {msd_id: pk for msd_id, pk, _ in written}
    created = {msd_id for msd_id, _, new in written if new}
    if len(ids) < len(by_id):  # unchanged rows are not returned
        ids.update(msd_track_ids([m for m in by_id if m not in ids]))
    return ids, created


@transaction.atomic
def copy_new(
    model: type[models.Model], fields: Sequence[str], rows: Iterable[tuple]
) -> int:
    """COPY rows straight into ``model``'s table (PostgreSQL).

    Only for rows that cannot exist yet, such as the tags of tracks this
    transaction created; elsewhere (and as a fallback) :func:`insert_ignore`.
    """
    if not is_postgres():
        return insert_ignore(model, fields, rows)
    fields, rows = _with_defaults(model, fields, rows)
    columns = ", ".join(_columns(model, fields))
    count = 0
    with connection.cursor() as cursor:
        sql = f"COPY {model._meta.db_table} ({columns}) FROM STDIN"
        with connection.wrap_database_errors, cursor.cursor.copy(sql) as copy:
            for row in rows:
                copy.write_row(row)
                count += 1
    return count


def msd_track_ids(msd_ids: Sequence[str]) -> dict[str, int]:
    """``{msd_id: pk}`` of the tracks that exist among ``msd_ids``."""
    found: dict[str, int] = {}
    step = len(msd_ids) if is_postgres() else SQLITE_IN_BATCH
    for start in range(0, len(msd_ids), max(step, 1)):
        batch = msd_ids[start : start + step]
        found.update(Track.objects.filter(msd_id__in=batch).values_list("msd_id", "pk"))
    return found
