"""``GET /api/models`` and ``GET /api/models/<version>``: what the models page draws."""

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from audiofiler.exceptions import ServiceError
from classifier.selectors_models import (
    model_details,
    model_summaries,
    model_version_get,
)


class ModelListItemSerializer(serializers.Serializer):
    version = serializers.CharField()
    created_at = serializers.DateTimeField()
    active = serializers.BooleanField()
    genres = serializers.ListField(child=serializers.CharField())
    extractor_version = serializers.CharField()
    accuracy = serializers.FloatField(allow_null=True)
    accuracy_source = serializers.ChoiceField(
        choices=["cross_validation", "validation_split"]
    )
    tracks = serializers.IntegerField(allow_null=True)
    feedback_labels = serializers.IntegerField(allow_null=True)


class ModelListApi(APIView):
    @extend_schema(responses=ModelListItemSerializer(many=True))
    def get(self, request):
        """Every trained version, newest first; ``active`` marks the serving one."""
        return Response(ModelListItemSerializer(model_summaries(), many=True).data)


class ModelDetailApi(APIView):
    class ModelDetailOutputSerializer(ModelListItemSerializer):
        artifact_readable = serializers.BooleanField()
        git_commit = serializers.CharField(allow_null=True)
        temperature = serializers.FloatField(allow_null=True)
        best_epoch = serializers.IntegerField(allow_null=True)
        hyperparameters = serializers.DictField(allow_null=True)
        history = serializers.DictField(
            child=serializers.ListField(child=serializers.FloatField()),
            allow_null=True,
        )
        evaluations = serializers.DictField(
            child=serializers.DictField(allow_null=True)
        )
        calibration = serializers.DictField(allow_null=True)
        split = serializers.DictField(allow_null=True)
        training_data = serializers.DictField(allow_null=True)

    @extend_schema(responses=ModelDetailOutputSerializer)
    def get(self, request, version):
        """Per-epoch history, evaluations with confusion matrices, calibration and
        the training data's counts per genre, label origin and track source."""
        model_version = model_version_get(version)
        if model_version is None:
            raise ServiceError(
                f"There is no model version “{version}”. The models page lists them.",
                code="not_found",
                status_code=404,
            )
        details = model_details(model_version)
        return Response(self.ModelDetailOutputSerializer(details).data)
