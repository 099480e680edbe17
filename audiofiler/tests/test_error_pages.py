"""With DEBUG off, errors reach clients as plain words: no path, no exception, no
traceback; under /api/ as the JSON error body. The details go to the log."""

import logging

import pytest
from django.test import Client

from audiofiler.tests.error_urls import SECRET

pytestmark = pytest.mark.django_db
#: What Django's debug pages (and tracebacks) carry.
DEBUG_MARKERS = ("Traceback", "RuntimeError", "urlpatterns", "URLconf", SECRET)


@pytest.fixture
def broken_site(settings):
    settings.DEBUG = False
    settings.ROOT_URLCONF = "audiofiler.tests.error_urls"
    return Client(raise_request_exception=False)


def _assert_plain(response, status, title):
    text = response.content.decode()
    assert response.status_code == status
    assert response["Content-Type"].startswith("text/html")
    assert f"<h1>{title}</h1>" in text
    for marker in DEBUG_MARKERS:
        assert marker not in text


def test_a_page_that_fails_is_a_plain_500(broken_site, caplog):
    with caplog.at_level(logging.ERROR, logger="django.request"):
        response = broken_site.get("/broken")

    _assert_plain(response, 500, "Something went wrong")
    assert SECRET in caplog.text  # the operator still sees what failed


def test_an_unknown_page_is_a_plain_404(broken_site):
    response = broken_site.get("/no/such/page-<script>")

    _assert_plain(response, 404, "Not found")
    assert "no/such" not in response.content.decode()


@pytest.mark.parametrize("path", ["/api/broken", "/api/broken-outside-drf"])
def test_an_api_failure_is_a_json_500(broken_site, path, caplog):
    with caplog.at_level(logging.ERROR):
        response = broken_site.get(path)

    assert response.status_code == 500
    assert response.json() == {
        "error": "server_error",
        "message": "Something went wrong on our side. Try again; if it keeps "
        "happening, the site's operator can see what in the log.",
    }
    assert SECRET in caplog.text


def test_an_unknown_api_address_is_a_json_404(broken_site):
    response = broken_site.get("/api/nothing-here")

    assert response.status_code == 404
    assert response.json() == {
        "error": "not_found",
        "message": "There is nothing at this address. The API's endpoints are "
        "listed at /api/docs/.",
    }


def test_a_form_without_its_token_is_a_plain_403(broken_site):
    client = Client(enforce_csrf_checks=True)

    response = client.post("/admin/login/", {"username": "x", "password": "y"})

    _assert_plain(response, 403, "Forbidden")
    assert "Reload the page and try again." in response.content.decode()


def test_a_bad_host_is_a_plain_400(broken_site):
    response = broken_site.get("/", HTTP_HOST="evil.example")

    _assert_plain(response, 400, "Bad request")


def test_a_page_without_its_database_is_a_plain_503(broken_site, caplog):
    with caplog.at_level(logging.ERROR, logger="django.request"):
        response = broken_site.get("/database-down")

    _assert_plain(response, 503, "Temporarily unavailable")
    assert response["Retry-After"] == "5"
    assert "database is not answering" in response.content.decode()
    assert SECRET in caplog.text


@pytest.mark.parametrize(
    "path", ["/api/database-down", "/api/database-down-outside-drf"]
)
def test_an_api_without_its_database_is_a_json_503(broken_site, path, caplog):
    with caplog.at_level(logging.WARNING):
        response = broken_site.get(path)

    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    assert response.json() == {
        "error": "database_unavailable",
        "message": "The site's database is not answering right now (it may be "
        "restarting). Try again in 5 seconds.",
    }
    assert SECRET in caplog.text
