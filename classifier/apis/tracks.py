"""``GET /api/tracks/<provider>/<track_id>/audio``: a local file, with ranges."""

from django.http import StreamingHttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework.negotiation import DefaultContentNegotiation
from rest_framework.views import APIView

from audiofiler.exceptions import error_response
from classifier.services.track_audio import (
    RangeNotSatisfiable,
    byte_range_parse,
    file_chunks,
    track_audio_get,
)


class FirstRenderer(DefaultContentNegotiation):
    """Errors as JSON whatever the client accepts (an ``<audio>`` asks for audio/*)."""

    def select_renderer(self, request, renderers, format_suffix=None):
        return renderers[0], renderers[0].media_type


class TrackAudioApi(APIView):
    content_negotiation_class = FirstRenderer
    # A player asks for many ranges while seeking; the files are static.
    throttle_classes = []

    @extend_schema(
        responses={
            (200, "audio/*"): OpenApiTypes.BINARY,
            (206, "audio/*"): OpenApiTypes.BINARY,
            404: OpenApiResponse(description="No such local track"),
            416: OpenApiResponse(description="The range starts past the end"),
        }
    )
    def get(self, request, provider, track_id):
        audio = track_audio_get(provider=provider, track_id=track_id)
        try:
            byte_range = byte_range_parse(request.headers.get("Range"), audio.size)
        except RangeNotSatisfiable:
            return error_response(
                "range_not_satisfiable",
                f"The file has {audio.size} bytes; the range asked for starts past "
                "its end.",
                416,
                **{"Content-Range": f"bytes */{audio.size}"},
            )
        start, length, status = 0, audio.size, 200
        if byte_range is not None:
            start, length, status = byte_range.start, byte_range.length, 206
        response = StreamingHttpResponse(
            file_chunks(audio.path, start=start, length=length),
            status=status,
            content_type=audio.content_type,
        )
        response["Content-Length"] = str(length)
        response["Accept-Ranges"] = "bytes"
        if byte_range is not None:
            response["Content-Range"] = (
                f"bytes {byte_range.start}-{byte_range.end}/{audio.size}"
            )
        return response
