"""The project's URLs plus views that fail, for the error page tests."""

from django.db import OperationalError
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


def database_down_page(request):
    raise OperationalError(f"connection refused: {SECRET}")


class DatabaseDownApi(APIView):
    def get(self, request):
        raise OperationalError(f"connection refused: {SECRET}")


urlpatterns = [
    path("database-down", database_down_page),
    path("api/database-down", DatabaseDownApi.as_view()),
    path("api/database-down-outside-drf", database_down_page),
    path("broken", broken_page),
    path("api/broken", BrokenApi.as_view()),
    path("api/broken-outside-drf", broken_page),
    *project_urlpatterns,
]
