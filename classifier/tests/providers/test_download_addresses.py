"""The downloader never reaches non-public addresses: by name, after DNS, after
redirects, and not by a DNS answer that changes between the check and the connect.

Names resolve through a resolver the test controls (``socket.getaddrinfo`` replaced
at the transport layer: unknown names fail, nothing goes to a real DNS server), and
the servers that must not be reached listen on loopback.
"""

import contextlib
import ipaddress
import socket
import ssl
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
import requests

from classifier.providers.addresses import address_refusal
from classifier.providers.download import download
from classifier.providers.errors import DownloadFailed, DownloadRefused
from classifier.providers.pinned import PinnedAdapter

AUDIO = b"ID3" + bytes(range(256)) * 8


class Resolver:
    """``socket.getaddrinfo`` answering from a table; records every question."""

    def __init__(self) -> None:
        self.answers: dict[str, list[list[str]]] = {}
        self.asked: list[str] = []

    def add(self, host: str, *answers: list[str]) -> None:
        """Answer ``host`` with ``answers[0]``, then ``answers[1]`` ... (the last
        one from then on)."""
        self.answers[host] = list(answers)

    def __call__(self, host, port, family=0, type=0, proto=0, flags=0):
        self.asked.append(host)
        try:
            ipaddress.ip_address(host)
            addresses = [host]
        except ValueError:
            queue = self.answers.get(host)
            if not queue:
                raise socket.gaierror(socket.EAI_NONAME, "unknown name") from None
            addresses = queue.pop(0) if len(queue) > 1 else queue[0]
        infos = []
        for address in addresses:
            v6 = ":" in address
            family = socket.AF_INET6 if v6 else socket.AF_INET
            sockaddr = (address, int(port), 0, 0) if v6 else (address, int(port))
            infos.append((family, socket.SOCK_STREAM, 6, "", sockaddr))
        return infos


@pytest.fixture
def resolver(monkeypatch) -> Resolver:
    table = Resolver()
    monkeypatch.setattr(socket, "getaddrinfo", table)
    return table


class Listener:
    """A TCP port on 127.0.0.1 that tells whether anything connected to it."""

    def __init__(self) -> None:
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(8)
        self.sock.setblocking(False)
        self.port = self.sock.getsockname()[1]

    def connected(self) -> bool:
        """Whether a connection is waiting (the kernel accepts it for us)."""
        try:
            conn, _ = self.sock.accept()
        except BlockingIOError:
            return False
        conn.close()
        return True


@pytest.fixture
def listener():
    port = Listener()
    yield port
    port.sock.close()


PREVIEW_HOSTS = frozenset({"*.preview.test", "localhost"})


def fetch(url: str, **kwargs) -> bytes:
    options = {"allowed_hosts": PREVIEW_HOSTS, "max_bytes": 1 << 20, "timeout_s": 5.0}
    options.update(kwargs)
    return download(url, **options)


# -- which addresses --------------------------------------------------------------
@pytest.mark.parametrize(
    ("address", "reason"),
    [
        ("127.0.0.1", "loopback"),
        ("127.45.6.7", "loopback"),
        ("::1", "loopback"),
        ("0.0.0.0", "unspecified"),
        ("::", "unspecified"),
        ("10.1.2.3", "private"),
        ("172.16.0.1", "private"),
        ("172.31.255.254", "private"),
        ("192.168.1.1", "private"),
        ("169.254.169.254", "link-local"),
        ("fe80::1", "link-local"),
        ("fe80::1%eth0", "link-local"),
        ("fc00::1", "private"),
        ("fd12:3456::1", "private"),
        ("224.0.0.1", "multicast"),
        ("239.255.255.250", "multicast"),
        ("ff02::1", "multicast"),
        ("100.64.0.1", "not public"),
        ("198.18.0.1", "private"),
        ("255.255.255.255", "private"),
        ("192.0.2.1", "private"),
        ("::ffff:127.0.0.1", "loopback (inside ::ffff:127.0.0.1)"),
        ("::ffff:10.0.0.1", "private (inside ::ffff:10.0.0.1)"),
        ("2002:7f00:1::", "loopback (inside 2002:7f00:1::)"),
        ("64:ff9b::a9fe:a9fe", "link-local (inside 64:ff9b::a9fe:a9fe)"),
    ],
)
def test_non_public_addresses_are_refused(address, reason):
    assert address_refusal(address) == reason


@pytest.mark.parametrize(
    "address",
    ["93.184.215.14", "8.8.8.8", "172.32.0.1", "11.0.0.1", "2606:4700:4700::1111"],
)
def test_public_addresses_pass(address):
    assert address_refusal(address) is None


def test_the_test_flag_admits_loopback_and_nothing_else():
    assert address_refusal("127.0.0.1", allow_loopback=True) is None
    assert address_refusal("::1", allow_loopback=True) is None
    assert address_refusal("10.0.0.1", allow_loopback=True) == "private"
    assert address_refusal("169.254.169.254", allow_loopback=True) == "link-local"


# -- after DNS ----------------------------------------------------------------------
def test_a_name_resolving_to_loopback_is_refused_before_connecting(resolver, listener):
    port = listener.port
    resolver.add("cdn.preview.test", ["127.0.0.1"])

    with pytest.raises(DownloadRefused, match=r"resolves to 127\.0\.0\.1, a loopback"):
        fetch(f"https://cdn.preview.test:{port}/clip.mp3")

    assert not listener.connected()
    assert resolver.asked == ["cdn.preview.test"]


@pytest.mark.parametrize(
    "address", ["10.0.0.7", "169.254.169.254", "192.168.0.1", "fc00::1", "0.0.0.0"]
)
def test_names_resolving_inside_are_refused(resolver, address):
    resolver.add("cdn.preview.test", [address])

    with pytest.raises(DownloadRefused, match=f"resolves to {address}"):
        fetch("https://cdn.preview.test/clip.mp3")


def test_one_private_address_among_public_ones_refuses_the_host(resolver, listener):
    port = listener.port
    resolver.add("cdn.preview.test", ["93.184.215.14", "127.0.0.1"])

    with pytest.raises(DownloadRefused, match="loopback"):
        fetch(f"https://cdn.preview.test:{port}/clip.mp3")

    assert not listener.connected()


def test_address_literals_are_checked_too(resolver):
    hosts = frozenset({"169.254.169.254", "[::1]", "10.0.0.1"})
    for url in (
        "https://169.254.169.254/latest/meta-data/",
        "https://[::1]/x.mp3",
        "https://10.0.0.1/x.mp3",
    ):
        with pytest.raises(DownloadRefused, match="resolves to"):
            fetch(url, allowed_hosts=hosts | {"::1"})


def test_the_loopback_flag_does_not_open_private_ranges(resolver):
    resolver.add("localhost", ["10.0.0.1"])

    with pytest.raises(DownloadRefused, match="private"):
        fetch("http://localhost:8000/x.mp3", allow_insecure_loopback=True)


def test_a_name_that_does_not_resolve(resolver):
    with pytest.raises(DownloadFailed, match=r"cannot resolve 'gone\.preview\.test'"):
        fetch("https://gone.preview.test/clip.mp3")


# -- after redirects ----------------------------------------------------------------
def test_a_redirect_to_a_name_resolving_inside_is_refused(loopback, resolver):
    resolver.add("cdn.preview.test", ["10.20.30.40"])
    url = loopback.route(
        "/start", lambda h: h.reply(302, Location="https://cdn.preview.test/x.mp3")
    )

    with pytest.raises(DownloadRefused, match=r"resolves to 10\.20\.30\.40"):
        fetch(
            url,
            allowed_hosts=PREVIEW_HOSTS | {"127.0.0.1"},
            allow_insecure_loopback=True,
        )

    assert loopback.hits == ["/start"]


def test_a_redirect_to_loopback_by_name_is_refused(loopback, resolver):
    """Only the test flag admits loopback; production never has it."""
    port = loopback.server.server_address[1]
    resolver.add("cdn.preview.test", ["127.0.0.1"])
    loopback.route("/x.mp3", lambda h: h.reply(200, AUDIO))

    with pytest.raises(DownloadRefused, match="loopback"):
        fetch(f"https://cdn.preview.test:{port}/x.mp3")

    assert loopback.hits == []


# -- rebinding: the checked address is the one connected to ------------------------
class _Serve(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_GET(self):
        self.server.hits.append(self.path)
        self.send_response(200)
        self.send_header("Content-Length", str(len(self.server.body)))
        self.end_headers()
        self.wfile.write(self.server.body)

    def log_message(self, *args):
        pass


@contextlib.contextmanager
def _server(address: tuple[str, int], body: bytes):
    server = ThreadingHTTPServer(address, _Serve)
    server.hits, server.body = [], body
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()


@contextlib.contextmanager
def _two_servers_on_one_port():
    """Servers on 127.0.0.1:P and 127.0.0.2:P (the whole of 127/8 is loopback)."""
    for _ in range(20):
        with _server(("127.0.0.1", 0), b"checked") as first:
            port = first.server_address[1]
            try:
                second = _server(("127.0.0.2", port), b"swapped")
                with second as other:
                    yield first, other, port
                    return
            except OSError:
                continue
    pytest.skip("no port free on both 127.0.0.1 and 127.0.0.2")


def test_a_dns_answer_that_changes_after_the_check_is_not_followed(resolver):
    with _two_servers_on_one_port() as (checked, swapped, port):
        # First answer 127.0.0.1 (checked, admitted by the test flag), every later
        # answer 127.0.0.2: a transport that looked the name up again to connect
        # would reach the second server.
        resolver.add("localhost", ["127.0.0.1"], ["127.0.0.2"])

        body = fetch(f"http://localhost:{port}/clip.mp3", allow_insecure_loopback=True)

    assert body == b"checked"
    assert checked.hits == ["/clip.mp3"]
    assert swapped.hits == []
    assert resolver.asked == ["localhost"]


# -- TLS keeps the name: SNI, certificate check and Host ----------------------------
@pytest.fixture
def tls_server(tmp_path):
    trustme = pytest.importorskip("trustme")
    ca = trustme.CA()
    cert = ca.issue_cert("cdn.preview.test")
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    cert.configure_cert(context)
    seen: dict[str, str | None] = {}

    def remember_sni(sslsocket, server_name, _context):
        seen["sni"] = server_name

    context.sni_callback = remember_sni

    class Handler(_Serve):
        def do_GET(self):
            seen["host"] = self.headers["Host"]
            super().do_GET()

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.hits, server.body = [], AUDIO
    server.socket = context.wrap_socket(server.socket, server_side=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    ca_file = Path(tmp_path) / "ca.pem"
    ca.cert_pem.write_to_path(str(ca_file))
    yield server, str(ca_file), seen
    server.shutdown()
    server.server_close()


def test_tls_to_a_pinned_address_keeps_the_name(resolver, tls_server):
    server, ca_file, seen = tls_server
    port = server.server_address[1]
    resolver.add("cdn.preview.test", ["127.0.0.1"])
    session = requests.Session()
    session.trust_env = False
    session.verify = ca_file
    session.mount("https://", PinnedAdapter(allow_loopback=True))

    response = session.get(f"https://cdn.preview.test:{port}/clip.mp3", timeout=5)

    assert response.content == AUDIO
    assert seen == {"sni": "cdn.preview.test", "host": f"cdn.preview.test:{port}"}
    assert resolver.asked == ["cdn.preview.test"]


def test_tls_certificate_is_still_checked_against_the_name(resolver, tls_server):
    server, ca_file, _ = tls_server
    resolver.add("other.preview.test", ["127.0.0.1"])
    session = requests.Session()
    session.trust_env = False
    session.verify = ca_file
    session.mount("https://", PinnedAdapter(allow_loopback=True))

    with pytest.raises(requests.exceptions.SSLError):
        session.get(
            f"https://other.preview.test:{server.server_address[1]}/x", timeout=5
        )


# -- the test flag stays in the tests -----------------------------------------------
def test_no_production_code_passes_the_loopback_flag():
    root = Path(__file__).resolve().parents[3]
    offenders = [
        str(path.relative_to(root))
        for folder in ("classifier", "dataset", "audiofiler")
        for path in (root / folder).rglob("*.py")
        if "tests" not in path.relative_to(root).parts
        and "allow_insecure_loopback=True" in path.read_text()
    ]

    assert offenders == []
