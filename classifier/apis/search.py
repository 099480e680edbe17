"""``GET /api/search``: merged results of the configured providers."""

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from classifier.apis.serializers import TrackWithPreviewSerializer
from classifier.models import PROVIDER_MAX_LENGTH
from classifier.services.search import track_search


class TrackSearchApi(APIView):
    class SearchInputSerializer(serializers.Serializer):
        q = serializers.CharField(max_length=200, trim_whitespace=True)
        provider = serializers.CharField(
            required=False, allow_blank=True, max_length=PROVIDER_MAX_LENGTH
        )
        limit = serializers.IntegerField(required=False, min_value=1, max_value=50)

    class SearchOutputSerializer(serializers.Serializer):
        query = serializers.CharField()
        results = TrackWithPreviewSerializer(many=True)
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
