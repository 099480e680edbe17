from django.urls import path

from .apis import ClassificationFeedbackApi

urlpatterns = [
    path(
        "classifications/<uuid:classification_id>/feedback",
        ClassificationFeedbackApi.as_view(),
        name="classification-feedback",
    ),
]
