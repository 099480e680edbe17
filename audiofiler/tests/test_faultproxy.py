"""The fault proxy fails like a server would: cut and refused, or hung; then forwards
again. (The fault tests of the production stack rely on it.)"""

import contextlib
import os
import socket
import threading

import pytest

from audiofiler.testing.faultproxy import (
    FaultProxy,
    HangingHTTPServer,
    pid_connected_to,
)


@pytest.fixture
def echo():
    """A TCP server that sends back what it gets."""
    listener = socket.create_server(("127.0.0.1", 0))

    def serve():
        while True:
            try:
                conn, _ = listener.accept()
            except OSError:
                return
            threading.Thread(target=_echo, args=(conn,), daemon=True).start()

    threading.Thread(target=serve, daemon=True).start()
    yield listener.getsockname()[1]
    listener.close()


def _echo(conn):
    with conn, contextlib.suppress(ConnectionResetError):  # the proxy cut it
        while data := conn.recv(1024):
            conn.sendall(data)


def _roundtrip(port, payload=b"ping"):
    with socket.create_connection(("127.0.0.1", port), timeout=5) as conn:
        conn.sendall(payload)
        return conn.recv(1024)


def _cut(conn) -> bool:
    """The peer closed or reset the connection."""
    try:
        return conn.recv(16) == b""
    except ConnectionResetError:
        return True


def test_it_forwards_fails_and_forwards_again(echo):
    with FaultProxy("127.0.0.1", echo) as proxy:
        kept = socket.create_connection(("127.0.0.1", proxy.port), timeout=5)
        kept.sendall(b"a")
        assert kept.recv(16) == b"a"

        proxy.refuse()
        with pytest.raises(ConnectionRefusedError):
            _roundtrip(proxy.port)
        assert _cut(kept)

        proxy.blackhole()
        with socket.create_connection(("127.0.0.1", proxy.port), timeout=5) as hung:
            hung.sendall(b"anyone?")
            hung.settimeout(0.3)
            with pytest.raises(TimeoutError):
                hung.recv(16)

        proxy.restore()
        assert _roundtrip(proxy.port, b"back") == b"back"
    kept.close()


def test_a_hanging_server_never_answers_and_knows_who_asked():
    with (
        HangingHTTPServer() as server,
        socket.create_connection(("127.0.0.1", server.port), timeout=5) as conn,
    ):
        conn.sendall(b"GET /track/1 HTTP/1.1\r\nHost: x\r\n\r\n")
        conn.settimeout(0.3)
        with pytest.raises(TimeoutError):
            conn.recv(16)
        assert server.peers == [conn.getsockname()]
        me = pid_connected_to([1, os.getpid()], server.port)
        assert me == os.getpid()


def test_a_hung_server_leaves_open_connections_unanswered(echo):
    with FaultProxy("127.0.0.1", echo) as proxy:
        kept = socket.create_connection(("127.0.0.1", proxy.port), timeout=5)
        kept.sendall(b"a")
        assert kept.recv(16) == b"a"

        proxy.blackhole(cut=False)
        kept.sendall(b"still there?")
        kept.settimeout(0.3)
        with pytest.raises(TimeoutError):
            kept.recv(16)

        proxy.restore()
        kept.settimeout(5)
        assert _cut(kept)  # its stream lost bytes: cut
        assert _roundtrip(proxy.port, b"back") == b"back"
    kept.close()
