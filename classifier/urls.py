from django.urls import path

from .apis.classification_features import ClassificationFeaturesApi
from .apis.classification_stream import ClassificationStreamApi
from .apis.classifications import ClassificationCreateApi, ClassificationDetailApi
from .apis.model_versions import ModelDetailApi, ModelListApi
from .apis.models import ActiveModelApi
from .apis.search import TrackSearchApi
from .apis.similar import ClusterMapApi, SimilarTracksApi
from .apis.tracks import TrackAudioApi

urlpatterns = [
    path("search", TrackSearchApi.as_view(), name="search"),
    path(
        "classifications",
        ClassificationCreateApi.as_view(),
        name="classification-create",
    ),
    path(
        "classifications/stream",
        ClassificationStreamApi.as_view(),
        name="classification-stream",
    ),
    path(
        "classifications/<uuid:classification_id>",
        ClassificationDetailApi.as_view(),
        name="classification-detail",
    ),
    path(
        "classifications/<uuid:classification_id>/features",
        ClassificationFeaturesApi.as_view(),
        name="classification-features",
    ),
    path(
        "classifications/<uuid:classification_id>/similar",
        SimilarTracksApi.as_view(),
        name="classification-similar",
    ),
    path("clusters", ClusterMapApi.as_view(), name="cluster-map"),
    path("models", ModelListApi.as_view(), name="model-list"),
    path("models/active", ActiveModelApi.as_view(), name="model-active"),
    path("models/<str:version>", ModelDetailApi.as_view(), name="model-detail"),
    path(
        "tracks/<str:provider>/<path:track_id>/audio",
        TrackAudioApi.as_view(),
        name="track-audio",
    ),
]
