"""Hypothesis fuzzing of every endpoint's input: each answer is a 2xx or a 4xx
JSON ``{"error", "message"}`` (under ``/api/``), never a 5xx.

The endpoints come from the URLconf (``audiofiler.testing.endpoints``): a new one
fails :func:`test_every_endpoint_has_a_fuzzer` until it gets a strategy here. The
inputs: query strings, path parameters, JSON and form bodies, multipart files, raw
bytes, content types (with odd charsets and boundaries), Range and Accept headers;
strings of any unicode (NUL included), huge numbers, NaN, wrong types.

Under ``CI=true`` the root conftest loads the ``ci`` profile (``derandomize``), so
CI tries the same examples every run.
"""

import json
import os
import uuid
from urllib.parse import quote, urlencode

import pytest
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from audiofiler.testing.endpoints import endpoints
from audiofiler.tests.badinput.checks import error_problems, json_body, sse_events

# The stream's work runs in a thread with its own connection: the model must be
# committed for it to see.
pytestmark = pytest.mark.django_db(transaction=True)

#: Examples per endpoint: enough to find the cheap mistakes, few enough for CI
#: (``AUDIOFILER_FUZZ_EXAMPLES=2000`` hunts longer).
EXAMPLES = int(os.environ.get("AUDIOFILER_FUZZ_EXAMPLES", 60))
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

# --- values ---------------------------------------------------------------------

#: Any unicode a request can carry (surrogates cannot be encoded as UTF-8).
text = st.text(st.characters(exclude_categories=("Cs",)), max_size=40)
nasty_text = st.sampled_from(
    [
        "",
        " ",
        "\x00",
        "a\x00b",
        "../../etc/passwd",
        "..",
        "/",
        "//",
        "%00",
        "%2e%2e/",
        "\\..\\",
        "x" * 5000,
        "é" * 300,
        "é" * 200 + ".mp3",  # a file name past 255 bytes (ENAMETOOLONG)
        "a/" * 2100 + "x.mp3",  # a path past 4096 bytes
        "\u202e",
        "🎵" * 50,
        "\ufeff",
        "local",
        "upload",
        "NaN",
        "-1",
        "1e309",
        "null",
        "{}",
        "[]",
        "<script>",
        "' OR 1=1 --",
        "%s%s%n",
    ]
)
#: NUL is drawn often: PostgreSQL refuses it in any string (SQLite does not).
strings = st.one_of(text, nasty_text, st.tuples(text, text).map("\x00".join))
numbers = st.one_of(
    st.integers(),
    st.integers(min_value=2**63 - 2, max_value=2**80),
    st.integers(max_value=-(2**63) + 2, min_value=-(2**80)),
    st.floats(allow_nan=True, allow_infinity=True),
)
scalars = st.one_of(strings, numbers, st.booleans(), st.none())
json_values = st.recursive(
    scalars,
    lambda children: st.one_of(
        st.lists(children, max_size=4),
        st.dictionaries(strings, children, max_size=4),
    ),
    max_leaves=12,
)
content_types = st.sampled_from(
    [
        "application/json",
        "application/json; charset=utf-8",
        "application/json; charset=latin-1",
        "application/json; charset=utf-16",
        "application/json; charset=no-such-charset",
        "application/json; charset=",
        "multipart/form-data",
        "multipart/form-data; boundary=",
        "multipart/form-data; boundary=xyz",
        "multipart/form-data; boundary=" + "b" * 200,
        "application/x-www-form-urlencoded",
        "application/x-www-form-urlencoded; charset=no-such-charset",
        "text/plain",
        "text/event-stream",
        "application/xml",
        "audio/mpeg",
        "application/octet-stream",
        "",
        "*/*",
        "garbage",
        "application/json\x00",
    ]
)
accepts = st.sampled_from(
    [
        None,
        "application/json",
        "text/event-stream",
        "text/html",
        "audio/*",
        "*/*",
        "application/xml",
        "garbage/garbage;q=x",
        "application/json; version=99",
    ]
)
ranges = st.one_of(
    st.none(),
    st.sampled_from(
        [
            "bytes=0-",
            "bytes=0-0",
            "bytes=-1",
            "bytes=-0",
            "bytes=5-1",
            "bytes=-",
            "bytes=0-1,5-9",
            "bytes=99999999999999999999999-",
            "bytes=-99999999999999999999999",
            "bytes=0-99999999999999999999999",
            "items=0-1",
            "bytes=a-b",
            "bytes= 1 - 2",
            "bytes=１-２",  # full-width digits: \d matches them
            "bytes=٣-",  # an Arabic-Indic digit
        ]
    ),
    st.builds(
        lambda a, b: f"bytes={a}-{b}",
        st.one_of(st.just(""), st.integers(0, 2**70).map(str)),
        st.one_of(st.just(""), st.integers(0, 2**70).map(str)),
    ),
    text.map(lambda t: "bytes=" + t),
)


@st.composite
def bodies(draw) -> tuple[bytes, str]:
    """``(body, content type)``: JSON of any shape, forms, multipart, raw bytes."""
    kind = draw(st.sampled_from(["json", "form", "multipart", "raw", "deep", "many"]))
    if kind == "json":
        value = draw(json_values)
        body = json.dumps(value, allow_nan=True).encode()
        return body, draw(content_types)
    if kind == "form":
        fields = draw(st.dictionaries(strings, strings, max_size=4))
        return urlencode(fields).encode(), draw(content_types)
    if kind == "multipart":
        boundary = "fuzzboundary"
        parts = []
        for name, value in draw(
            st.dictionaries(
                st.sampled_from(["file", "provider", "track_id", "verdict", "genre"])
                | strings,
                st.binary(max_size=200),
                max_size=3,
            )
        ).items():
            filename = draw(st.one_of(st.none(), strings))
            disposition = f'form-data; name="{name}"'
            if filename is not None:
                disposition += f'; filename="{filename}"'
            parts.append(
                f"--{boundary}\r\nContent-Disposition: {disposition}\r\n\r\n".encode()
                + value
                + b"\r\n"
            )
        body = b"".join(parts)
        if draw(st.booleans()):
            body += f"--{boundary}--\r\n".encode()
        return body, f"multipart/form-data; boundary={boundary}"
    if kind == "many":  # around Django's caps on form fields and files
        count = draw(st.sampled_from([99, 101, 999, 1001, 1100]))
        if draw(st.booleans()):
            return "&".join(f"a{i}=1" for i in range(count)).encode(), draw(
                st.sampled_from(["application/x-www-form-urlencoded"]) | content_types
            )
        field = draw(st.sampled_from(['name="f{}"', 'name="f{}"; filename="{}.mp3"']))
        body = "".join(
            f"--many\r\nContent-Disposition: form-data; {field.format(i, i)}\r\n\r\n"
            "x\r\n"
            for i in range(count)
        )
        return (body + "--many--\r\n").encode(), "multipart/form-data; boundary=many"
    if kind == "deep":
        depth = draw(st.integers(100, 100_000))
        return b"[" * depth + b"]" * draw(st.integers(0, depth)), "application/json"
    return draw(st.binary(max_size=300)), draw(content_types)


@st.composite
def headers(draw, *, with_range=False) -> dict[str, str]:
    out = {}
    accept = draw(accepts)
    if accept is not None:
        out["HTTP_ACCEPT"] = accept
    if with_range:
        value = draw(ranges)
        if value is not None:
            out["HTTP_RANGE"] = value
    if draw(st.booleans()):
        out["HTTP_X_FORWARDED_FOR"] = draw(strings)
    return out


def path_part(value: str) -> str:
    """A path segment as a client sends it (percent-encoded, "/" kept or not)."""
    return quote(value, safe="") or "x"


# --- requests per endpoint ---------------------------------------------------------


@st.composite
def any_method(draw, path: str, methods=("GET",)) -> dict:
    """A request to ``path``: mostly the endpoint's own methods, sometimes others."""
    method = draw(
        st.one_of(
            st.sampled_from(methods),
            st.sampled_from(["GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]),
        )
    )
    query = draw(
        st.dictionaries(
            st.sampled_from(["q", "provider", "limit", "format", "page"]) | strings,
            strings | numbers.map(str),
            max_size=4,
        )
    )
    body, content_type = draw(bodies())
    return {
        "method": method,
        "path": path + ("?" + urlencode(query) if query else ""),
        "data": body if method not in ("GET", "OPTIONS") else b"",
        "content_type": content_type,
        "extra": draw(headers()),
    }


@st.composite
def search_requests(draw, ctx) -> dict:
    request = draw(any_method("/api/search"))
    params = {}
    for key, values in (
        ("q", strings | st.sampled_from(["song", "demo", "a"])),
        ("provider", strings | st.sampled_from(["local", "deezer", "itunes"])),
        ("limit", strings | numbers.map(str)),
    ):
        if draw(st.booleans()):
            params[key] = draw(values)
    if draw(st.booleans()):
        request["method"] = "GET"
        request["path"] = "/api/search?" + urlencode(params)
    return request


@st.composite
def classify_requests(draw, ctx, path="/api/classifications") -> dict:
    request = draw(any_method(path, ("POST",)))
    if draw(st.booleans()):
        return request
    request["method"] = "POST"
    shape = draw(st.sampled_from(["json", "multipart", "both"]))
    payload = {}
    if shape in ("json", "both"):
        payload["provider"] = draw(
            json_values | st.sampled_from(["local", "deezer", "upload"])
        )
        payload["track_id"] = draw(json_values | st.sampled_from(ctx["track_ids"]))
    if shape == "json":
        request["data"] = json.dumps(payload, allow_nan=True).encode()
        request["content_type"] = draw(
            st.sampled_from(["application/json"]) | content_types
        )
        return request
    boundary = "fuzzboundary"
    parts = [
        f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n'
        f"{v}\r\n".encode()
        for k, v in payload.items()
    ]
    name = draw(strings).replace('"', "").replace("\r", "").replace("\n", "")
    content = draw(st.binary(max_size=2000) | st.sampled_from(ctx["audio"]))
    parts.append(
        f"--{boundary}\r\nContent-Disposition: form-data; "
        f'name="file"; filename="{name}"\r\n'
        f"Content-Type: {draw(content_types)}\r\n\r\n".encode()
        + content
        + b"\r\n"
    )
    request["data"] = b"".join(parts) + f"--{boundary}--\r\n".encode()
    request["content_type"] = f"multipart/form-data; boundary={boundary}"
    return request


@st.composite
def stream_requests(draw, ctx) -> dict:
    return draw(classify_requests(ctx, "/api/classifications/stream"))


@st.composite
def an_id(draw, ctx) -> str:
    return draw(
        st.one_of(
            st.just(ctx["classification_id"]),
            st.uuids().map(str),
            st.just(str(uuid.UUID(int=0))),
        )
    )


@st.composite
def detail_requests(draw, ctx) -> dict:
    return draw(any_method(f"/api/classifications/{draw(an_id(ctx))}"))


@st.composite
def features_requests(draw, ctx) -> dict:
    return draw(any_method(f"/api/classifications/{draw(an_id(ctx))}/features"))


@st.composite
def similar_requests(draw, ctx) -> dict:
    request = draw(any_method(f"/api/classifications/{draw(an_id(ctx))}/similar"))
    if draw(st.booleans()):
        limit = draw(strings | numbers.map(str) | st.integers(-5, 500).map(str))
        request["method"] = "GET"
        request["path"] = (
            request["path"].split("?")[0] + "?" + urlencode({"limit": limit})
        )
    return request


@st.composite
def feedback_requests(draw, ctx) -> dict:
    path = f"/api/classifications/{draw(an_id(ctx))}/feedback"
    request = draw(any_method(path, ("GET", "POST")))
    if draw(st.booleans()):
        vote = {}
        if draw(st.booleans()):
            vote["verdict"] = draw(json_values | st.sampled_from(["right", "wrong"]))
        if draw(st.booleans()):
            vote["genre"] = draw(json_values | st.sampled_from(ctx["genres"]))
        request["method"] = "POST"
        request["data"] = json.dumps(vote, allow_nan=True).encode()
        request["content_type"] = "application/json"
    return request


@st.composite
def model_detail_requests(draw, ctx) -> dict:
    version = draw(strings | st.sampled_from(["test-model", "active"]))
    return draw(any_method(f"/api/models/{path_part(version)}"))


@st.composite
def track_audio_requests(draw, ctx) -> dict:
    provider = draw(strings | st.sampled_from(["local", "deezer", "upload"]))
    track_id = draw(
        st.one_of(
            strings,
            st.sampled_from(ctx["track_ids"]),
            st.lists(strings, min_size=1, max_size=4).map("/".join),
            st.sampled_from(ctx["track_ids"]).map(lambda t: t + "\x00.mp3"),
        )
    )
    path = f"/api/tracks/{path_part(provider)}/{quote(track_id, safe='/') or 'x'}/audio"
    request = draw(any_method(path))
    request["extra"] = draw(headers(with_range=True))
    return request


def simple(path: str):
    @st.composite
    def requests(draw, ctx) -> dict:
        return draw(any_method(path))

    return requests


FUZZERS = {
    "schema": simple("/api/schema/"),
    "docs": simple("/api/docs/"),
    "search": search_requests,
    "classification-create": classify_requests,
    "classification-stream": stream_requests,
    "classification-detail": detail_requests,
    "classification-features": features_requests,
    "classification-similar": similar_requests,
    "cluster-map": simple("/api/clusters"),
    "model-list": simple("/api/models"),
    "model-active": simple("/api/models/active"),
    "model-detail": model_detail_requests,
    "track-audio": track_audio_requests,
    "classification-feedback": feedback_requests,
    "index": simple("/"),
}


# --- the checks --------------------------------------------------------------------


def answer_problems(request: dict, response) -> list[str]:
    """A 2xx/3xx, or a 4xx with a JSON error body under /api/; never a 5xx."""
    content = (
        b"".join(response.streaming_content) if response.streaming else response.content
    )
    status = response.status_code
    api = request["path"].startswith("/api/")
    if status < 400:
        if response.get("Content-Type", "").startswith("text/event-stream"):
            event, data = sse_events(content)[-1]
            if event == "error":
                body = {"error": data["error"], "message": data["message"]}
                return error_problems(data["status"], body)
        return []
    if not api:
        return [] if status < 500 else [f"status {status}"]
    return error_problems(status, json_body(content))


@pytest.fixture
def context(active_model, library):
    """What the strategies draw real values from: a stored classification, the
    library's track ids, audio files, the model's genres."""
    from classifier.services.classify import upload_classify

    songs = sorted(p for p in library.iterdir() if p.is_file() and p.name[0] != ".")
    classification = upload_classify(name="song.wav", data=songs[-1].read_bytes())
    return {
        "classification_id": str(classification.pk),
        "track_ids": [p.name for p in songs],
        "audio": [p.read_bytes()[:20_000] for p in songs],
        "genres": list(active_model.genres),
    }


def test_every_endpoint_has_a_fuzzer():
    names = {e.name for e in endpoints() if not e.is_admin_site}
    assert names == set(FUZZERS)


@pytest.mark.parametrize("name", sorted(FUZZERS))
def test_no_input_gets_a_server_error(name, context):
    client = Client(raise_request_exception=False)

    @FUZZ
    @given(request=FUZZERS[name](context))
    def check(request):
        response = client.generic(
            request["method"],
            request["path"],
            data=request["data"],
            content_type=request["content_type"],
            **request["extra"],
        )
        problems = answer_problems(request, response)
        assert not problems, (
            f"{request['method']} {request['path']!r} "
            f"({request['content_type']!r}, {request['data'][:300]!r}, "
            f"{request['extra']}): {response.status_code} " + "; ".join(problems)
        )

    check()
