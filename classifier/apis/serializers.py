"""Output serializers shared by the API modules."""

from django.urls import reverse
from rest_framework import serializers

from classifier.models import Classification, ModelVersion
from classifier.providers.local import NAME as LOCAL


class TrackSerializer(serializers.Serializer):
    provider = serializers.CharField()
    id = serializers.CharField()
    title = serializers.CharField()
    artist = serializers.CharField(allow_blank=True)
    album = serializers.CharField(allow_null=True, required=False)
    artwork_url = serializers.CharField(allow_null=True, required=False)
    duration_s = serializers.FloatField(allow_null=True, required=False)
    isrc = serializers.CharField(allow_null=True, required=False)


class TrackWithPreviewSerializer(TrackSerializer):
    """A search result with the URL a player can play: our own for local files."""

    preview_url = serializers.SerializerMethodField()

    def get_preview_url(self, track: dict) -> str | None:
        if track["provider"] == LOCAL:
            return reverse(
                "track-audio",
                kwargs={"provider": track["provider"], "track_id": track["id"]},
            )
        return track.get("preview_url") or None


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

    def to_representation(self, classification: Classification) -> dict:
        """What the fields above give, built directly: this runs for every answer,
        and DRF's generic path deep-copies every declared field on each call (a
        tenth of a cached answer's CPU). The declarations stay for the schema."""
        model_version = classification.model_version
        return {
            "id": str(classification.id),
            "track": _string_keys(classification.track),
            "genres": [_string_keys(row) for row in classification.genres],
            "timeline": [_string_keys(row) for row in classification.timeline],
            "model": {
                "version": str(model_version.version),
                "genres": [str(genre) for genre in model_version.genres],
                "accuracy": model_version.headline_metrics.get("accuracy"),
            },
            "timings_ms": _string_keys(classification.timings_ms),
            "cached": self.get_cached(classification),
        }


def _string_keys(mapping: dict) -> dict:
    """A ``DictField``'s representation: the keys as strings, the values as is."""
    return {str(key): value for key, value in mapping.items()}
