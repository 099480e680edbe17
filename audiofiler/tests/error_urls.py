"""The project's URLs plus views that fail, for the error page tests."""

from django.urls import path
from rest_framework.views import APIView

from audiofiler.urls import handler400, handler403, handler404, handler500  # noqa: F401
from audiofiler.urls import urlpatterns as project_urlpatterns

SECRET = "internal detail: /srv/app/settings.py password=hunter2"


def broken_page(request):
    raise RuntimeError(SECRET)


class BrokenApi(APIView):
    def get(self, request):
        raise RuntimeError(SECRET)


urlpatterns = [
    path("broken", broken_page),
    path("api/broken", BrokenApi.as_view()),
    path("api/broken-outside-drf", broken_page),
    *project_urlpatterns,
]
