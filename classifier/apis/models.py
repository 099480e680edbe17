"""``GET /api/models/active``: the serving model, its genres and metrics."""

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from classifier.apis.serializers import ModelSummarySerializer
from classifier.selectors import model_active_get
from classifier.services.models import no_model_error


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
