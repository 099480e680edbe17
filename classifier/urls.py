from django.urls import path

from .apis.classifications import ClassificationCreateApi, ClassificationDetailApi
from .apis.models import ActiveModelApi
from .apis.search import TrackSearchApi

urlpatterns = [
    path("search", TrackSearchApi.as_view(), name="search"),
    path(
        "classifications",
        ClassificationCreateApi.as_view(),
        name="classification-create",
    ),
    path(
        "classifications/<uuid:classification_id>",
        ClassificationDetailApi.as_view(),
        name="classification-detail",
    ),
    path("models/active", ActiveModelApi.as_view(), name="model-active"),
]
