import json

import pytest
from django.test import Client

from audiofiler.templatetags import frontend

pytestmark = pytest.mark.django_db


@pytest.fixture
def manifest(settings, tmp_path, monkeypatch):
    dist = tmp_path / "frontend" / "dist"
    dist.mkdir(parents=True)
    (dist / "manifest.json").write_text(
        json.dumps(
            {
                "main.js": "frontend/main.0123abcd.js",
                "frontend/styles.css": "frontend/styles.89ab.css",
                "frontend/favicon.svg": "frontend/favicon.cdef.svg",
            }
        )
    )
    settings.BASE_DIR = tmp_path
    frontend._manifest.cache_clear()
    yield
    frontend._manifest.cache_clear()


def test_index_page_loads_the_hashed_bundle(manifest, settings):
    settings.AUDIOFILER_MAX_UPLOAD_BYTES = 1234
    settings.AUDIOFILER_MAX_AUDIO_SECONDS = 60.0
    response = Client().get("/")

    assert response.status_code == 200
    page = response.content.decode()
    assert '<script src="/static/frontend/main.0123abcd.js" defer></script>' in page
    assert '<link rel="stylesheet" href="/static/frontend/styles.89ab.css">' in page
    assert (
        '<link rel="icon" href="/static/frontend/favicon.cdef.svg" '
        'type="image/svg+xml">' in page
    )
    # The upload caps the page checks before sending a file.
    assert '<div id="root" data-max-upload-bytes="1234" ' in page
    assert 'data-max-audio-seconds="60.0">' in page
    assert "csrftoken" in response.cookies


def test_index_page_without_a_bundle_says_how_to_build_it(settings, tmp_path):
    settings.BASE_DIR = tmp_path
    frontend._manifest.cache_clear()

    response = Client().get("/")

    assert response.status_code == 200
    assert "run <code>make frontend</code>" in response.content.decode()
    frontend._manifest.cache_clear()
