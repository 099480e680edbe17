"""``GET /api/classifications/<id>/features``: the feature pictures and the profile."""

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from classifier.services.feature_pictures import classification_features


class ClassificationFeaturesApi(APIView):
    class OutputSerializer(serializers.Serializer):
        id = serializers.UUIDField()
        model_version = serializers.CharField()
        pictures = serializers.DictField(
            help_text="waveform, spectrogram, chromagram, mfcc: each {shape, data "
            "(base64 uint8, row after row, row 0 at the bottom), min, max, unit}"
        )
        timings_ms = serializers.DictField(child=serializers.FloatField())
        profile = serializers.DictField(
            allow_null=True,
            help_text="the clip's traits against each genre's training values "
            "(z-scores) and sentences saying what stands out",
        )
        profile_unavailable = serializers.CharField(allow_null=True)

    @extend_schema(responses=OutputSerializer)
    def get(self, request, classification_id):
        """What the extractor saw of the clip, and how it compares with each genre."""
        features = classification_features(classification_id=classification_id)
        return Response(self.OutputSerializer(features).data)
