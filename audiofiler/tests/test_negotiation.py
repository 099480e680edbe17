"""``JSONFirstNegotiation`` answers exactly as DRF's own negotiation does."""

import pytest
from django.http import Http404
from rest_framework.exceptions import NotAcceptable
from rest_framework.negotiation import DefaultContentNegotiation
from rest_framework.renderers import (
    BrowsableAPIRenderer,
    JSONRenderer,
    StaticHTMLRenderer,
)
from rest_framework.request import Request
from rest_framework.test import APIRequestFactory

from audiofiler.negotiation import JSONFirstNegotiation

ACCEPTS = [
    None,
    "",
    "*/*",
    " */* ",
    "application/json",
    "application/json; indent=4",
    "text/html",
    "text/html, */*;q=0.1",
    "application/json;q=0.5, text/html",
    "application/*",
    "image/png",
]
RENDERER_SETS = [
    [JSONRenderer()],
    [JSONRenderer(), BrowsableAPIRenderer()],
    [StaticHTMLRenderer(), JSONRenderer()],
]


def _answer(negotiation, accept, renderers, query="", suffix=None):
    headers = {} if accept is None else {"HTTP_ACCEPT": accept}
    request = Request(APIRequestFactory().get(f"/api/x{query}", **headers))
    try:
        renderer, media_type = negotiation.select_renderer(request, renderers, suffix)
    except NotAcceptable:
        return "406"
    except Http404:
        return "404"
    return type(renderer).__name__, media_type


@pytest.mark.parametrize("renderers", RENDERER_SETS, ids=["json", "json+html", "html"])
@pytest.mark.parametrize("accept", ACCEPTS)
@pytest.mark.parametrize("query", ["", "?format=json", "?format=api", "?q=a"])
def test_the_answer_is_drf_s(accept, renderers, query):
    expected = _answer(DefaultContentNegotiation(), accept, renderers, query)

    assert _answer(JSONFirstNegotiation(), accept, renderers, query) == expected


@pytest.mark.parametrize("suffix", ["json", "api"])
def test_a_format_suffix_is_drf_s(suffix):
    renderers = RENDERER_SETS[1]
    expected = _answer(DefaultContentNegotiation(), "*/*", renderers, suffix=suffix)

    assert _answer(JSONFirstNegotiation(), "*/*", renderers, suffix=suffix) == expected


def test_the_api_uses_it(client):
    response = client.get("/api/models/active", HTTP_ACCEPT="text/html")

    assert response["Content-Type"].startswith("application/json")
