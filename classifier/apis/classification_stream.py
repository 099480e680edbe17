"""``POST /api/classifications/stream``: the same classification, with its stages.

The inputs are those of ``POST /api/classifications``. What can be checked before the
work starts (the input, its size, the throttle, the model, the provider's name,
whether an upload's bytes begin like an audio format) answers as the usual JSON
error. Otherwise the answer is ``200 text/event-stream``:

    event: stage   data: {"stage": "fetching", "elapsed_ms": 3}
    event: result  data: <the body POST /api/classifications answers with 201>
    event: error   data: {"error", "message", "status", "retry_after"}

Each stage is sent when the server starts it. The work runs in a thread of its own
(the response's iterator only relays its events), with its own database connection.
"""

import logging
import queue
import threading
import time
from collections.abc import Callable, Iterator

from django.conf import settings
from django.db import connections
from django.http import StreamingHttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework.renderers import JSONRenderer

from audiofiler.exceptions import exception_handler
from classifier.apis.classifications import ClassificationCreateApi, _refuse_oversized
from classifier.apis.serializers import ClassificationOutputSerializer
from classifier.apis.tracks import FirstRenderer
from classifier.audio.sniff import sniff_container
from classifier.providers.budget import time_budget
from classifier.services.classify import (
    track_classify,
    upload_classify,
    upload_too_large_error,
)
from classifier.services.models import active_predictor_get
from classifier.services.providers import provider_get

logger = logging.getLogger(__name__)
_DONE = object()


class ClassificationStreamApi(ClassificationCreateApi):
    # Errors before the stream are JSON even for ``Accept: text/event-stream``.
    content_negotiation_class = FirstRenderer

    @extend_schema(
        request=ClassificationCreateApi.ClassifyInputSerializer,
        responses={
            (200, "text/event-stream"): OpenApiResponse(
                OpenApiTypes.STR,
                description="Server-sent events: `stage` ({stage, elapsed_ms}) as "
                "each of fetching, decoding, extracting, predicting starts; then "
                "`result` (the body POST /api/classifications answers with 201) or "
                "`error` ({error, message, status, retry_after}).",
            ),
            (400, "application/json"): OpenApiResponse(description="Bad input"),
            (413, "application/json"): OpenApiResponse(description="Too large"),
            (503, "application/json"): OpenApiResponse(description="No model"),
        },
    )
    def post(self, request):
        started = time.perf_counter()
        _refuse_oversized(request)
        data = self.ClassifyInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        upload = data.validated_data.get("file")
        active_predictor_get()  # no model: 503 before the stream starts
        if upload is not None:
            if upload.size > settings.AUDIOFILER_MAX_UPLOAD_BYTES:
                raise upload_too_large_error(upload.size)
            name, content = upload.name, upload.read()
            # Bytes no audio format begins with: a plain 400 before the stream, as
            # the JSON API answers (a file that only fails to decode is an event).
            sniff_container(content)

            def work(on_stage):
                return upload_classify(name=name, data=content, on_stage=on_stage)
        else:
            provider = data.validated_data["provider"]
            track_id = data.validated_data["track_id"]
            provider_get(provider)  # an unknown name: 400 before the stream starts

            def work(on_stage):
                return track_classify(
                    provider=provider, track_id=track_id, on_stage=on_stage
                )

        context = {"view": self, "request": request}
        response = StreamingHttpResponse(
            _events(work, started=started, context=context),
            content_type="text/event-stream",
        )
        response["Cache-Control"] = "no-cache"
        response["X-Accel-Buffering"] = "no"
        return response


def sse(event: str, data: dict | bytes) -> bytes:
    """One server-sent event (the JSON has no newlines, so one ``data:`` line)."""
    if isinstance(data, dict):
        data = JSONRenderer().render(data)
    return b"event: " + event.encode() + b"\ndata: " + data + b"\n\n"


def _events(work: Callable, *, started: float, context: dict) -> Iterator[bytes]:
    """Run ``work`` in a thread (under the request time budget) and relay its
    stages, then its result or error."""
    events: queue.Queue = queue.Queue()

    def on_stage(stage: str) -> None:
        elapsed_ms = round((time.perf_counter() - started) * 1000.0)
        events.put(sse("stage", {"stage": stage, "elapsed_ms": elapsed_ms}))

    def run() -> None:
        # The middleware's budget ended when the view returned: this thread (the
        # response's body) gets a whole one of its own.
        try:
            with time_budget(settings.AUDIOFILER_REQUEST_BUDGET_S):
                classification = work(on_stage)
            body = ClassificationOutputSerializer(classification).data
            events.put(sse("result", JSONRenderer().render(body)))
        except Exception as exc:  # every failure becomes an error event
            events.put(sse("error", _error_body(exc, context)))
        finally:
            connections.close_all()
            events.put(_DONE)

    threading.Thread(target=run, name="classification-stream", daemon=True).start()
    while (event := events.get()) is not _DONE:
        yield event


def _error_body(exc: Exception, context: dict) -> dict:
    """What the JSON API would answer for ``exc``: code, message, status, retry."""
    response = exception_handler(exc, context)  # logs it; a 500 for the unknown
    retry_after = response.get("Retry-After")
    return {
        "error": response.data["error"],
        "message": response.data["message"],
        "status": response.status_code,
        "retry_after": int(retry_after) if retry_after else None,
    }
