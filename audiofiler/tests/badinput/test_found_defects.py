"""One test per defect the corpus and the fuzzing found (each was a 500, or an
error body that was not JSON), and a few guards for neighbours of them that were
already right."""

import struct

import numpy as np
import pytest
from django.test import Client

from audiofiler.testing.corpus import wav
from classifier.audio import AudioDecodeError, decode_audio

pytestmark = pytest.mark.django_db

MESSAGE_ONLY = {"error", "message"}


@pytest.fixture
def client():
    return Client(raise_request_exception=False)


def _float_wav(values: np.ndarray) -> bytes:
    return wav(values.astype("<f4").tobytes(), bits=32, tag=3)


@pytest.mark.parametrize("bad", [np.nan, np.inf, -np.inf])
def test_float_samples_that_are_not_numbers_are_refused(bad):
    samples = np.sin(np.arange(22_050) / 10.0) * 0.5
    samples[100] = bad

    with pytest.raises(AudioDecodeError, match="NaN or infinite"):
        decode_audio(_float_wav(samples))


@pytest.mark.parametrize("peak", [1e5, 1e10, 3.4e38])
def test_float_samples_far_past_full_scale_are_refused(peak):
    # 3.4e38 decoded, then overflowed the pictures' float32 spectra: the stored
    # JSON held Infinity, and the database refused it (a 500).
    samples = np.sin(np.arange(22_050) / 10.0) * peak

    with pytest.raises(AudioDecodeError, match="times full scale"):
        decode_audio(_float_wav(samples))


def test_float_samples_a_little_past_full_scale_decode():
    samples = np.sin(np.arange(22_050) / 10.0) * 8.0  # +18 dB over full scale

    signal, _ = decode_audio(_float_wav(samples))

    assert np.abs(signal).max() == pytest.approx(8 * 32768, rel=1e-3)


def test_a_loud_float_wav_upload_is_a_400_not_a_500(client, active_model):
    response = client.post(
        "/api/classifications",
        {"file": _named(_float_wav(np.full(22_050, 3.4e38)), "loud.wav")},
    )

    assert response.status_code == 400
    assert response.json()["error"] == "undecodable_audio"


def test_a_few_samples_that_resample_to_none_are_refused():
    # 14 stereo frames at 44.1 kHz: the resampler's delay swallows them all.
    data = wav(bytes(56), channels=2, rate=44_100)

    with pytest.raises(AudioDecodeError, match="too little audio"):
        decode_audio(data)


def test_a_nan_wav_upload_is_a_400_not_a_500(client, active_model):
    samples = np.full(22_050, np.nan)
    upload = _float_wav(samples)

    response = client.post(
        "/api/classifications",
        {"file": _named(upload, "nan.wav")},
    )

    assert response.status_code == 400
    assert response.json()["error"] == "undecodable_audio"


def _named(data: bytes, name: str):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, data)


@pytest.mark.parametrize(
    "path",
    [
        "/api/classifications",
        "/api/classifications/stream",
        "/api/classifications/00000000-0000-4000-8000-000000000000/feedback",
    ],
)
@pytest.mark.parametrize("depth", [1_000, 100_000])
def test_json_nested_too_deeply_is_a_400(client, path, depth):
    body = b"[" * depth + b"]" * depth  # a RecursionError in Python's json

    response = client.generic("POST", path, data=body, content_type="application/json")

    assert response.status_code == 400
    assert set(response.json()) == MESSAGE_ONLY
    assert response.json()["error"] == "invalid"
    assert response.json()["message"].startswith("JSON parse error")


def test_the_api_answers_json_never_the_browsable_html_page(client):
    path = "/api/classifications/00000000-0000-4000-8000-000000000000"

    html_only = client.get(path, HTTP_ACCEPT="text/html")
    browser = client.get(path, HTTP_ACCEPT="text/html,*/*;q=0.8")

    assert html_only.status_code == 406
    assert html_only["Content-Type"] == "application/json"
    assert html_only.json()["error"] == "not_acceptable"
    assert browser.status_code == 404
    assert browser["Content-Type"] == "application/json"
    assert browser.json()["error"] == "not_found"


def test_the_docs_page_refuses_other_methods_in_json(client):
    for method in ("POST", "OPTIONS", "DELETE"):
        response = client.generic(method, "/api/docs/")

        assert response.status_code == 405, method
        assert response["Content-Type"] == "application/json"
        assert response.json()["error"] == "method_not_allowed"


def test_the_docs_page_is_html_whatever_the_client_accepts(client):
    response = client.get("/api/docs/", HTTP_ACCEPT="application/json")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")


def test_the_schema_refuses_an_accept_it_cannot_write_in_json(client):
    response = client.get("/api/schema/", HTTP_ACCEPT="text/event-stream")

    assert response.status_code == 406
    assert response["Content-Type"] == "application/json"
    assert response.json()["error"] == "not_acceptable"


@pytest.mark.parametrize(
    "path",
    [
        "/api/models/a%00b",
        "/api/tracks/local/a%00b.mp3/audio",
        "/api/tracks/lo%00cal/a.mp3/audio",
        "/api/search?q=a%00b",
        "/api/search?q=x&provider=lo%00cal",
    ],
)
def test_a_nul_character_anywhere_is_a_4xx(client, library, path):
    response = client.get(path)

    assert 400 <= response.status_code < 500, response.content
    assert set(response.json()) >= MESSAGE_ONLY


def test_a_wav_with_rate_zero_is_refused_in_words(client, active_model):
    data = wav(struct.pack("<h", 1) * 22_050, rate=0)

    response = client.post("/api/classifications", {"file": _named(data, "a.wav")})

    assert response.status_code == 400
    assert response.json()["error"] == "undecodable_audio"


@pytest.mark.parametrize("name", ["a\x00b.wav", "\x00", "\u0000.mp3", "é\x00\x00"])
def test_an_upload_named_with_a_nul_is_classified(
    client, active_model, demo_songs, name
):
    # The name is stored in the track's JSON: PostgreSQL's jsonb refuses \u0000.
    wav_song = next(p for p in demo_songs if p.suffix == ".wav")
    boundary = "b0undary"
    body = (
        (
            f'--{boundary}\r\nContent-Disposition: form-data; name="file"; '
            f'filename="{name}"\r\nContent-Type: audio/wav\r\n\r\n'
        ).encode()
        + wav_song.read_bytes()
        + f"\r\n--{boundary}--\r\n".encode()
    )

    response = client.generic(
        "POST",
        "/api/classifications",
        data=body,
        content_type=f"multipart/form-data; boundary={boundary}",
    )

    assert response.status_code in (201, 400), response.content
    assert "\x00" not in response.json().get("track", {}).get("title", "")


def _multipart(fields: int = 0, files: int = 0) -> tuple[bytes, str]:
    boundary = "b0undary"
    parts = [
        f'--{boundary}\r\nContent-Disposition: form-data; name="f{i}"\r\n\r\nx\r\n'
        for i in range(fields)
    ]
    parts += [
        f'--{boundary}\r\nContent-Disposition: form-data; name="file{i}"; '
        f'filename="a{i}.wav"\r\n\r\nxx\r\n'
        for i in range(files)
    ]
    body = "".join(parts) + f"--{boundary}--\r\n"
    return body.encode(), f"multipart/form-data; boundary={boundary}"


@pytest.mark.parametrize(
    "path",
    [
        "/api/classifications",
        "/api/classifications/stream",
        "/api/classifications/00000000-0000-4000-8000-000000000000/feedback",
    ],
)
@pytest.mark.parametrize(
    ("body", "content_type", "code"),
    [
        (*_multipart(fields=1500), "too_many_fields"),
        (*_multipart(files=150), "too_many_files"),
        (
            "&".join(f"a{i}=1" for i in range(1500)).encode(),
            "application/x-www-form-urlencoded",
            "too_many_fields",
        ),
    ],
    ids=["multipart-fields", "multipart-files", "form-fields"],
)
def test_too_many_fields_or_files_is_a_400(client, path, body, content_type, code):
    # Django raises TooManyFieldsSent/TooManyFilesSent while DRF parses: was a 500.
    response = client.generic("POST", path, data=body, content_type=content_type)

    assert response.status_code == 400
    assert set(response.json()) == MESSAGE_ONLY
    assert response.json()["error"] == code


def test_form_fields_past_django_s_memory_cap_are_a_413(client, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    body = b"provider=" + b"x" * 5000

    response = client.generic(
        "POST",
        "/api/classifications",
        data=body,
        content_type="application/x-www-form-urlencoded",
    )

    assert response.status_code == 413
    assert response.json()["error"] == "too_large"


@pytest.mark.parametrize(
    "track_id",
    ["é" * 200 + ".mp3", "a" * 300 + ".wav", "a/" * 2100 + "x.mp3"],
    ids=["part-400-bytes", "part-304-bytes", "path-4205-bytes"],
)
def test_a_track_id_too_long_for_the_file_system_is_a_404(client, library, track_id):
    # is_file() raised OSError (ENAMETOOLONG) instead of saying False: a 500.
    audio = client.get(f"/api/tracks/local/{track_id}/audio")

    assert audio.status_code == 404
    assert audio.json()["error"] == "track_not_found"


def test_classifying_a_track_id_too_long_for_the_file_system_is_a_404(
    client, library, active_model
):
    response = client.post(
        "/api/classifications",
        {"provider": "local", "track_id": "é" * 200 + ".mp3"},
        content_type="application/json",
    )

    assert response.status_code == 404
    assert response.json()["error"] == "track_not_found"


@pytest.mark.parametrize(
    ("channels", "message"),
    [
        (0, "The audio says it has no channels"),
        (9, "The audio has 9 channels; we read 1 to 8. Convert it to stereo"),
    ],
)
def test_a_refused_channel_count_is_said_as_such(
    client, active_model, channels, message
):
    # It was "undecodable_audio": "it may be damaged", for a valid 9-channel file too.
    data = wav(
        bytes(2 * 9 * 22_050), channels=channels, block_align=2 * max(channels, 1)
    )

    response = client.post("/api/classifications", {"file": _named(data, "a.wav")})

    assert response.status_code == 400
    assert response.json()["error"] == "unsupported_channels"
    assert response.json()["message"].startswith(message)
