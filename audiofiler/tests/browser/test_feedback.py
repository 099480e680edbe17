"""Feedback on a result in Chromium: "actually it is ___", stored with the page's
CSRF token; the vote is there when the song comes back, and a second one replaces it."""

import pytest

from classifier.demo.catalogue import read_tags
from dataset.models import Feedback, Label

from .conftest import axe_violations
from .pages import BARS_SHOWN, open_page, pick_with_keyboard, tab_to_search

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.slow]


def classify(page, song, n_genres):
    tab_to_search(page)
    title = read_tags(song)["title"]
    pick_with_keyboard(page, title.split()[0].lower(), title)
    page.wait_for_function(BARS_SHOWN, arg=n_genres)


def test_tell_the_model_what_a_song_really_is(
    page, site, demo_songs, active_model, output_dir
):
    song = next(p for p in demo_songs if p.suffix == ".mp3")
    open_page(page, site)
    classify(page, song, len(active_model.genres))
    top = page.locator(".bar-label").first.inner_text()
    other = next(g for g in active_model.genres if g != top)
    form = page.get_by_role("region", name="Is it right?")

    form.get_by_label("or actually it is").select_option(other)
    form.get_by_role("button", name="Tell the model").click()

    status = form.get_by_role("status")
    status.get_by_text(f"Thanks for the correction: the next model learns that this "
                       f"song is {other}.").wait_for()  # fmt: skip
    feedback = Feedback.objects.get()
    assert (feedback.genre.name, feedback.verdict, feedback.predicted) == (
        other,
        "wrong",
        top,
    )
    assert list(Label.objects.values_list("genre__name", "origin")) == [
        (other, "feedback")
    ]
    assert axe_violations(page) == []
    page.screenshot(path=output_dir / "feedback-1280.png", full_page=True)

    # The same song again (the stored result): the vote is remembered, and "Right"
    # replaces it rather than adding a second one.
    page.reload()
    page.get_by_text("right about").wait_for()
    classify(page, song, len(active_model.genres))
    status.get_by_text(
        f"You said this song is {other}. You can change your answer."
    ).wait_for()
    form.get_by_role("button", name=f"Right, it is {top}").click()
    status.get_by_text(
        f"Changed: the next model learns that this song is {top}."
    ).wait_for()
    assert Feedback.objects.count() == 1
    assert list(Label.objects.values_list("genre__name", flat=True)) == [top]
