"""The page in Chromium: search, pick with the keyboard, listen, see the genres;
upload a file; refuse a text file. Screenshots go to var/test-output/browser/."""

import base64
import re
from urllib.parse import quote

import pytest

from classifier.demo.catalogue import read_tags

from .conftest import axe_violations
from .pages import (
    BARS_SHOWN,
    PICK_TIMER,
    bars,
    choose_file,
    open_page,
    pick_with_keyboard,
    tab_to_search,
)

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.slow]


def test_pick_a_demo_song_with_the_keyboard_hear_it_and_see_every_genre(
    page, site, demo_songs, active_model, output_dir, capsys
):
    song = next(p for p in demo_songs if p.suffix == ".mp3")
    title = read_tags(song)["title"]
    open_page(page, site)
    assert page.title() == "AudioFiler — which genres is this song?"
    icon = page.locator("link[rel=icon]").get_attribute("href")
    assert page.request.get(site + icon).headers["content-type"] == "image/svg+xml"
    assert axe_violations(page) == []
    page.screenshot(path=output_dir / "empty-1280.png", full_page=True)

    tab_to_search(page)
    page.keyboard.type("zzqx")
    page.get_by_text("No songs match “zzqx”").wait_for()
    page.keyboard.press("Escape")
    page.keyboard.press("Escape")  # the second one clears the box
    page.evaluate(PICK_TIMER)
    pick_with_keyboard(page, title.split()[0].lower(), title)
    page.wait_for_function(BARS_SHOWN, arg=len(active_model.genres))
    elapsed = page.evaluate("window.__barsAt - window.__pickedAt")
    with capsys.disabled():
        print(
            f"\npick-to-bars: {elapsed:.0f} ms (Enter on a demo song to bars on screen)"
        )

    # The player plays the song from the audio endpoint (HTTP ranges and all).
    audio = page.locator("audio")
    assert audio.get_attribute("src") == f"/api/tracks/local/{quote(song.name)}/audio"
    page.wait_for_function("document.querySelector('audio').readyState >= 1")
    duration = page.evaluate("document.querySelector('audio').duration")
    assert duration == pytest.approx(6.0, abs=0.3)
    # Bars for every genre of the model, percentages adding up to 100.
    shown = bars(page)
    assert sorted(shown) == sorted(active_model.genres)
    assert sum(shown.values()) == pytest.approx(100.0, abs=0.5)
    assert page.locator(".summary").inner_text().split()[0] in (
        "Clearly",
        "Mostly",
        "A",
        "Hard",
    )
    assert page.title().endswith(f"— {title} · AudioFiler")
    # The timeline's cursor follows the player.
    assert page.locator(".segment").count() >= 1
    page.evaluate("document.querySelector('audio').currentTime = 3")
    page.wait_for_function(
        "Math.abs(document.querySelector('[data-testid=timeline-cursor]')"
        ".dataset.position - 3 / 6) < 0.05"
    )
    page.wait_for_timeout(800)  # the bars' growth
    assert axe_violations(page) == []
    page.screenshot(path=output_dir / "result-1280.png", full_page=True)
    page.set_viewport_size({"width": 360, "height": 800})
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.screenshot(path=output_dir / "result-360.png", full_page=True)
    assert axe_violations(page) == []


def test_the_page_works_360_px_wide(page, site, demo_songs, output_dir):
    page.set_viewport_size({"width": 360, "height": 800})
    open_page(page, site)
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.screenshot(path=output_dir / "empty-360.png", full_page=True)
    tab_to_search(page)
    page.keyboard.type("a")
    page.get_by_role("option").first.wait_for()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    assert axe_violations(page) == []
    page.screenshot(path=output_dir / "suggestions-360.png", full_page=True)


def test_upload_a_file_and_see_the_result(page, site, demo_songs, output_dir):
    song = next(p for p in demo_songs if p.suffix == ".ogg")
    open_page(page, site)

    choose_file(page, song)

    page.locator(".summary").wait_for()
    assert page.locator(".now-playing-title").inner_text() == song.name
    assert page.locator("audio").get_attribute("src").startswith("blob:")
    assert len(bars(page)) == 6
    page.screenshot(path=output_dir / "upload-1280.png", full_page=True)


@pytest.mark.expect_http_error(400)  # the server refuses the disguised text
def test_upload_a_text_file_and_see_what_to_do(page, site, tmp_path, output_dir):
    notes = tmp_path / "notes.txt"
    notes.write_text("shopping: milk, eggs\n")
    disguised = tmp_path / "notes.mp3"
    disguised.write_text("shopping: milk, eggs\n" * 50)
    open_page(page, site)

    choose_file(page, notes)
    alert = page.get_by_role("alert")
    alert.wait_for()
    assert "“notes.txt” doesn't look like an audio file." in alert.inner_text()
    assert page.get_by_role("button", name="Choose another file").is_visible()
    page.screenshot(path=output_dir / "not-audio-1280.png", full_page=True)

    # A text file with an audio name gets past the page: the server says no (it
    # looks at the first bytes before any decoder does).
    choose_file(page, disguised)
    page.get_by_text("“notes.mp3” doesn't look like an audio file.").wait_for()
    assert re.search(r"Choose an mp3, m4a, ogg, flac or wav file", alert.inner_text())
    # (After axe-core has run, Chromium opens no more file choosers: check last.)
    assert axe_violations(page) == []


def test_nothing_moves_when_the_result_arrives(page, site, demo_songs):
    """The waiting state has the result's layout: the boxes stay where they are."""
    song = next(p for p in demo_songs if p.suffix == ".wav")
    held = []
    page.route("**/api/classifications/stream", lambda route: held.append(route))
    open_page(page, site)
    tab_to_search(page)
    pick_with_keyboard(
        page, read_tags(song)["title"].split()[0], read_tags(song)["title"]
    )
    page.get_by_text("Asking the server…").wait_for()
    page.wait_for_timeout(600)  # past the 500 ms that count as following the input
    page.evaluate(
        """() => {
          window.__shifts = [];
          new PerformanceObserver((list) => {
            for (const entry of list.getEntries()) {
              window.__shifts.push([entry.value, entry.sources.map((source) =>
                `${source.node?.className || source.node?.nodeName}: ` +
                `${JSON.stringify(source.previousRect)} -> ` +
                `${JSON.stringify(source.currentRect)}`)]);
            }
          }).observe({type: 'layout-shift'});
        }"""
    )
    boxes = """() => ['.now-playing', '.bars', '.timeline-strip', '.result-foot',
      '.model-note'].map((s) => {
        const r = document.querySelector(s).getBoundingClientRect();
        return [s, Math.round(r.top), Math.round(r.height)];
      })"""
    before = page.evaluate(boxes)

    route = held[0]
    route.fulfill(response=route.fetch())
    page.locator(".summary").wait_for()
    page.wait_for_timeout(900)

    assert page.evaluate(boxes) == before
    assert page.evaluate("window.__shifts") == []


def test_drop_a_file_on_the_page(page, site, demo_songs):
    song = next(p for p in demo_songs if p.suffix == ".m4a")
    open_page(page, site)

    page.evaluate(
        """([name, b64]) => {
          const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
          const drag = new DataTransfer();
          drag.items.add(new File([bytes], name, {type: 'audio/mp4'}));
          window.dispatchEvent(new DragEvent('dragenter', {dataTransfer: drag}));
          window.__drag = drag;
        }""",
        [song.name, base64.b64encode(song.read_bytes()).decode()],
    )
    page.locator(".drop-overlay.active").wait_for(state="attached")
    page.evaluate(
        "window.dispatchEvent(new DragEvent('drop', {dataTransfer: window.__drag}))"
    )

    page.locator(".summary").wait_for()
    assert page.locator(".now-playing-title").inner_text() == song.name
    assert page.locator(".drop-overlay.active").count() == 0
    assert len(bars(page)) == 6
