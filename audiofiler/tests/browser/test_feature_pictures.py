"""Feature pictures in Chromium: after a demo song's result, the pictures section
loads its own code, draws four canvases with text alternatives and says what made
the song its genre; screenshots at 1280 and 360 px."""

import pytest

from classifier.demo.catalogue import read_tags

from .conftest import axe_violations
from .pages import BARS_SHOWN, open_page, pick_with_keyboard, tab_to_search

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.slow]

#: Distinct colours in a canvas: a drawn picture has many, a blank one none.
COLOURS_DRAWN = """(canvas) => {
  const { width, height } = canvas;
  const data = canvas.getContext('2d').getImageData(0, 0, width, height).data;
  const seen = new Set();
  for (let i = 0; i < data.length; i += 4) {
    if (data[i + 3]) seen.add(`${data[i]},${data[i + 1]},${data[i + 2]}`);
  }
  return seen.size;
}"""


def test_pictures_of_a_classified_demo_song(
    page, site, demo_songs, active_model, output_dir
):
    song = next(p for p in demo_songs if p.suffix == ".mp3")
    chunks = []  # the pictures' code and stylesheet, fetched on demand

    def fetched(request):
        if "/frontend/pictures." in request.url:
            chunks.append(request.url.rsplit(".", 1)[-1])

    page.on("request", fetched)
    open_page(page, site)
    assert chunks == []  # not on the first page's bill
    tab_to_search(page)
    title = read_tags(song)["title"]
    pick_with_keyboard(page, title.split()[0].lower(), title)
    page.wait_for_function(BARS_SHOWN, arg=len(active_model.genres))
    top = page.locator(".bar-label").first.inner_text()

    section = page.get_by_role("region", name="What the extractor heard")
    section.get_by_role("heading", name=f"What made it {top}").wait_for()

    assert sorted(chunks) == ["css", "js"]
    canvases = section.get_by_role("img")
    assert canvases.count() == 4
    labels = [canvases.nth(i).get_attribute("aria-label") for i in range(4)]
    assert [label.split(" of ")[0] for label in labels] == [
        "Waveform",
        "Spectrogram",
        "Chromagram",
        "MFCC image",
    ]
    assert all(label.startswith(f"{name} of 6 seconds") for name, label in zip(
        ("Waveform", "Spectrogram", "Chromagram", "MFCC image"), labels, strict=True
    ))  # fmt: skip
    for i in range(4):
        assert canvases.nth(i).evaluate(COLOURS_DRAWN) > 1, labels[i]
    figure = section.locator("figure").nth(1)
    assert "1 kHz" in figure.inner_text()
    summary = section.locator(".profile-summary li").all_inner_texts()
    assert f"typical {top}" in summary[0]
    assert all(sentence.endswith(".") for sentence in summary)
    header = section.get_by_role("table").locator("thead th").all_inner_texts()
    assert header[:2] == ["Trait", "This clip"]
    assert sorted(header[2:]) == sorted(active_model.genres)
    assert axe_violations(page) == []
    section.scroll_into_view_if_needed()
    page.screenshot(path=output_dir / "pictures-1280.png", full_page=True)

    page.set_viewport_size({"width": 360, "height": 800})
    section.scroll_into_view_if_needed()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 360, f"the page scrolls sideways at 360 px ({width} px)"
    assert section.bounding_box()["width"] <= 360
    assert axe_violations(page) == []
    page.screenshot(path=output_dir / "pictures-360.png", full_page=True)
