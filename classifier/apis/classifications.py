"""``POST /api/classifications`` and ``GET /api/classifications/<id>``."""

from django.conf import settings
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.generics import get_object_or_404
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from audiofiler.parsers import JSONParser
from classifier.apis.serializers import ClassificationOutputSerializer
from classifier.models import (
    PROVIDER_MAX_LENGTH,
    TRACK_ID_MAX_LENGTH,
    Classification,
)
from classifier.services.classify import (
    track_classify,
    upload_classify,
    upload_too_large_error,
)


class ClassificationCreateApi(APIView):
    parser_classes = [JSONParser, MultiPartParser, FormParser]
    throttle_scope = "classify"

    class ClassifyInputSerializer(serializers.Serializer):
        provider = serializers.CharField(required=False, max_length=PROVIDER_MAX_LENGTH)
        track_id = serializers.CharField(required=False, max_length=TRACK_ID_MAX_LENGTH)
        file = serializers.FileField(required=False)

        def validate(self, attrs):
            has_track = bool(attrs.get("provider") and attrs.get("track_id"))
            if has_track == bool(attrs.get("file")):
                raise serializers.ValidationError(
                    "Send either {provider, track_id} or a multipart file."
                )
            return attrs

    @extend_schema(
        request=ClassifyInputSerializer, responses={201: ClassificationOutputSerializer}
    )
    def post(self, request):
        _refuse_oversized(request)
        data = self.ClassifyInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        upload = data.validated_data.get("file")
        if upload is not None:
            if upload.size > settings.AUDIOFILER_MAX_UPLOAD_BYTES:
                raise upload_too_large_error(upload.size)
            classification = upload_classify(name=upload.name, data=upload.read())
        else:
            classification = track_classify(
                provider=data.validated_data["provider"],
                track_id=data.validated_data["track_id"],
            )
        return Response(ClassificationOutputSerializer(classification).data, status=201)


class ClassificationDetailApi(APIView):
    @extend_schema(responses=ClassificationOutputSerializer)
    def get(self, request, classification_id):
        classification = get_object_or_404(
            Classification.objects.select_related("model_version"), pk=classification_id
        )
        return Response(ClassificationOutputSerializer(classification).data)


def _refuse_oversized(request) -> None:
    """Refuse a body past the cap from its Content-Length, before reading it."""
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = 0
    # Multipart framing adds a little to the file's own size.
    if length > settings.AUDIOFILER_MAX_UPLOAD_BYTES + 64 * 1024:
        raise upload_too_large_error(length)
