"""A requests transport that connects only to the public addresses it checked.

:class:`PinnedAdapter` gives requests urllib3 connections whose ``_new_conn``
resolves the host once (:func:`.addresses.resolve_public`, which refuses the host
when any address is not public) and opens the socket to those very addresses. The
name stays the connection's host, so TLS still sends it as SNI and checks the
certificate against it, and the ``Host`` header is unchanged: only the DNS lookup is
taken out of urllib3's hands, and with it the window in which a second answer could
point elsewhere.

Used without proxies (a proxy would resolve the name itself): the downloader's
sessions ignore ``HTTP(S)_PROXY``.
"""

from __future__ import annotations

import functools
import socket

from requests.adapters import HTTPAdapter
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool
from urllib3.exceptions import ConnectTimeoutError, NewConnectionError

from .addresses import resolve_public


class _PinnedConnection:
    """Mixin for urllib3's connections: connect to checked addresses only."""

    allow_loopback = False

    def _new_conn(self) -> socket.socket:
        infos = resolve_public(
            self._dns_host, self.port, allow_loopback=self.allow_loopback
        )
        error: OSError | None = None
        for family, socktype, proto, _canonname, sockaddr in infos:
            sock = socket.socket(family, socktype, proto)
            try:
                for option in self.socket_options or ():
                    sock.setsockopt(*option)
                if self.timeout is None or isinstance(self.timeout, int | float):
                    sock.settimeout(self.timeout)
                if self.source_address:
                    sock.bind(self.source_address)
                sock.connect(sockaddr)
                return sock
            except TimeoutError as exc:
                sock.close()
                raise ConnectTimeoutError(
                    self, f"connection to {self.host} timed out"
                ) from exc
            except OSError as exc:
                sock.close()
                error = exc
        raise NewConnectionError(self, f"failed to connect to {self.host}: {error}")


@functools.cache
def _pool_classes(allow_loopback: bool) -> dict[str, type]:
    """``{"http": pool class, "https": pool class}`` with pinned connections."""
    attrs = {"allow_loopback": allow_loopback}
    http_conn = type("PinnedHTTPConnection", (_PinnedConnection, HTTPConnection), attrs)
    https_conn = type(
        "PinnedHTTPSConnection", (_PinnedConnection, HTTPSConnection), attrs
    )
    return {
        "http": type(
            "PinnedHTTPPool", (HTTPConnectionPool,), {"ConnectionCls": http_conn}
        ),
        "https": type(
            "PinnedHTTPSPool", (HTTPSConnectionPool,), {"ConnectionCls": https_conn}
        ),
    }


class PinnedAdapter(HTTPAdapter):
    """An ``HTTPAdapter`` whose connections go to checked public addresses only.

    Parameters
    ----------
    allow_loopback : bool
        Also accept loopback addresses (tests' local servers; never in production).
    """

    def __init__(self, *, allow_loopback: bool = False, **kwargs) -> None:
        self.allow_loopback = allow_loopback
        super().__init__(**kwargs)

    def init_poolmanager(self, *args, **kwargs) -> None:
        super().init_poolmanager(*args, **kwargs)
        self.poolmanager.pool_classes_by_scheme = _pool_classes(self.allow_loopback)

    def proxy_manager_for(self, proxy, **proxy_kwargs):
        raise NotImplementedError("the pinned transport is used without proxies")
