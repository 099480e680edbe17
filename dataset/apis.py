"""``GET``/``POST /api/classifications/<id>/feedback``: a visitor's vote on a result.

The visitor is the browser session (created on the first vote). POST is CSRF-checked
for every visitor and throttled in its own scope, ``feedback``.
"""

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from dataset.models import Feedback
from dataset.selectors_feedback import (
    classification_get,
    feedback_vote_get,
    genre_choices,
)
from dataset.services.feedback import feedback_give, visitor_of


class VoteSerializer(serializers.Serializer):
    classification = serializers.UUIDField(source="classification_id")
    verdict = serializers.CharField()
    genre = serializers.CharField(source="genre.name")
    predicted = serializers.CharField()


class ClassificationFeedbackApi(APIView):
    class FeedbackInputSerializer(serializers.Serializer):
        verdict = serializers.ChoiceField(choices=Feedback.Verdict.values)
        genre = serializers.CharField(required=False, max_length=64)

        def validate(self, attrs):
            if attrs["verdict"] == Feedback.Verdict.WRONG and not attrs.get("genre"):
                raise serializers.ValidationError(
                    {"genre": "Say which genre it is when the model is wrong."}
                )
            return attrs

    class FeedbackOutputSerializer(serializers.Serializer):
        vote = VoteSerializer(allow_null=True)
        genres = serializers.DictField(child=serializers.ListField())

    class VoteOutputSerializer(serializers.Serializer):
        vote = VoteSerializer()
        replaced = serializers.BooleanField()

    @property
    def throttle_scope(self) -> str | None:
        """Votes count against the ``feedback`` rate; reading one's vote does not."""
        return "feedback" if self.request.method == "POST" else None

    @extend_schema(responses=FeedbackOutputSerializer)
    def get(self, request, classification_id):
        """The visitor's vote on this result (or null) and the genres to pick from."""
        classification = classification_get(classification_id)
        key = request.session.session_key
        vote = (
            feedback_vote_get(
                classification_id=classification.pk, visitor=visitor_of(key)
            )
            if key
            else None
        )
        data = {
            "vote": vote,
            "genres": genre_choices(model_genres=classification.model_version.genres),
        }
        return Response(self.FeedbackOutputSerializer(data).data)

    @extend_schema(
        request=FeedbackInputSerializer,
        responses={200: VoteOutputSerializer, 201: VoteOutputSerializer},
    )
    def post(self, request, classification_id):
        """Vote: "right", or "wrong" and the genre it is. A second vote replaces."""
        data = self.FeedbackInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        if not request.session.session_key:
            request.session.create()
        vote = feedback_give(
            classification_id=classification_id,
            visitor=visitor_of(request.session.session_key),
            verdict=data.validated_data["verdict"],
            genre=data.validated_data.get("genre"),
        )
        return Response(
            self.VoteOutputSerializer(
                {"vote": vote.feedback, "replaced": vote.replaced}
            ).data,
            status=200 if vote.replaced else 201,
        )
