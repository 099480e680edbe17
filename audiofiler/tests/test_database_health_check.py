"""The PostgreSQL backend's health check (``audiofiler.db.postgresql``): a kept
connection the server ended is replaced before a request uses it, and a healthy one
costs no round trip."""

import select

import psycopg
import pytest
from django.db import connection, connections

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="PostgreSQL's backend"
    ),
]


@pytest.fixture
def kept_connection(settings):
    """The test's connection, health-checked as a web worker's is."""
    connection.close()
    connection.settings_dict["CONN_HEALTH_CHECKS"] = True
    connection.ensure_connection()
    yield connection
    connection.settings_dict["CONN_HEALTH_CHECKS"] = False
    connection.close()


def _new_request(conn) -> None:
    """What Django does between two requests (``request_started``/``finished``)."""
    conn.close_if_unusable_or_obsolete()


def _backend_pid(conn) -> int:
    with conn.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        return cursor.fetchone()[0]


def test_a_connection_the_server_ended_is_replaced_before_use(kept_connection):
    old_pid = _backend_pid(kept_connection)
    dsn = kept_connection.connection.info.dsn
    with psycopg.connect(dsn, autocommit=True) as admin:
        admin.execute("SELECT pg_terminate_backend(%s)", [old_pid])
    # The server's goodbye reaches the socket (it is then readable).
    poller = select.poll()
    poller.register(kept_connection.connection.pgconn.socket, select.POLLIN)
    assert poller.poll(5000), "the terminated backend never closed the socket"

    _new_request(kept_connection)
    new_pid = _backend_pid(kept_connection)

    assert new_pid != old_pid


def test_a_healthy_connection_is_used_without_a_round_trip(kept_connection):
    sent = []
    pgconn = kept_connection.connection.pgconn
    pid = _backend_pid(kept_connection)
    _new_request(kept_connection)

    original = kept_connection.is_usable
    kept_connection.is_usable = lambda: sent.append("SELECT 1") or original()
    try:
        assert _backend_pid(kept_connection) == pid
    finally:
        del kept_connection.is_usable

    assert sent == []
    assert kept_connection.health_check_done
    assert kept_connection.connection.pgconn is pgconn


def test_a_connection_inside_a_transaction_gets_the_full_check(kept_connection):
    """Only an idle connection can be judged by its socket: otherwise Django's own
    ``SELECT 1`` decides."""
    checked = []
    original = kept_connection.is_usable
    kept_connection.is_usable = lambda: checked.append(True) or original()
    try:
        kept_connection.connection.execute("BEGIN")
        kept_connection.health_check_done = False
        kept_connection.close_if_health_check_failed()
    finally:
        del kept_connection.is_usable
        kept_connection.connection.execute("ROLLBACK")

    assert checked == [True]


def test_the_settings_choose_this_backend_for_postgresql():
    assert connection.vendor == "postgresql"
    assert type(connections["default"]).__module__ == "audiofiler.db.postgresql.base"
    assert connection.features.supports_json_field
