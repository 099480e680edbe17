"""One place that turns the core's typed errors into HTTP statuses and JSON bodies.

Every error body is ``{"error": "<code>", "message": "..."}``.
"""

import logging
import math

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import Http404
from rest_framework import exceptions as drf_exceptions
from rest_framework import status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from classifier.audio import errors as audio_errors
from classifier.ml import errors as ml_errors
from classifier.providers import errors as provider_errors

logger = logging.getLogger(__name__)


class ServiceError(Exception):
    """An error raised by a service with its own code and status."""

    def __init__(self, message: str, *, code: str, status_code: int) -> None:
        super().__init__(message)
        self.code = code
        self.status_code = status_code


# (error type, status, code) — the first matching row wins, so subclasses come first.
ERROR_TABLE: tuple[tuple[type[Exception], int, str], ...] = (
    (audio_errors.AudioTooLongError, 413, "audio_too_long"),
    (audio_errors.AudioTooShortError, 400, "audio_too_short"),
    (audio_errors.AudioDecodeError, 400, "undecodable_audio"),
    (provider_errors.DownloadTooLarge, 413, "too_large"),
    (provider_errors.TrackNotFound, 404, "track_not_found"),
    (provider_errors.NoPreview, 422, "no_preview"),
    (provider_errors.ProviderRateLimited, 503, "rate_limited"),
    (provider_errors.ProviderTimeout, 504, "provider_timeout"),
    (provider_errors.DownloadTimeout, 504, "provider_timeout"),
    (provider_errors.DownloadRefused, 502, "preview_refused"),
    (provider_errors.ProviderUnavailable, 502, "provider_unavailable"),
    (provider_errors.UnknownProvider, 400, "unknown_provider"),
    (provider_errors.ProviderError, 502, "provider_error"),
    (ml_errors.ArtifactError, 503, "model_unavailable"),
    (ml_errors.ModelError, 500, "model_error"),
)

DRF_CODES = {
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


def error_response(code: str, message: str, status_code: int, **headers) -> Response:
    response = Response({"error": code, "message": message}, status=status_code)
    for name, value in headers.items():
        response[name] = value
    return response


def exception_handler(exc: Exception, context: dict) -> Response | None:
    if isinstance(exc, Http404):
        exc = drf_exceptions.NotFound(str(exc) or "Not found.")
    elif isinstance(exc, DjangoPermissionDenied):
        exc = drf_exceptions.PermissionDenied()
    if isinstance(exc, ServiceError):
        return error_response(exc.code, str(exc), exc.status_code)
    for error_type, status_code, code in ERROR_TABLE:
        if isinstance(exc, error_type):
            logger.info("%s: %s", code, exc)
            headers = {}
            retry_after = getattr(exc, "retry_after", None)
            if status_code == status.HTTP_503_SERVICE_UNAVAILABLE and retry_after:
                headers["Retry-After"] = str(max(1, math.ceil(retry_after)))
            elif code == "rate_limited":
                headers["Retry-After"] = "60"
            return error_response(code, str(exc), status_code, **headers)
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    code = next(
        (c for t, c in DRF_CODES.items() if isinstance(exc, t)),
        getattr(exc, "default_code", "error"),
    )
    message = _drf_message(response.data)
    body_headers = {k: v for k, v in response.items() if k == "Retry-After"}
    body = error_response(code, message, response.status_code, **body_headers)
    if isinstance(exc, drf_exceptions.ValidationError):
        body.data["fields"] = response.data
    return body


def _drf_message(data) -> str:
    if isinstance(data, dict):
        if "detail" in data:
            return str(data["detail"])
        return "; ".join(f"{key}: {_drf_message(value)}" for key, value in data.items())
    if isinstance(data, list):
        return " ".join(_drf_message(item) for item in data)
    return str(data)
