"""The models page in Chromium: loaded on demand, two versions side by side, what
changed per genre (feedback included). Screenshots go to var/test-output/browser/."""

import re

import pytest
from django.core.management import call_command

from classifier.services.classify import track_classify
from classifier.services.training import model_train
from dataset.services.feedback import feedback_give

from .conftest import axe_violations
from .pages import open_page

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.slow]
TINY = {"epochs": 6, "hidden_units": (16, 8), "min_tracks": 5, "seed": 2}


@pytest.fixture
def two_versions(site, demo_songs, settings, tmp_path):
    """v1 before a visitor's correction, v2 (active) after it."""
    settings.AUDIOFILER_MODELS_DIR = tmp_path / "models"
    call_command("import_paa_genres")
    model_train(version="v1", **TINY)
    result = track_classify(provider="local", track_id=demo_songs[0].name)
    corrected = "Jazz" if result.genres[0]["genre"] != "Jazz" else "Rock"
    feedback_give(
        classification_id=result.pk, visitor="someone", verdict="wrong", genre=corrected
    )
    model_train(version="v2", activate=True, **TINY)
    return corrected


def test_compare_two_versions_on_the_models_page(page, site, two_versions, output_dir):
    requested = []
    page.on("request", lambda request: requested.append(request.url))
    open_page(page, site)
    chunk = re.compile(r"/static/frontend/models\.[0-9a-f]{8}\.js$")
    assert not any(chunk.search(url) for url in requested)  # not on the first page

    page.get_by_role("link", name="Models").click()
    page.get_by_role("heading", name="What changed per genre").wait_for()

    assert any(chunk.search(url) for url in requested)  # fetched when opened
    assert page.title() == "Models · AudioFiler"
    assert page.url.endswith("#/models")
    # B is the serving version, A the one before it.
    a = page.get_by_role("article", name=re.compile("^A v1"))
    b = page.get_by_role("article", name=re.compile("^B v2"))
    assert b.get_by_text("active", exact=True).is_visible()
    assert a.get_by_text("active", exact=True).count() == 0
    for column in (a, b):
        # Training and validation curves of loss and accuracy, drawn.
        assert column.locator("svg path.line").count() >= 4
        matrix = column.get_by_role("table", name=re.compile("^Rows: the true genre"))
        assert matrix.locator("tbody td").count() == 36
    assert "0 labelled by visitors' feedback." in a.inner_text()
    assert "1 labelled by visitors' feedback." in b.inner_text()
    assert a.get_by_role("img", name=re.compile("^Reliability over")).is_visible()
    changes = page.get_by_role("table", name=re.compile("per genre$"))
    row = changes.get_by_role("row", name=re.compile(f"^{two_versions}"))
    # v2 learned from the visitor's correction, v1 (before it) did not.
    assert re.search(r"0 → 1 \+1", row.inner_text())
    assert axe_violations(page) == []
    page.screenshot(path=output_dir / "models-1280.png", full_page=True)

    # B = none: A alone, and the choice kept in the address.
    page.get_by_label("Version B", exact=True).select_option("")
    assert page.get_by_role("article").count() == 1
    assert page.url.endswith("#/models?a=v1&b=")
    page.set_viewport_size({"width": 360, "height": 800})
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    assert axe_violations(page) == []
    page.screenshot(path=output_dir / "models-360.png", full_page=True)

    # Back returns to the classify page, as it was.
    page.go_back()
    page.get_by_role("combobox").wait_for()
    assert page.title() == "AudioFiler — which genres is this song?"
