"""``GET /api/tracks/<provider>/<track_id>/audio``: local files, whole or in ranges."""

import json
import logging
from pathlib import Path
from urllib.parse import quote

import pytest
import responses
from django.test import Client

from classifier.services.providers import providers_get
from classifier.services.track_audio import (
    ByteRange,
    RangeNotSatisfiable,
    byte_range_parse,
)

pytestmark = pytest.mark.django_db
DATA = Path(__file__).resolve().parent.parent / "data" / "providers"
TYPES = {".mp3": "audio/mpeg", ".ogg": "audio/ogg", ".m4a": "audio/mp4"}


def _url(track_id: str, provider: str = "local") -> str:
    return f"/api/tracks/{provider}/{quote(track_id)}/audio"


def _body(response) -> bytes:
    return b"".join(response.streaming_content)


@pytest.mark.parametrize("suffix", [".mp3", ".ogg", ".m4a", ".wav"])
def test_the_whole_file_with_its_content_type(library, demo_songs, suffix):
    song = next(p for p in demo_songs if p.suffix == suffix)

    response = Client().get(_url(song.name))

    assert response.status_code == 200
    assert response["Content-Type"] == TYPES.get(suffix, "audio/wav")
    assert response["Accept-Ranges"] == "bytes"
    assert response["Content-Length"] == str(song.stat().st_size)
    assert not response.has_header("Content-Range")
    assert _body(response) == song.read_bytes()


@pytest.mark.parametrize(
    ("header", "start", "end"),
    [
        ("bytes=0-99", 0, 99),
        ("bytes=100-", 100, None),
        ("bytes=-50", -50, None),
        ("bytes=10-10", 10, 10),
        ("bytes=0-999999999", 0, None),  # an end past the file is cut short
    ],
)
def test_a_range_is_206_with_its_content_range(library, demo_songs, header, start, end):
    song = next(p for p in demo_songs if p.suffix == ".mp3")
    data = song.read_bytes()
    size = len(data)
    first = start % size
    last = size - 1 if end is None else end

    response = Client().get(_url(song.name), HTTP_RANGE=header)

    assert response.status_code == 206
    assert response["Content-Type"] == "audio/mpeg"
    assert response["Content-Range"] == f"bytes {first}-{last}/{size}"
    assert response["Content-Length"] == str(last - first + 1)
    assert response["Accept-Ranges"] == "bytes"
    assert _body(response) == data[first : last + 1]


def test_a_range_past_the_end_is_416(library, demo_songs):
    song = next(p for p in demo_songs if p.suffix == ".mp3")
    size = song.stat().st_size

    response = Client().get(_url(song.name), HTTP_RANGE=f"bytes={size}-")

    assert response.status_code == 416
    assert response["Content-Range"] == f"bytes */{size}"
    assert response.json() == {
        "error": "range_not_satisfiable",
        "message": f"The file has {size} bytes; the range asked for starts past "
        "its end.",
    }


@pytest.mark.parametrize(
    "header", ["bytes=0-1,5-9", "items=0-9", "bytes=9-2", "bytes=x-", "bytes=-"]
)
def test_ranges_we_do_not_serve_get_the_whole_file(library, demo_songs, header):
    song = next(p for p in demo_songs if p.suffix == ".ogg")

    response = Client().get(_url(song.name), HTTP_RANGE=header)

    assert response.status_code == 200
    assert _body(response) == song.read_bytes()


def test_a_head_request_has_the_headers_and_no_body(library, demo_songs):
    song = next(p for p in demo_songs if p.suffix == ".m4a")

    response = Client().head(_url(song.name))

    assert response.status_code == 200
    assert response["Content-Type"] == "audio/mp4"
    assert response["Content-Length"] == str(song.stat().st_size)


def test_a_player_asking_for_audio_gets_json_errors(library):
    response = Client().get(
        _url("Nobody - Nothing.mp3"), HTTP_ACCEPT="audio/webm,audio/*;q=0.9"
    )

    assert response.status_code == 404
    assert response.json() == {
        "error": "track_not_found",
        "message": "The music library does not know this track. Search"
        " again and pick one of the results.",
    }


@pytest.mark.parametrize(
    ("path", "message"),
    [
        ("/api/tracks/local/..%2Fconftest.py/audio", "invalid local track id"),
        ("/api/tracks/local/a/../../x.mp3/audio", "invalid local track id"),
        ("/api/tracks/local/%2Fetc%2Fpasswd/audio", "invalid local track id"),
        ("/api/tracks/local/notes.txt/audio", "no audio file"),
    ],
)
def test_path_tricks_are_404(library, path, message, caplog):
    (library / "notes.txt").write_text("not a song")
    try:
        with caplog.at_level(logging.INFO, logger="audiofiler.exceptions"):
            response = Client().get(path)
    finally:
        (library / "notes.txt").unlink()

    assert response.status_code == 404
    assert response.json()["error"] == "track_not_found"
    assert message in caplog.text  # which rule refused it: in the log, not the body


def test_a_symlink_out_of_the_library_is_404(library, tmp_path, caplog):
    outside = tmp_path / "secret.mp3"
    outside.write_bytes(b"ID3 not yours")
    link = library / "Sneaky - Link.mp3"
    link.symlink_to(outside)
    try:
        with caplog.at_level(logging.INFO, logger="audiofiler.exceptions"):
            response = Client().get(_url(link.name))
    finally:
        link.unlink()

    assert response.status_code == 404
    assert response.json() == {
        "error": "track_not_found",
        "message": "The music library does not know this track. Search"
        " again and pick one of the results.",
    }
    assert "'Sneaky - Link.mp3' points outside the library" in caplog.text


def test_providers_without_files_are_404(library, settings):
    settings.AUDIOFILER_DEEZER = True
    providers_get.cache_clear()

    deezer = Client().get(_url("67238735", provider="deezer"))
    unknown = Client().get(_url("1", provider="napster"))

    assert deezer.status_code == 404
    assert deezer.json() == {
        "error": "no_audio_file",
        "message": "Tracks of 'deezer' have no audio file here; the search results "
        "give their preview URL.",
    }
    assert unknown.status_code == 404
    assert unknown.json()["error"] == "no_audio_file"


def test_search_results_carry_a_preview_url(library, demo_songs, settings):
    """Local tracks play from our audio endpoint; Deezer's from its own URL or none."""
    settings.AUDIOFILER_DEEZER = True
    providers_get.cache_clear()
    payload = json.loads((DATA / "deezer_search.json").read_text())
    with responses.RequestsMock() as mocked:
        mocked.get("https://api.deezer.com/search", json=payload)
        response = Client().get("/api/search", {"q": "a", "limit": 50})

    assert response.status_code == 200
    results = response.json()["results"]
    previews = {(r["provider"], r["id"]): r["preview_url"] for r in results}
    local = {
        ("local", p.name): f"/api/tracks/local/{quote(p.name)}/audio"
        for p in demo_songs
        if ("local", p.name) in previews
    }
    deezer = {
        ("deezer", str(item["id"])): item["preview"] or None for item in payload["data"]
    }
    assert previews == {**local, **deezer}
    assert local
    assert None in deezer.values()
    # The local URL really plays the file.
    first = next(iter(local.values()))
    assert Client().get(first).status_code == 200


def test_byte_range_parse_reference_cases():
    assert byte_range_parse(None, 10) is None
    assert byte_range_parse("bytes=0-0", 10) == ByteRange(0, 0)
    assert byte_range_parse("bytes=-3", 10) == ByteRange(7, 9)
    assert byte_range_parse("bytes=-30", 10) == ByteRange(0, 9)
    assert byte_range_parse(" bytes=2-5 ", 10) == ByteRange(2, 5)
    assert byte_range_parse("bytes=2-5", 10).length == 4
    with pytest.raises(RangeNotSatisfiable):
        byte_range_parse("bytes=10-", 10)
    with pytest.raises(RangeNotSatisfiable):
        byte_range_parse("bytes=-0", 10)
    with pytest.raises(RangeNotSatisfiable):
        byte_range_parse("bytes=0-", 0)
