import pytest
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db


def test_openapi_schema_lists_every_endpoint():
    response = APIClient().get("/api/schema/", {"format": "json"})

    assert response.status_code == 200
    schema = response.json()
    assert schema["info"]["title"] == "AudioFiler API"
    assert set(schema["paths"]) == {
        "/api/search",
        "/api/classifications",
        "/api/classifications/{classification_id}",
        "/api/classifications/stream",
        "/api/classifications/{classification_id}/feedback",
        "/api/classifications/{classification_id}/features",
        "/api/classifications/{classification_id}/similar",
        "/api/clusters",
        "/api/models",
        "/api/models/active",
        "/api/models/{version}",
        "/api/tracks/{provider}/{track_id}/audio",
    }
    assert set(schema["paths"]["/api/classifications"]) == {"post"}


def test_swagger_ui_is_served_without_a_cdn():
    response = APIClient().get("/api/docs/")

    assert response.status_code == 200
    page = response.content.decode()
    assert "swagger-ui" in page
    assert "cdn.jsdelivr" not in page
    assert "/static/drf_spectacular_sidecar/" in page
