"""Download a preview into memory, safely.

https only, every hop (redirects are followed by hand) checked against an allow-list
of host names and then against the addresses the name resolves to: loopback,
link-local, private and other non-public addresses are refused, and the connection
goes to the very addresses checked (:mod:`.pinned`), so neither a redirect nor a DNS
answer that changes in between (rebinding) reaches inside our network. A size cap
(Content-Length up front, then the bytes counted) and a total time cap that holds even
when a server trickles the body a byte at a time.
"""

import logging
import time
from collections.abc import Callable
from urllib.parse import urljoin, urlsplit

import requests

from . import budget
from .errors import DownloadFailed, DownloadRefused, DownloadTimeout, DownloadTooLarge
from .http import iter_body, make_session
from .pinned import PinnedAdapter

logger = logging.getLogger(__name__)

DEFAULT_MAX_BYTES = 10 * 1024 * 1024  # a 30 s preview is ~0.5-1.5 MB
DEFAULT_TIMEOUT_S = 20.0
MAX_REDIRECTS = 5
#: Longest a single socket read may block; the total cap is checked between reads.
READ_TIMEOUT_S = 5.0
LOOPBACK_HOSTS = frozenset({"127.0.0.1", "localhost", "::1"})
_REDIRECTS = frozenset({301, 302, 303, 307, 308})


def host_allowed(host: str, allowed_hosts: frozenset[str]) -> bool:
    """Whether ``host`` is on the list: exact names, or ``"*.suffix"`` for subdomains.

    ``"*.dzcdn.net"`` allows ``cdnt-preview.dzcdn.net`` but not ``dzcdn.net`` itself
    nor ``evil-dzcdn.net``.
    """
    host = host.lower().rstrip(".")
    for pattern in allowed_hosts:
        pattern = pattern.lower()
        if pattern.startswith("*."):
            if host.endswith(pattern[1:]) and len(host) > len(pattern) - 1:
                return True
        elif host == pattern:
            return True
    return False


def check_url(
    url: str, allowed_hosts: frozenset[str], *, allow_insecure_loopback: bool = False
) -> None:
    """Raise ``DownloadRefused`` unless ``url`` may be fetched."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    if parts.username or parts.password:
        raise DownloadRefused(f"refusing a URL with credentials: {host}")
    if parts.scheme == "http" and allow_insecure_loopback and host in LOOPBACK_HOSTS:
        pass
    elif parts.scheme != "https":
        raise DownloadRefused(
            f"refusing a non-https URL ({parts.scheme or 'no'} scheme)"
        )
    if not host_allowed(host, allowed_hosts):
        raise DownloadRefused(f"refusing host {host!r}: not on the allowed list")


def download(
    url: str,
    *,
    allowed_hosts: frozenset[str],
    max_bytes: int = DEFAULT_MAX_BYTES,
    timeout_s: float = DEFAULT_TIMEOUT_S,
    session: requests.Session | None = None,
    allow_insecure_loopback: bool = False,
    max_redirects: int = MAX_REDIRECTS,
    clock: Callable[[], float] = time.monotonic,
) -> bytes:
    """Fetch ``url`` into memory and return its bytes.

    Parameters
    ----------
    url : str
    allowed_hosts : frozenset of str
        Exact host names or ``"*.suffix"`` patterns; every redirect hop is checked.
    max_bytes : int
        Size cap of the (decoded) body.
    timeout_s : float
        Total wall time for all hops, headers and body (cut to the request's time
        budget, see :mod:`.budget`).
    session : requests.Session, optional
        Whose headers (User-Agent) are sent; its transport is not used: every
        connection goes through the address check (and ignores proxy settings).
    allow_insecure_loopback : bool
        Allow plain http to 127.0.0.1/localhost/::1 and connections to loopback
        addresses (tests only; nothing in production passes it).
    max_redirects : int
    clock : callable
        Monotonic clock (injectable for tests).

    Raises
    ------
    DownloadRefused
        Not https, a host off the list (first URL or any redirect), a host resolving
        to an address that is not public, too many redirects.
    DownloadTooLarge
        Content-Length or the bytes read exceed ``max_bytes``.
    DownloadTimeout
        The whole exchange took longer than ``timeout_s``.
    DownloadFailed
        An error status (``.status``) or a broken connection.
    """
    timeout_s = budget.clamp(timeout_s)
    guarded = _guarded_session(session, allow_loopback=allow_insecure_loopback)
    deadline = clock() + timeout_s
    try:
        for _hop in range(max_redirects + 1):
            check_url(
                url, allowed_hosts, allow_insecure_loopback=allow_insecure_loopback
            )
            response = _open(guarded, url, deadline, timeout_s, clock)
            with response:
                if response.status_code in _REDIRECTS:
                    location = response.headers.get("Location")
                    if not location:
                        raise DownloadFailed(
                            "redirect without a Location", status=response.status_code
                        )
                    url = urljoin(url, location)
                    logger.debug("download redirected to %s", url)
                    continue
                if response.status_code >= 400:
                    raise DownloadFailed(
                        f"preview host answered HTTP {response.status_code}",
                        status=response.status_code,
                    )
                return _read_body(response, max_bytes, deadline, timeout_s, clock)
        raise DownloadRefused(f"more than {max_redirects} redirects")
    finally:
        guarded.close()


def _guarded_session(
    template: requests.Session | None, *, allow_loopback: bool
) -> requests.Session:
    """A session of our own whose every connection goes through the address check,
    with ``template``'s headers."""
    session = make_session()
    session.trust_env = False  # no proxies: they would resolve the names themselves
    if template is not None:
        session.headers.update(template.headers)
    adapter = PinnedAdapter(allow_loopback=allow_loopback)
    session.mount("https://", adapter)
    session.mount("http://", adapter)
    return session


def _open(
    session: requests.Session,
    url: str,
    deadline: float,
    timeout_s: float,
    clock: Callable[[], float],
) -> requests.Response:
    remaining = deadline - clock()
    if remaining <= 0:
        raise DownloadTimeout(f"download took longer than {timeout_s:g} s")
    try:
        return session.get(
            url,
            stream=True,
            allow_redirects=False,
            timeout=(remaining, min(remaining, READ_TIMEOUT_S)),
            headers={"Accept": "*/*", "Accept-Encoding": "identity"},
        )
    except requests.Timeout as exc:
        raise DownloadTimeout(f"download took longer than {timeout_s:g} s") from exc
    except requests.RequestException as exc:
        raise DownloadFailed(f"download failed: {exc.__class__.__name__}") from exc


def _read_body(
    response: requests.Response,
    max_bytes: int,
    deadline: float,
    timeout_s: float,
    clock: Callable[[], float],
) -> bytes:
    declared = response.headers.get("Content-Length")
    if declared is not None and declared.isdigit() and int(declared) > max_bytes:
        raise DownloadTooLarge(
            f"preview is {int(declared)} bytes, more than the {max_bytes} allowed",
            max_bytes=max_bytes,
        )
    buffer = bytearray()
    try:
        for chunk in iter_body(response):
            buffer += chunk
            if len(buffer) > max_bytes:
                raise DownloadTooLarge(
                    f"preview is more than the {max_bytes} bytes allowed",
                    max_bytes=max_bytes,
                )
            if clock() > deadline:
                raise DownloadTimeout(f"download took longer than {timeout_s:g} s")
    except requests.Timeout as exc:
        raise DownloadTimeout(f"download took longer than {timeout_s:g} s") from exc
    except requests.RequestException as exc:
        raise DownloadFailed(f"download broke off: {exc.__class__.__name__}") from exc
    return bytes(buffer)
