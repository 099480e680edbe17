"""The safe downloader against a real HTTP server on 127.0.0.1."""

import time

import pytest

from classifier.providers.download import download, host_allowed
from classifier.providers.errors import (
    DownloadFailed,
    DownloadRefused,
    DownloadTimeout,
    DownloadTooLarge,
)

LOOPBACK = frozenset({"127.0.0.1"})
AUDIO = bytes(range(256)) * 40  # 10 KiB


def fetch(url, **kwargs):
    options = {
        "allowed_hosts": LOOPBACK,
        "max_bytes": 64 * 1024,
        "timeout_s": 5.0,
        "allow_insecure_loopback": True,
    }
    options.update(kwargs)
    return download(url, **options)


@pytest.mark.parametrize(
    ("host", "allowed"),
    [
        ("cdnt-preview.dzcdn.net", True),
        ("cdns-preview-0.dzcdn.net", True),
        ("CDNS-PREVIEW-0.DZCDN.NET.", True),
        ("dzcdn.net", False),
        ("evil-dzcdn.net", False),
        ("dzcdn.net.evil.com", False),
        ("audio-ssl.itunes.apple.com", True),
        ("itunes.apple.com.evil.com", False),
    ],
)
def test_host_allowed(host, allowed):
    hosts = frozenset({"*.dzcdn.net", "audio-ssl.itunes.apple.com"})
    assert host_allowed(host, hosts) is allowed


def test_downloads_the_body(loopback):
    url = loopback.route("/a.mp3", lambda h: h.reply(200, AUDIO))
    assert fetch(url) == AUDIO


def test_http_is_refused_without_the_loopback_flag(loopback):
    url = loopback.route("/a.mp3", lambda h: h.reply(200, AUDIO))
    with pytest.raises(DownloadRefused, match="non-https"):
        fetch(url, allow_insecure_loopback=False)
    assert loopback.hits == []


def test_http_is_refused_off_loopback_even_with_the_flag():
    with pytest.raises(DownloadRefused, match="non-https"):
        fetch(
            "http://cdns-preview-0.dzcdn.net/x.mp3",
            allowed_hosts=frozenset({"*.dzcdn.net"}),
        )


@pytest.mark.parametrize(
    "url", ["ftp://127.0.0.1/x.mp3", "file:///etc/passwd", "//127.0.0.1/x"]
)
def test_other_schemes_are_refused(url):
    with pytest.raises(DownloadRefused):
        fetch(url)


def test_host_not_on_the_list_is_refused(loopback):
    url = loopback.route("/a.mp3", lambda h: h.reply(200, AUDIO))
    with pytest.raises(DownloadRefused, match="not on the allowed list"):
        fetch(url, allowed_hosts=frozenset({"audio-ssl.itunes.apple.com"}))
    assert loopback.hits == []


def test_credentials_in_the_url_are_refused():
    with pytest.raises(DownloadRefused, match="credentials"):
        fetch("https://user:pw@audio-ssl.itunes.apple.com/x.m4a")


def test_follows_a_redirect_on_the_list(loopback):
    loopback.route("/final.mp3", lambda h: h.reply(200, AUDIO))
    url = loopback.route("/start", lambda h: h.reply(302, Location="/final.mp3"))
    assert fetch(url) == AUDIO
    assert loopback.hits == ["/start", "/final.mp3"]


def test_a_redirect_off_the_list_is_refused(loopback):
    url = loopback.route(
        "/start", lambda h: h.reply(302, Location="https://evil.example.com/x.mp3")
    )
    with pytest.raises(DownloadRefused, match=r"evil\.example\.com"):
        fetch(url)


def test_a_redirect_to_plain_http_elsewhere_is_refused(loopback):
    url = loopback.route(
        "/start", lambda h: h.reply(301, Location="http://10.0.0.1/x.mp3")
    )
    with pytest.raises(DownloadRefused, match="non-https"):
        fetch(url)


def test_a_redirect_loop_stops(loopback):
    loopback.route("/a", lambda h: h.reply(302, Location="/b"))
    url = loopback.route("/b", lambda h: h.reply(302, Location="/a"))
    with pytest.raises(DownloadRefused, match="more than 3 redirects"):
        fetch(url, max_redirects=3)
    assert len(loopback.hits) == 4


def test_oversized_content_length_is_refused_before_reading(loopback):
    url = loopback.route("/big.mp3", lambda h: h.reply(200, AUDIO))
    with pytest.raises(DownloadTooLarge, match="10240 bytes, more than the 1000"):
        fetch(url, max_bytes=1000)


def _unsized(handler):
    """No Content-Length: the body runs until the server closes the connection."""
    handler.send_response(200)
    handler.send_header("Connection", "close")
    handler.end_headers()
    for _ in range(100):
        handler.wfile.write(AUDIO)
    handler.close_connection = True


def test_oversized_body_without_content_length_is_cut_off(loopback):
    url = loopback.route("/stream.mp3", _unsized)
    with pytest.raises(DownloadTooLarge, match="more than the 50000 bytes"):
        fetch(url, max_bytes=50_000)


def test_body_without_content_length_under_the_cap(loopback):
    url = loopback.route("/stream.mp3", _unsized)
    assert fetch(url, max_bytes=2_000_000) == AUDIO * 100


def test_a_trickling_server_hits_the_total_time_cap(loopback):
    def trickle(handler):
        handler.send_response(200)
        handler.send_header("Content-Length", "100")
        handler.end_headers()
        for _ in range(100):
            if loopback.release.is_set():
                return
            handler.wfile.write(b"x")
            handler.wfile.flush()
            time.sleep(0.2)

    url = loopback.route("/slow.mp3", trickle)
    with pytest.raises(DownloadTimeout, match="longer than 1 s"):
        fetch(url, timeout_s=1.0)


def test_a_server_that_never_answers_times_out(loopback):
    url = loopback.route("/hang.mp3", lambda h: loopback.release.wait(10))
    with pytest.raises(DownloadTimeout):
        fetch(url, timeout_s=0.3)


@pytest.mark.parametrize("status", [403, 404, 500])
def test_error_status(loopback, status):
    url = loopback.route("/x.mp3", lambda h: h.reply(status, b"nope"))
    with pytest.raises(DownloadFailed, match=f"HTTP {status}") as info:
        fetch(url)
    assert info.value.status == status


def test_connection_refused():
    with pytest.raises(DownloadFailed, match="download failed"):
        fetch("http://127.0.0.1:9/x.mp3")
