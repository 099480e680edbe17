"""Where the downloader may connect: public unicast addresses only.

A preview URL comes from a provider's answer, and a redirect from whatever server it
names, so neither is trusted to point outside our own network: a host name that
resolves to 127.0.0.1, 10.0.0.5 or 169.254.169.254 (a cloud's metadata service)
would otherwise make the server fetch from inside. :func:`resolve_public` resolves a
host once and refuses it when *any* of its addresses is not public; the connection
is then made to exactly those checked addresses (:mod:`.pinned`), so a DNS answer
that changes between the check and the connect (rebinding) changes nothing.
"""

from __future__ import annotations

import ipaddress
import socket

from .errors import DownloadFailed, DownloadRefused

#: NAT64's well-known prefix: the last 32 bits are an IPv4 address (RFC 6052).
_NAT64 = ipaddress.ip_network("64:ff9b::/96")

AddrInfo = tuple[int, int, int, str, tuple]


def address_refusal(address: str, *, allow_loopback: bool = False) -> str | None:
    """Why ``address`` may not be connected to, or None when it is public.

    Refused: loopback (127/8, ::1), unspecified (0.0.0.0, ::), link-local
    (169.254/16, fe80::/10), multicast (224/4, ff00::/8), private (10/8, 172.16/12,
    192.168/16, fc00::/7 ...), reserved and every other range that is not globally
    routable (100.64/10, 198.18/15, documentation ranges), also when embedded in an
    IPv6 address (``::ffff:127.0.0.1``, 6to4, Teredo, NAT64).

    Parameters
    ----------
    address : str
        An IPv4 or IPv6 address (an IPv6 zone, ``%eth0``, is ignored).
    allow_loopback : bool
        Accept loopback addresses (tests' local servers; never in production).
    """
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address):
        embedded = _embedded_ipv4(ip)
        if embedded is not None:
            reason = address_refusal(str(embedded), allow_loopback=allow_loopback)
            return f"{reason} (inside {address})" if reason else None
    if ip.is_loopback:
        return None if allow_loopback else "loopback"
    for reason, refused in (
        ("unspecified", ip.is_unspecified),
        ("link-local", ip.is_link_local),
        ("multicast", ip.is_multicast),
        ("private", ip.is_private),
        ("reserved", ip.is_reserved),
        ("not public", not ip.is_global),
    ):
        if refused:
            return reason
    return None


def _embedded_ipv4(ip: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    if ip.ipv4_mapped is not None:
        return ip.ipv4_mapped
    if ip.sixtofour is not None:
        return ip.sixtofour
    if ip.teredo is not None:
        return ip.teredo[1]  # the client's address
    if ip in _NAT64:
        return ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
    return None


def resolve_public(
    host: str, port: int, *, allow_loopback: bool = False
) -> list[AddrInfo]:
    """Resolve ``host`` once and return its addresses, all of them public.

    Returns
    -------
    list of (family, type, proto, canonname, sockaddr)
        ``socket.getaddrinfo``'s answer for TCP: connect to these, not to the name.

    Raises
    ------
    DownloadRefused
        One of the addresses is not public (see :func:`address_refusal`).
    DownloadFailed
        The name does not resolve.
    """
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        raise DownloadFailed(f"cannot resolve {host!r}: {exc}") from exc
    if not infos:
        raise DownloadFailed(f"{host!r} resolves to no address")
    for *_, sockaddr in infos:
        reason = address_refusal(sockaddr[0], allow_loopback=allow_loopback)
        if reason is not None:
            raise DownloadRefused(
                f"refusing host {host!r}: it resolves to {sockaddr[0]}, a {reason} "
                "address"
            )
    return list(infos)
