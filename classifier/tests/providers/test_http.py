import email.utils

import pytest
import requests

from classifier.providers.errors import (
    ProviderRateLimited,
    ProviderTimeout,
    ProviderUnavailable,
)
from classifier.providers.http import get_json, make_session, parse_retry_after

URL = "https://api.example.test/thing"


@pytest.mark.parametrize(
    ("value", "expected"),
    [("7", 7.0), ("0.5", 0.5), ("-3", 0.0), ("", None), (None, None), ("soon", None)],
)
def test_parse_retry_after_seconds(value, expected):
    assert parse_retry_after(value) == expected


def test_parse_retry_after_http_date():
    header = email.utils.formatdate(1_000_030, usegmt=True)
    assert parse_retry_after(header, now=1_000_000) == pytest.approx(30.0)


def test_get_json_decodes(rsps):
    rsps.get(URL, json={"ok": True})
    assert get_json(make_session(), URL, provider="x") == {"ok": True}


def test_429_with_retry_after(rsps):
    rsps.get(URL, status=429, headers={"Retry-After": "12"})
    with pytest.raises(ProviderRateLimited, match="HTTP 429") as info:
        get_json(make_session(), URL, provider="x")
    assert info.value.retry_after == 12.0


def test_extra_throttle_status_with_default_retry_after(rsps):
    rsps.get(URL, status=403, body="Forbidden")
    with pytest.raises(ProviderRateLimited) as info:
        get_json(
            make_session(),
            URL,
            provider="x",
            throttle_statuses=(403, 429),
            default_retry_after=60.0,
        )
    assert info.value.retry_after == 60.0


@pytest.mark.parametrize("status", [500, 502, 503, 400])
def test_error_statuses_are_unavailable(rsps, status):
    rsps.get(URL, status=status, body="<html>oops</html>")
    with pytest.raises(ProviderUnavailable, match=f"HTTP {status}"):
        get_json(make_session(), URL, provider="x")


def test_malformed_json(rsps):
    rsps.get(URL, body='{"data": [', content_type="application/json")
    with pytest.raises(ProviderUnavailable, match="not JSON"):
        get_json(make_session(), URL, provider="x")


def test_timeout(rsps):
    rsps.get(URL, body=requests.exceptions.ReadTimeout("read timed out"))
    with pytest.raises(ProviderTimeout, match="did not answer within 2 s"):
        get_json(make_session(), URL, provider="x", timeout_s=2)


def test_connection_error(rsps):
    rsps.get(URL, body=requests.exceptions.ConnectionError("refused"))
    with pytest.raises(ProviderUnavailable, match="could not be reached"):
        get_json(make_session(), URL, provider="x")
