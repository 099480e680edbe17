"""``GET /api/classifications/<id>/similar`` and ``GET /api/clusters``."""

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.generics import get_object_or_404
from rest_framework.response import Response
from rest_framework.views import APIView

from classifier.models import Classification
from classifier.selectors_clusters import cluster_map_latest
from classifier.services.similar import MAX_LIMIT, similar_tracks


class SimilarTrackSerializer(serializers.Serializer):
    source = serializers.ChoiceField(choices=["dataset", "classification"])
    track = serializers.DictField()
    labels = serializers.ListField(child=serializers.CharField())
    genres = serializers.ListField(child=serializers.DictField())
    audio_url = serializers.CharField(allow_null=True)
    distance = serializers.FloatField()
    similarity = serializers.FloatField()


class SimilarTracksApi(APIView):
    class SimilarInputSerializer(serializers.Serializer):
        limit = serializers.IntegerField(min_value=1, max_value=MAX_LIMIT, default=10)

    class SimilarOutputSerializer(serializers.Serializer):
        model = serializers.CharField()
        metric = serializers.CharField()
        tracks = SimilarTrackSerializer(many=True)

    @extend_schema(
        parameters=[SimilarInputSerializer], responses=SimilarOutputSerializer
    )
    def get(self, request, classification_id):
        """The tracks that sound most like this result's clip, nearest first: the
        active model's embedding, cosine distance (``similarity`` = 1 - distance)."""
        query = self.SimilarInputSerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        classification = get_object_or_404(
            Classification.objects.select_related("model_version"), pk=classification_id
        )
        found = similar_tracks(
            classification=classification, limit=query.validated_data["limit"]
        )
        return Response(self.SimilarOutputSerializer(found).data)


class ClusterMapApi(APIView):
    class ClusterMapOutputSerializer(serializers.Serializer):
        model = serializers.CharField()
        k = serializers.IntegerField()
        seed = serializers.IntegerField()
        silhouette = serializers.DictField(child=serializers.FloatField())
        explained_variance = serializers.ListField(child=serializers.FloatField())
        created_at = serializers.DateTimeField()
        clusters = serializers.ListField(child=serializers.DictField())
        points = serializers.ListField(child=serializers.DictField())

    @extend_schema(responses=ClusterMapOutputSerializer)
    def get(self, request):
        """The latest ``cluster_tracks`` map: points (x, y, cluster, track, audio
        URL), each cluster's size and top labels and tags, silhouette per k."""
        return Response(self.ClusterMapOutputSerializer(cluster_map_latest()).data)
