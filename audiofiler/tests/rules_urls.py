"""A URL configuration that breaks every endpoint rule, for the rules' own tests."""

from django.http import HttpResponse
from django.urls import path
from django.views.decorators.csrf import csrf_exempt
from rest_framework.permissions import IsAdminUser
from rest_framework.response import Response
from rest_framework.views import APIView


class NoCsrfApi(APIView):
    authentication_classes = []

    def post(self, request):
        return Response({"ok": True})


class TrainApi(APIView):  # trains a model, but anyone may call it
    def post(self, request):
        return Response({"ok": True})


class BuildApi(APIView):
    permission_classes = [IsAdminUser]

    def post(self, request):
        return Response({"ok": True})


class UnthrottledApi(APIView):
    throttle_classes = []

    def get(self, request):
        return Response({"ok": True})


@csrf_exempt
def exempt_form(request):
    return HttpResponse("changed")


urlpatterns = [
    path("api/no-csrf", NoCsrfApi.as_view(), name="no-csrf"),
    path("api/models/<int:pk>/train", TrainApi.as_view(), name="model-train"),
    path("api/datasets/build", BuildApi.as_view(), name="dataset-build"),
    path("api/unthrottled", UnthrottledApi.as_view(), name="unthrottled"),
    path("form", exempt_form, name="exempt-form"),
]
