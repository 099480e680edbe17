"""Shared fixtures: recorded payloads, a transport-level mock, a loopback server."""

import contextlib
import json
import threading
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
import responses

from classifier.providers.ratelimit import RateLimiter

DATA = Path(__file__).resolve().parents[1] / "data" / "providers"


def load(name: str) -> Any:
    """The parsed JSON of ``classifier/tests/data/providers/<name>``."""
    return json.loads((DATA / name).read_text())


def body(name: str) -> str:
    """The raw text of a recorded payload."""
    return (DATA / name).read_text()


def unlimited() -> RateLimiter:
    """A limiter that never waits (for tests that are not about rate limits)."""
    return RateLimiter(10_000, 1.0, burst=10_000, name="test")


class FakeClock:
    """A monotonic clock that only moves when told to (also usable as ``sleep``)."""

    def __init__(self, start: float = 1000.0) -> None:
        self.now = start
        self.slept: list[float] = []

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.now += seconds


@pytest.fixture
def rsps() -> Iterator[responses.RequestsMock]:
    """``responses`` patched into requests' transport; every request must be mocked."""
    with responses.RequestsMock(assert_all_requests_are_fired=False) as mock:
        yield mock


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_GET(self) -> None:
        route = self.server.routes.get(self.path.split("?")[0])  # type: ignore[attr-defined]
        self.server.hits.append(self.path)  # type: ignore[attr-defined]
        if route is None:
            self.send_response(404)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            route(self)

    def log_message(self, *args: object) -> None:
        pass

    def reply(self, status: int, payload: bytes = b"", **headers: str) -> None:
        """Send a complete response with a Content-Length."""
        self.send_response(status)
        for key, value in headers.items():
            self.send_header(key.replace("_", "-"), value)
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: object, client_address: object) -> None:
        pass  # clients hang up on purpose (size and time caps): no tracebacks


class Loopback:
    """A threaded HTTP server on 127.0.0.1:<free port> with per-path handlers."""

    def __init__(self) -> None:
        self.server = _Server(("127.0.0.1", 0), _Handler)
        self.server.routes = {}  # type: ignore[attr-defined]
        self.server.hits = []  # type: ignore[attr-defined]
        self.release = threading.Event()
        self._thread = threading.Thread(
            target=self.server.serve_forever,
            kwargs={"poll_interval": 0.02},
            daemon=True,
        )
        self._thread.start()

    @property
    def base(self) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host}:{port}"

    def url(self, path: str) -> str:
        return self.base + path

    @property
    def hits(self) -> list[str]:
        return self.server.hits  # type: ignore[attr-defined]

    def route(self, path: str, handler: Callable[[_Handler], None]) -> str:
        self.server.routes[path] = handler  # type: ignore[attr-defined]
        return self.url(path)

    def close(self) -> None:
        self.release.set()
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def loopback() -> Iterator[Loopback]:
    """A real HTTP server on the loopback interface, shut down after the test."""
    server = Loopback()
    try:
        yield server
    finally:
        server.close()
