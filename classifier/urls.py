from django.urls import path

from . import apis

urlpatterns = [
    path("search", apis.TrackSearchApi.as_view(), name="search"),
    path(
        "classifications",
        apis.ClassificationCreateApi.as_view(),
        name="classification-create",
    ),
    path(
        "classifications/<uuid:classification_id>",
        apis.ClassificationDetailApi.as_view(),
        name="classification-detail",
    ),
    path("models/active", apis.ActiveModelApi.as_view(), name="model-active"),
]
