"""Failing neighbours on loopback, for the fault tests (no pytest needed).

:class:`FaultProxy` is a TCP proxy put between the app and PostgreSQL or Redis: it
forwards bytes until told to fail like the server behind it would::

    with FaultProxy("127.0.0.1", 5432) as proxy:   # the app connects to proxy.port
        proxy.refuse()      # a restart: every connection cut, new ones refused
        proxy.blackhole()   # a hung server: connections cut, new ones accepted and
                            # never answered (a connect timeout is all that helps)
        proxy.blackhole(cut=False)  # ... and the open connections hang too
        proxy.restore()     # the server is back: forward again

The shared PostgreSQL of the machine is never touched: only the proxy's own sockets
close. :class:`HangingHTTPServer` is a provider that hangs: it accepts requests and
never answers (``hang``), or answers one byte at a time (``trickle``).
"""

from __future__ import annotations

import contextlib
import os
import select
import socket
import struct
import threading
import time

PASS, REFUSE, BLACKHOLE = "pass", "refuse", "blackhole"
_POLL_S = 0.1
_CHUNK = 65536


def _listen(host: str, port: int) -> socket.socket:
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind((host, port))
    listener.listen(128)
    listener.settimeout(_POLL_S)
    return listener


def _reset(sock: socket.socket) -> None:
    """Close with a TCP reset (SO_LINGER 0), as a dying server's kernel would.

    Shut down first: a socket another thread is waiting on in ``select`` is only
    released (and the reset sent) when that wait ends, up to ``_POLL_S`` later,
    whereas a dying server's peer learns at once; the shutdown tells it at once."""
    with contextlib.suppress(OSError):
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    with contextlib.suppress(OSError):
        sock.shutdown(socket.SHUT_RDWR)
    with contextlib.suppress(OSError):
        sock.close()


class FaultProxy:
    """Forward 127.0.0.1:``port`` to ``target_host:target_port``, failing on demand.

    Parameters
    ----------
    target_host, target_port : str, int
        The real server.
    host : str
    port : int
        Where to listen; 0 picks a free port (kept across :meth:`refuse`).
    """

    def __init__(
        self, target_host: str, target_port: int, *, host: str = "127.0.0.1", port=0
    ) -> None:
        self.target = (target_host, target_port)
        self.host = host
        self.mode = PASS
        self.accepted = 0  # connections accepted, in any mode
        self._listener = _listen(host, port)
        self.port = self._listener.getsockname()[1]
        self._switched = threading.Condition()
        self._wanted = self._applied = 0
        self._lock = threading.Lock()
        self._conns: set[socket.socket] = set()
        self._stopped = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    # -- control -------------------------------------------------------------------
    def refuse(self) -> None:
        """Cut every connection and refuse new ones (the port is closed)."""
        self._switch(REFUSE)
        self.drop_connections()

    def blackhole(self, *, cut: bool = True) -> None:
        """Accept new connections and never answer them. ``cut``: cut the open ones
        (a server restarted into a hung state); else they hang too (a server that
        stopped answering: what is sent to it is swallowed)."""
        self._switch(BLACKHOLE)
        if cut:
            self.drop_connections()

    def restore(self) -> None:
        """Forward again. Connections that hung are cut (their streams lost bytes)."""
        if self.mode == BLACKHOLE:
            self.drop_connections()
        self._switch(PASS)

    def drop_connections(self) -> None:
        with self._lock:
            conns, self._conns = self._conns, set()
        for sock in conns:
            _reset(sock)

    @property
    def open_connections(self) -> int:
        with self._lock:
            return len(self._conns)

    def stop(self) -> None:
        self._stopped.set()
        self._thread.join(timeout=5)
        self.drop_connections()

    def __enter__(self) -> FaultProxy:
        return self

    def __exit__(self, *exc) -> None:
        self.stop()

    def _switch(self, mode: str) -> None:
        """Set the mode and wait until the listening socket matches it (the serving
        thread owns the socket: closing it under a pending accept() would let a
        connection in after the port is said to be closed)."""
        with self._switched:
            self.mode, self._wanted = mode, self._wanted + 1
            wanted = self._wanted
            if not self._switched.wait_for(lambda: self._applied >= wanted, 5):
                raise RuntimeError("the fault proxy's thread does not answer")

    # -- serving -------------------------------------------------------------------
    def _serve(self) -> None:
        listener: socket.socket | None = self._listener
        try:
            while not self._stopped.is_set():
                with self._switched:
                    mode, wanted = self.mode, self._wanted
                if mode == REFUSE and listener is not None:
                    listener.close()
                    listener = None
                elif mode != REFUSE and listener is None:
                    listener = _listen(self.host, self.port)
                with self._switched:
                    self._applied = wanted
                    self._switched.notify_all()
                if listener is None:
                    time.sleep(_POLL_S / 5)
                    continue
                try:
                    client, _ = listener.accept()
                except (TimeoutError, OSError):
                    continue
                if self.mode != mode:  # switched while this connection waited
                    _reset(client)
                    continue
                client.settimeout(None)
                self.accepted += 1
                with self._lock:
                    self._conns.add(client)
                threading.Thread(
                    target=self._handle, args=(client, mode), daemon=True
                ).start()
        finally:
            if listener is not None:
                listener.close()

    def _handle(self, client: socket.socket, mode: str) -> None:
        upstream = None
        try:
            if mode == PASS:
                upstream = socket.create_connection(self.target, timeout=5)
                upstream.settimeout(None)
                with self._lock:
                    if client not in self._conns:  # dropped meanwhile
                        return
                    self._conns.add(upstream)
            self._pump(client, upstream)
        except (OSError, ValueError):  # ValueError: select() on a dropped socket
            pass
        finally:
            with self._lock:
                self._conns.discard(client)
                if upstream is not None:
                    self._conns.discard(upstream)
            _reset(client)
            if upstream is not None:
                _reset(upstream)

    def _pump(self, client: socket.socket, upstream: socket.socket | None) -> None:
        """Copy bytes both ways (or swallow the client's, with no upstream) until a
        side closes or the connection is dropped."""
        peer = {client: upstream, upstream: client}
        while True:
            with self._lock:
                if client not in self._conns or self._stopped.is_set():
                    return
            hung = upstream is None or self.mode == BLACKHOLE
            sockets = [client] if hung else [client, upstream]
            readable, _, _ = select.select(sockets, [], [], _POLL_S)
            for sock in readable:
                data = sock.recv(_CHUNK)
                if not data:
                    return
                if not hung:
                    peer[sock].sendall(data)


class HangingHTTPServer:
    """An HTTP server that never answers in time (a provider that hangs).

    ``mode`` ``hang``: read the request, send nothing. ``trickle``: send a 200 with a
    large ``Content-Length``, then one byte every ``trickle_interval_s``.
    ``peers`` lists the (host, port) of every client connection, to tell which
    process made it.
    """

    def __init__(self, *, mode: str = "hang", trickle_interval_s: float = 0.5) -> None:
        self.mode = mode
        self.trickle_interval_s = trickle_interval_s
        self.peers: list[tuple[str, int]] = []
        self._listener = _listen("127.0.0.1", 0)
        self.port = self._listener.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}"
        self._stopped = threading.Event()
        self._conns: list[socket.socket] = []
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stopped.set()
        self._listener.close()
        for sock in list(self._conns):
            _reset(sock)
        self._thread.join(timeout=5)

    def __enter__(self) -> HangingHTTPServer:
        return self

    def __exit__(self, *exc) -> None:
        self.stop()

    def _serve(self) -> None:
        while not self._stopped.is_set():
            try:
                client, peer = self._listener.accept()
            except (TimeoutError, OSError):
                continue
            self.peers.append(peer)
            self._conns.append(client)
            threading.Thread(target=self._handle, args=(client,), daemon=True).start()

    def _handle(self, client: socket.socket) -> None:
        client.settimeout(_POLL_S)
        head = b""
        try:
            while b"\r\n\r\n" not in head and not self._stopped.is_set():
                with contextlib.suppress(TimeoutError):
                    data = client.recv(_CHUNK)
                    if not data:
                        return
                    head += data
            if self.mode == "trickle":
                client.sendall(
                    b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                    b"Content-Length: 1000000\r\n\r\n{"
                )
            while not self._stopped.wait(self.trickle_interval_s):
                if self.mode == "trickle":
                    client.sendall(b" ")
                else:  # hang: notice the client leaving, never answer
                    with contextlib.suppress(TimeoutError):
                        if client.recv(_CHUNK) == b"":
                            return
        except OSError:
            return
        finally:
            _reset(client)


def pid_connected_to(
    pids, port: int, *, local_port: int | None = None, host: str = "127.0.0.1"
) -> int | None:
    """Which of ``pids`` holds a TCP connection to ``host:port`` (from
    ``local_port``, when given), read from Linux's /proc (IPv4): e.g. the gunicorn
    worker waiting on a hanging provider (``local_port``: its ``peers`` entry)."""
    address = socket.inet_aton(host)[::-1].hex().upper()
    remote = f"{address}:{port:04X}"
    local = f"{address}:{local_port:04X}" if local_port is not None else None
    inodes = set()
    with open("/proc/net/tcp") as table:
        for line in table.readlines()[1:]:
            fields = line.split()
            if fields[2] == remote and local in (None, fields[1]):
                inodes.add(f"socket:[{fields[9]}]")
    for pid in pids:
        with contextlib.suppress(OSError):
            for fd in os.listdir(f"/proc/{pid}/fd"):
                with contextlib.suppress(OSError):
                    if os.readlink(f"/proc/{pid}/fd/{fd}") in inodes:
                        return pid
    return None
