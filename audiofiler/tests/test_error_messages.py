"""Error bodies speak to people: what was wrong and what to do; details are logged."""

import io
import logging
import re

import pytest
from django.core.exceptions import (
    RequestDataTooBig,
    SuspiciousOperation,
    TooManyFieldsSent,
    TooManyFilesSent,
)
from django.db import InterfaceError, OperationalError
from rest_framework.test import APIClient

from audiofiler.exceptions import ERROR_TABLE, exception_handler, human_size
from classifier.audio import errors as audio_errors
from classifier.ml import errors as ml_errors
from classifier.ml.neighbours import IndexTooLargeError
from classifier.providers import errors as provider_errors

pytestmark = pytest.mark.django_db
#: What must never reach a client: library internals, errno codes, class names.
INTERNALS = re.compile(
    r"Errno|FFmpeg|ffmpeg|Invalid data found|Traceback|Error\b|Exception|HTTP \d|"
    r"\bNone\b|0x[0-9a-f]+|/tmp/|\.py\b",
)
#: Every message tells the person what they can do next.
ACTIONS = re.compile(r"\b(Try|Upload|Pick|Search|Choose|Convert|Send)\b")

SAMPLES = [
    audio_errors.AudioTooLongError("decoded 601 s > 600", max_seconds=600.0),
    audio_errors.AudioTooShortError("0.01 s"),
    audio_errors.NotAudioError("first bytes 68 65 6c 6c 6f"),
    audio_errors.AudioFormatError("container 'au' refused", format_name="au"),
    audio_errors.AudioSampleRateError("source rate 384000 Hz"),
    audio_errors.AudioChannelsError("0 channels", channels=0),
    audio_errors.AudioChannelsError("12 channels", channels=12),
    audio_errors.AudioNoStreamError("no audio stream"),
    audio_errors.AudioDecodeError("[Errno 1094995529] Invalid data found"),
    provider_errors.DownloadTooLarge("11 MB", max_bytes=10 * 2**20, provider="deezer"),
    provider_errors.TrackNotFound("no data for /track/1", provider="deezer"),
    provider_errors.NoPreview("preview ''", provider="itunes"),
    provider_errors.ProviderRateLimited(
        "HTTP 429", retry_after=12.2, provider="itunes"
    ),
    provider_errors.ProviderTimeout("ReadTimeout", provider="spotify"),
    provider_errors.DownloadRefused("host evil.example"),
    provider_errors.ProviderUnavailable("HTTP 500", provider="deezer"),
    TooManyFieldsSent("The number of GET/POST parameters exceeded 1000"),
    TooManyFilesSent("The number of files exceeded 100"),
    RequestDataTooBig("Request body exceeded 2621440"),
    SuspiciousOperation("Invalid boundary in multipart: None"),
    IndexTooLargeError("100,001 tracks: exact search serves at most 100,000"),
    ml_errors.ArtifactError("cannot read /tmp/x/weights.npz"),
    ml_errors.ModelError("NaN in layer 2"),
    OperationalError('connection to server at "10.0.0.5", port 5432 failed'),
    InterfaceError("connection already closed"),
]


@pytest.mark.parametrize("exc", SAMPLES, ids=lambda e: type(e).__name__)
def test_every_mapped_error_has_a_human_message(exc, caplog):
    with caplog.at_level(logging.INFO, logger="audiofiler.exceptions"):
        response = exception_handler(exc, {})

    message = response.data["message"]
    assert not INTERNALS.search(message), message
    assert ACTIONS.search(message), message
    assert message[0].isupper() or message.startswith("iTunes")
    assert message.endswith(".")
    assert str(exc) in caplog.text  # the detail is logged


def test_every_row_of_the_table_is_exercised():
    covered = {type(e) for e in SAMPLES}
    rows = {row[0] for row in ERROR_TABLE} - {provider_errors.UnknownProvider}
    assert rows <= covered | {provider_errors.ProviderError}


def test_rate_limited_says_when_to_come_back():
    exc = provider_errors.ProviderRateLimited("x", retry_after=12.2, provider="itunes")

    response = exception_handler(exc, {})

    assert response.status_code == 503
    assert response["Retry-After"] == "13"
    assert response.data == {
        "error": "rate_limited",
        "message": "iTunes is getting more requests from us than it allows right "
        "now. Try again in 13 seconds, or upload the file instead.",
    }


def test_a_text_file_upload_gets_a_plain_message(active_model, caplog):
    upload = io.BytesIO(b"Dear diary, today I uploaded a text file.\n" * 50)
    upload.name = "notes.txt"

    with caplog.at_level(logging.INFO, logger="audiofiler.exceptions"):
        response = APIClient().post(
            "/api/classifications", {"file": upload}, format="multipart"
        )

    assert response.status_code == 400
    body = response.json()
    assert body["error"] == "not_audio"
    assert not INTERNALS.search(body["message"]), body["message"]
    assert "Upload" in body["message"] or "Try" in body["message"]
    assert "notes.txt" not in body["message"]
    assert "does not begin like any accepted" in caplog.text  # the detail is logged


def test_an_unexpected_error_is_a_json_500_without_a_traceback(
    active_model, monkeypatch, caplog
):
    def explode(**kwargs):
        raise KeyError("internal detail")

    monkeypatch.setattr(
        "classifier.apis.classifications.upload_classify", explode, raising=True
    )
    upload = io.BytesIO(b"RIFF....")
    upload.name = "x.wav"

    with caplog.at_level(logging.ERROR, logger="audiofiler.exceptions"):
        response = APIClient(raise_request_exception=False).post(
            "/api/classifications", {"file": upload}, format="multipart"
        )

    assert response.status_code == 500
    assert response.json()["error"] == "server_error"
    assert "internal detail" not in response.json()["message"]
    assert "internal detail" in caplog.text


def test_throttled_says_how_long_to_wait():
    from rest_framework.exceptions import Throttled

    response = exception_handler(Throttled(wait=41.3), {})

    assert response.status_code == 429
    assert response.data["message"] == (
        "You have sent more requests than we answer in a short while. "
        "Try again in 42 seconds."
    )


@pytest.mark.parametrize(
    ("n_bytes", "text"),
    [(512, "512 bytes"), (5000, "4.88 KB"), (25 * 2**20, "25 MB"), (3 * 2**30, "3 GB")],
)
def test_human_size(n_bytes, text):
    assert human_size(n_bytes) == text
