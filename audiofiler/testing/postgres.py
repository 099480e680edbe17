"""A PostgreSQL database of its own for the production stack (tests and benches)."""

from __future__ import annotations

import itertools
import os
from urllib.parse import urlsplit, urlunsplit

#: Where PostgreSQL is when ``DATABASE_URL`` does not name one.
DEFAULT_POSTGRES_URL = "postgres://postgres@127.0.0.1:5432/postgres"
_names = itertools.count()


class StackUnavailable(RuntimeError):
    """What the stack needs is missing here (PostgreSQL, the built page)."""


def postgres_server_url() -> str:
    """A PostgreSQL server to create the stack's database on: ``DATABASE_URL`` when
    it is PostgreSQL, else ``AUDIOFILER_TEST_POSTGRES_URL``, else the local one.

    Raises
    ------
    StackUnavailable
        Nothing answers there.
    """
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        url = os.environ.get("AUDIOFILER_TEST_POSTGRES_URL", DEFAULT_POSTGRES_URL)
    try:
        with _admin_connection(url):
            pass
    except Exception as error:  # psycopg's OperationalError, a bad URL
        raise StackUnavailable(f"no PostgreSQL at {_safe(url)}: {error}") from error
    return url


def _admin_connection(url: str):
    import psycopg

    parts = urlsplit(url)
    admin = urlunsplit((parts.scheme, parts.netloc, "/postgres", "", ""))
    return psycopg.connect(
        admin.replace("postgres://", "postgresql://", 1),
        autocommit=True,
        connect_timeout=5,
    )


def create_database(server_url: str) -> str:
    """A new, empty database on ``server_url``'s server; its URL."""
    parts = urlsplit(server_url)
    base = (parts.path.strip("/") or "audiofiler").replace("-", "_")
    name = f"test_{base}_stack_{os.getpid()}_{next(_names)}"[:63]
    with _admin_connection(server_url) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')
    return urlunsplit((parts.scheme, parts.netloc, f"/{name}", "", ""))


def drop_database(database_url: str) -> None:
    name = urlsplit(database_url).path.strip("/")
    with _admin_connection(database_url) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _safe(url: str) -> str:
    """``url`` without its password, for messages."""
    parts = urlsplit(url)
    netloc = parts.hostname or ""
    if parts.username:
        netloc = f"{parts.username}@{netloc}"
    if parts.port:
        netloc += f":{parts.port}"
    return urlunsplit((parts.scheme, netloc, parts.path, "", ""))
