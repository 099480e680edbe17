"""Similar tracks and the clusters page in Chromium: the "Sounds like" list under a
result plays a neighbour; the map (its code loaded on demand) shows a track on hover
and on keyboard focus and plays it on click. Screenshots at 1280 and 360 px."""

import re
from urllib.parse import quote

import pytest
from django.core.management import call_command

from classifier.demo.catalogue import read_tags
from classifier.services.library import library_classify

from .conftest import axe_violations
from .pages import BARS_SHOWN, open_page, pick_with_keyboard, tab_to_search

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.slow]
PLAYING = "(selector) => { const a = document.querySelector(selector); " \
          "return a && !a.paused && a.currentTime > 0; }"  # fmt: skip


#: The accessible name of the dot at (x, y).
TOPMOST = "([x, y]) => document.elementFromPoint(x, y).getAttribute('aria-label')"


@pytest.fixture
def mapped(site, demo_songs):
    """The bundled songs, the demo songs classified, and a cluster map of them."""
    call_command("import_paa_genres")
    library_classify()
    call_command("cluster_tracks", k_max=6)
    return demo_songs


def _fits(page, name, output_dir):
    assert axe_violations(page) == []
    page.screenshot(path=output_dir / f"{name}-1280.png", full_page=True)
    page.set_viewport_size({"width": 360, "height": 800})
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    assert axe_violations(page) == []
    page.screenshot(path=output_dir / f"{name}-360.png", full_page=True)


def test_the_clusters_page_shows_and_plays_tracks(page, site, mapped, output_dir):
    requested = []
    page.on("request", lambda request: requested.append(request.url))
    open_page(page, site)
    chunk = re.compile(r"/static/frontend/clusters\.[0-9a-f]{8}\.js$")
    assert not any(chunk.search(url) for url in requested)

    page.get_by_role("link", name="Clusters").click()
    page.get_by_role("group", name=re.compile("^Map of 585 tracks")).wait_for()

    assert any(chunk.search(url) for url in requested)
    assert page.title() == "Clusters · AudioFiler"
    assert page.locator("circle.dot").count() == 585
    legend = page.get_by_role("list", name="Clusters").get_by_role("listitem")
    assert 2 <= legend.count() <= 6
    assert re.search(r"Cluster 1 · \d+ tracks: \w+ \d+", legend.first.inner_text())
    # Hover: the dot under the pointer is named in the card.
    card = page.locator(".track-card")
    bundled = page.get_by_role("button", name=re.compile(", no audio$")).first
    box = bundled.bounding_box()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    under = page.evaluate(
        TOPMOST, [box["x"] + box["width"] / 2, box["y"] + box["height"] / 2]
    )
    assert under.split(", cluster")[0] in card.inner_text()
    # Keyboard: one tab stop in the map; arrows move along the dots, the card follows.
    bundled.focus()
    before = card.inner_text()
    page.keyboard.press("End")
    assert card.inner_text() != before
    page.keyboard.press("Home")
    assert page.evaluate("document.activeElement.getAttribute('tabindex')") == "0"
    # Click a demo song (playable dots lie on top): it plays from the audio endpoint.
    song = mapped[0]
    title = read_tags(song)["title"]
    dot = page.get_by_role("button", name=re.compile(f"^{re.escape(title)} by "))
    dot.click()
    assert title in card.inner_text()
    audio = page.locator(".clusters-page audio")
    assert audio.get_attribute("src") == f"/api/tracks/local/{quote(song.name)}/audio"
    page.wait_for_function(PLAYING, arg=".clusters-page audio")
    page.evaluate("document.querySelector('.clusters-page audio').pause()")
    _fits(page, "clusters", output_dir)


def test_sounds_like_lists_neighbours_and_plays_one(
    page, site, demo_songs, active_model, output_dir
):
    library_classify()  # the other demo songs are there to be found
    song = next(p for p in demo_songs if p.suffix == ".mp3")
    open_page(page, site)
    tab_to_search(page)
    title = read_tags(song)["title"]
    pick_with_keyboard(page, title.split()[0].lower(), title)
    page.wait_for_function(BARS_SHOWN, arg=len(active_model.genres))
    section = page.get_by_role("region", name="Sounds like")

    section.get_by_role("button", name="Find songs that sound like this").click()

    items = section.get_by_role("listitem")
    items.first.wait_for()
    others = sorted(read_tags(p)["title"] for p in demo_songs if p != song)
    assert sorted(items.locator(".neighbour-title").all_inner_texts()) == others
    assert re.search(r"\d+% alike", items.first.inner_text())
    play = section.get_by_role("button", name=re.compile("^Play "))
    assert play.count() == 3
    play.first.click()
    page.wait_for_function(PLAYING, arg=".similar audio")
    assert section.locator("audio").get_attribute("src").endswith("/audio")
    page.evaluate("document.querySelector('.similar audio').pause()")
    page.wait_for_timeout(800)  # the bars' growth
    _fits(page, "similar", output_dir)
