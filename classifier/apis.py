"""The HTTP API: thin views over services and selectors."""

from django.conf import settings
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.generics import get_object_or_404
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from audiofiler.exceptions import ServiceError
from classifier.models import (
    PROVIDER_MAX_LENGTH,
    TRACK_ID_MAX_LENGTH,
    Classification,
    ModelVersion,
)
from classifier.selectors import model_active_get, track_search
from classifier.services.classify import track_classify, upload_classify
from classifier.services.models import no_model_error


class TrackSerializer(serializers.Serializer):
    provider = serializers.CharField()
    id = serializers.CharField()
    title = serializers.CharField()
    artist = serializers.CharField(allow_blank=True)
    album = serializers.CharField(allow_null=True, required=False)
    artwork_url = serializers.CharField(allow_null=True, required=False)
    duration_s = serializers.FloatField(allow_null=True, required=False)
    isrc = serializers.CharField(allow_null=True, required=False)


class ModelSummarySerializer(serializers.Serializer):
    version = serializers.CharField()
    genres = serializers.ListField(child=serializers.CharField())
    accuracy = serializers.SerializerMethodField()

    def get_accuracy(self, model_version: ModelVersion) -> float | None:
        return model_version.headline_metrics.get("accuracy")


class ClassificationOutputSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    track = serializers.DictField()
    genres = serializers.ListField(child=serializers.DictField())
    timeline = serializers.ListField(child=serializers.DictField())
    model = ModelSummarySerializer(source="model_version")
    timings_ms = serializers.DictField()
    cached = serializers.SerializerMethodField()

    def get_cached(self, classification: Classification) -> bool:
        """Whether this answer is a stored result (the timings are the original's)."""
        return getattr(classification, "cached", False)


class TrackSearchApi(APIView):
    class SearchInputSerializer(serializers.Serializer):
        q = serializers.CharField(max_length=200, trim_whitespace=True)
        provider = serializers.CharField(
            required=False, allow_blank=True, max_length=PROVIDER_MAX_LENGTH
        )
        limit = serializers.IntegerField(required=False, min_value=1, max_value=50)

    class SearchOutputSerializer(serializers.Serializer):
        query = serializers.CharField()
        results = TrackSerializer(many=True)
        errors = serializers.DictField(child=serializers.CharField())

    @extend_schema(parameters=[SearchInputSerializer], responses=SearchOutputSerializer)
    def get(self, request):
        params = self.SearchInputSerializer(data=request.query_params)
        params.is_valid(raise_exception=True)
        found = track_search(
            query=params.validated_data["q"],
            provider=params.validated_data.get("provider") or None,
            limit=params.validated_data.get("limit", 10),
        )
        return Response(self.SearchOutputSerializer(found).data)


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
                raise _too_large(upload.size)
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


class ActiveModelApi(APIView):
    class ActiveModelOutputSerializer(ModelSummarySerializer):
        extractor_version = serializers.CharField()
        metrics = serializers.DictField()
        created_at = serializers.DateTimeField()

    @extend_schema(responses=ActiveModelOutputSerializer)
    def get(self, request):
        model_version = model_active_get()
        if model_version is None:
            raise no_model_error()
        return Response(self.ActiveModelOutputSerializer(model_version).data)


def _too_large(size: int) -> ServiceError:
    return ServiceError(
        f"The upload is {size} bytes; the limit is "
        f"{settings.AUDIOFILER_MAX_UPLOAD_BYTES}.",
        code="too_large",
        status_code=413,
    )


def _refuse_oversized(request) -> None:
    """Refuse a body past the cap from its Content-Length, before reading it."""
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = 0
    # Multipart framing adds a little to the file's own size.
    if length > settings.AUDIOFILER_MAX_UPLOAD_BYTES + 64 * 1024:
        raise _too_large(length)
