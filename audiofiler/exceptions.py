"""One place that turns errors into HTTP statuses and JSON bodies people can read.

Every error body is ``{"error": "<code>", "message": "..."}``. The message says what was
wrong and what to do, in plain words; what the code knows beyond that (FFmpeg's
complaint, the provider's status, a stack trace) goes to the log, never to the client.
"""

import logging
import math
from collections.abc import Callable

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import (
    RequestDataTooBig,
    SuspiciousOperation,
    TooManyFieldsSent,
    TooManyFilesSent,
)
from django.db import InterfaceError as DatabaseInterfaceError
from django.db import OperationalError as DatabaseOperationalError
from django.http import Http404
from rest_framework import exceptions as drf_exceptions
from rest_framework import status
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from audiofiler.authentication import CsrfFailed
from classifier.audio import errors as audio_errors
from classifier.audio.names import AUDIO_SUFFIXES
from classifier.ml import errors as ml_errors
from classifier.ml.neighbours import MAX_EXACT_ROWS, IndexTooLargeError
from classifier.providers import errors as provider_errors

logger = logging.getLogger(__name__)

#: What a person can upload, for the messages.
FORMATS = ", ".join(
    sorted({suffix.lstrip(".").upper() for suffix in AUDIO_SUFFIXES} - {"OGA", "AIF"})
)
PROVIDER_NAMES = {
    "deezer": "Deezer",
    "itunes": "iTunes",
    "spotify": "Spotify",
    "local": "The music library",
}


class ServiceError(Exception):
    """An error raised by a service with its own code, status and human message."""

    def __init__(self, message: str, *, code: str, status_code: int) -> None:
        super().__init__(message)
        self.code = code
        self.status_code = status_code


def human_size(n_bytes: float) -> str:
    """``26214400`` -> ``"25 MB"`` (binary megabytes, as upload limits are set)."""
    for unit, size in (("GB", 2**30), ("MB", 2**20), ("KB", 2**10)):
        if n_bytes >= size:
            return f"{n_bytes / size:.3g} {unit}"
    return f"{int(n_bytes)} bytes"


def human_duration(seconds: float) -> str:
    """``600`` -> ``"10 minutes"``, ``45`` -> ``"45 seconds"``."""
    if seconds >= 120:
        return f"{seconds / 60:g} minutes"
    return f"{seconds:g} seconds"


def _provider(exc: Exception) -> str:
    name = getattr(exc, "provider", None)
    return PROVIDER_NAMES.get(name, "The music service") if name else "The service"


def _retry_after(exc: Exception) -> int | None:
    seconds = getattr(exc, "retry_after", None)
    return max(1, math.ceil(seconds)) if seconds else None


def _rate_limited(exc: Exception) -> str:
    wait = _retry_after(exc) or 60
    return (
        f"{_provider(exc)} is getting more requests from us than it allows right "
        f"now. Try again in {wait} seconds, or upload the file instead."
    )


#: Retry-After of a 503 while the database cannot be reached: a restart or a
#: failover takes seconds.
DATABASE_RETRY_AFTER_S = 5
DATABASE_UNAVAILABLE_MESSAGE = (
    "The site's database is not answering right now (it may be restarting). Try "
    f"again in {DATABASE_RETRY_AFTER_S} seconds."
)
#: Errors of a database that is down, restarting, unreachable or stalled
#: (a connection refused or cut, a connect or statement timeout).
DATABASE_ERRORS = (DatabaseOperationalError, DatabaseInterfaceError)

Message = Callable[[Exception], str]
# (error type, status, code, human message) -- the first matching row wins, so
# subclasses come first.
ERROR_TABLE: tuple[tuple[type[Exception], int, str, Message], ...] = (
    (
        audio_errors.AudioTooLongError,
        413,
        "audio_too_long",
        lambda e: (
            f"The audio is longer than {human_duration(e.max_seconds)}, the longest we "
            "analyse. Upload a shorter clip: 30 seconds of the song is plenty."
        ),
    ),
    (
        audio_errors.AudioTooShortError,
        400,
        "audio_too_short",
        lambda e: (
            "The audio is too short to analyse. Upload at least a few seconds of music."
        ),
    ),
    (
        audio_errors.NotAudioError,
        400,
        "not_audio",
        lambda e: (
            "This file is not audio, or not in a format we read: it does not begin "
            f"like any of them. Upload an audio file in one of these formats: "
            f"{FORMATS}."
        ),
    ),
    (
        audio_errors.AudioFormatError,
        400,
        "unsupported_format",
        lambda e: (
            f"This kind of file is not one we read. Upload an audio file in one of "
            f"these formats: {FORMATS}."
        ),
    ),
    (
        audio_errors.AudioSampleRateError,
        400,
        "unsupported_sample_rate",
        lambda e: (
            "The audio's sample rate is outside what we read (4 to 192 kHz). "
            "Convert it to 44.1 or 48 kHz and try again."
        ),
    ),
    (
        audio_errors.AudioChannelsError,
        400,
        "unsupported_channels",
        lambda e: (
            (
                "The audio says it has no channels, so there is no sound to read. "
                "Try another copy of the file."
            )
            if e.channels < 1
            else (
                f"The audio has {e.channels} channels; we read 1 to 8. Convert it "
                "to stereo and try again."
            )
        ),
    ),
    (
        audio_errors.AudioNoStreamError,
        400,
        "no_audio",
        lambda e: "The file has no sound in it. Upload an audio file.",
    ),
    (
        audio_errors.AudioDecodeError,
        400,
        "undecodable_audio",
        lambda e: (
            "We could not read this file as audio: it may be damaged, or not an "
            f"audio file at all. Try another copy, or a file in one of these formats: "
            f"{FORMATS}."
        ),
    ),
    (
        provider_errors.DownloadTooLarge,
        413,
        "too_large",
        lambda e: (
            f"The preview is larger than {human_size(e.max_bytes)}, the most we "
            "download. Pick another version of the song, or upload a shorter clip."
        ),
    ),
    (
        provider_errors.TrackNotFound,
        404,
        "track_not_found",
        lambda e: (
            f"{_provider(e)} does not know this track. Search again and pick one "
            "of the results."
        ),
    ),
    (
        provider_errors.NoPreview,
        422,
        "no_preview",
        lambda e: (
            "There is no preview of this track to listen to, so we cannot classify "
            "it. Try another version of the song, or upload the file."
        ),
    ),
    (provider_errors.ProviderRateLimited, 503, "rate_limited", _rate_limited),
    (
        provider_errors.ProviderTimeout,
        504,
        "provider_timeout",
        lambda e: (
            f"{_provider(e)} took too long to answer. Try again in a moment, or "
            "upload the file instead."
        ),
    ),
    (
        provider_errors.DownloadRefused,
        502,
        "preview_refused",
        lambda e: (
            "The preview link leads somewhere we do not download from. Pick "
            "another result, or upload the file."
        ),
    ),
    (
        provider_errors.UnknownProvider,
        400,
        "unknown_provider",
        lambda e: str(e),  # written for people: it lists the configured ones
    ),
    (
        provider_errors.ProviderError,
        502,
        "provider_unavailable",
        lambda e: (
            f"{_provider(e)} is not answering properly right now. Try again later, "
            "search another service, or upload the file."
        ),
    ),
    # Django refuses request bodies past its limits while DRF parses them
    # (DATA_UPLOAD_MAX_NUMBER_FIELDS, _NUMBER_FILES, _MEMORY_SIZE).
    (
        TooManyFieldsSent,
        400,
        "too_many_fields",
        lambda e: (
            "The request has more form fields than we read. Send a provider and a "
            "track id, or one file, and nothing else."
        ),
    ),
    (
        TooManyFilesSent,
        400,
        "too_many_files",
        lambda e: "The request carries more files than we read. Send one file.",
    ),
    (
        RequestDataTooBig,
        413,
        "too_large",
        lambda e: (
            "The request's form fields are larger than we read. Send the audio as a "
            "file upload, or a provider and a track id."
        ),
    ),
    (
        SuspiciousOperation,
        400,
        "bad_request",
        lambda e: "The server could not read this request. Try again from the page.",
    ),
    (
        DatabaseOperationalError,
        503,
        "database_unavailable",
        lambda e: DATABASE_UNAVAILABLE_MESSAGE,
    ),
    (
        DatabaseInterfaceError,
        503,
        "database_unavailable",
        lambda e: DATABASE_UNAVAILABLE_MESSAGE,
    ),
    (
        IndexTooLargeError,
        503,
        "similar_index_too_large",
        lambda e: (
            f"Similar tracks are switched off here: the collection has grown past "
            f"the {MAX_EXACT_ROWS:,} tracks we compare a clip with one by one. Try "
            "again later; the site's operator can move it to an approximate index."
        ),
    ),
    (
        ml_errors.ArtifactError,
        503,
        "model_unavailable",
        lambda e: (
            "The genre model cannot be loaded right now, so nothing can be "
            "classified. Try again later; the site's operator can see why in the log."
        ),
    ),
    (
        ml_errors.ModelError,
        500,
        "model_error",
        lambda e: (
            "The genre model failed on this audio. Try another file; the site's "
            "operator can see why in the log."
        ),
    ),
)

DRF_CODES = {
    CsrfFailed: "csrf_failed",
    drf_exceptions.ValidationError: "invalid",
    drf_exceptions.ParseError: "invalid",
    drf_exceptions.NotFound: "not_found",
    drf_exceptions.Throttled: "throttled",
    drf_exceptions.NotAuthenticated: "not_authenticated",
    drf_exceptions.AuthenticationFailed: "not_authenticated",
    drf_exceptions.PermissionDenied: "forbidden",
    drf_exceptions.MethodNotAllowed: "method_not_allowed",
    drf_exceptions.UnsupportedMediaType: "unsupported_media_type",
}
SERVER_ERROR_MESSAGE = (
    "Something went wrong on our side. Try again; if it keeps happening, the site's "
    "operator can see what in the log."
)


def error_response(code: str, message: str, status_code: int, **headers) -> Response:
    response = Response({"error": code, "message": message}, status=status_code)
    for name, value in headers.items():
        response[name] = value
    return response


def describe(exc: Exception) -> tuple[int, str, str] | None:
    """``(status, code, human message)`` of a core or service error, else None."""
    if isinstance(exc, ServiceError):
        return exc.status_code, exc.code, str(exc)
    for error_type, status_code, code, message in ERROR_TABLE:
        if isinstance(exc, error_type):
            return status_code, code, message(exc)
    return None


def exception_handler(exc: Exception, context: dict) -> Response:
    """DRF's ``EXCEPTION_HANDLER``: every exception becomes a JSON error body.

    JSON whatever renderer the view or the client's ``Accept`` picked: the docs'
    HTML renderer, the schema's YAML one, or none when negotiation itself failed
    (a 406), would each write the error their own way.
    """
    request = context.get("request")
    if request is not None:
        request.accepted_renderer = JSONRenderer()
        request.accepted_media_type = JSONRenderer.media_type
    if isinstance(exc, Http404):
        exc = drf_exceptions.NotFound(str(exc) or "Not found.")
    elif isinstance(exc, DjangoPermissionDenied):
        exc = drf_exceptions.PermissionDenied()
    described = describe(exc)
    if described is not None:
        status_code, code, message = described
        level = logging.WARNING if isinstance(exc, DATABASE_ERRORS) else logging.INFO
        logger.log(level, "%s (%s): %s", code, type(exc).__name__, exc)
        headers = {}
        if status_code == status.HTTP_503_SERVICE_UNAVAILABLE:
            default = DATABASE_RETRY_AFTER_S if isinstance(exc, DATABASE_ERRORS) else 60
            headers["Retry-After"] = str(_retry_after(exc) or default)
        return error_response(code, message, status_code, **headers)
    response = drf_exception_handler(exc, context)
    if response is None:
        logger.exception("unhandled error", exc_info=exc)
        return error_response("server_error", SERVER_ERROR_MESSAGE, 500)
    code = next(
        (c for t, c in DRF_CODES.items() if isinstance(exc, t)),
        getattr(exc, "default_code", "error"),
    )
    message = _drf_message(exc, response.data)
    body_headers = {k: v for k, v in response.items() if k == "Retry-After"}
    body = error_response(code, message, response.status_code, **body_headers)
    if isinstance(exc, drf_exceptions.ValidationError):
        body.data["fields"] = response.data
    return body


def _drf_message(exc: Exception, data) -> str:
    if isinstance(exc, drf_exceptions.Throttled):
        wait = math.ceil(exc.wait) if exc.wait else 60
        return (
            f"You have sent more requests than we answer in a short while. "
            f"Try again in {wait} seconds."
        )
    return _flatten(data)


def _flatten(data) -> str:
    if isinstance(data, dict):
        if "detail" in data:
            return str(data["detail"])
        return "; ".join(f"{key}: {_flatten(value)}" for key, value in data.items())
    if isinstance(data, list):
        return " ".join(_flatten(item) for item in data)
    return str(data)
