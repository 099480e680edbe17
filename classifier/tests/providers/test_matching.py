import pytest

from classifier.providers.matching import (
    MATCH_THRESHOLD,
    artist_names,
    fold,
    match_score,
    normalise_artist,
    normalise_title,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Beyoncé — Halo!", "beyonce halo"),
        ("  SIGUR RÓS  ", "sigur ros"),
        ("Don't Stop Me Now", "dont stop me now"),
        ("AC/DC", "ac dc"),
        ("Motörhead_-_Ace of Spades", "motorhead ace of spades"),
        ("", ""),
    ],
)
def test_fold(text, expected):
    assert fold(text) == expected


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("Get Lucky (feat. Pharrell Williams) - Radio Edit", "get lucky"),
        (
            "Get Lucky (Radio Edit) (feat. Pharrell Williams and Nile Rodgers)",
            "get lucky",
        ),
        ("Here Comes the Sun - Remastered 2009", "here comes the sun"),
        ("Yesterday - 2009 Remaster", "yesterday"),
        ("Bohemian Rhapsody (Live)", "bohemian rhapsody"),
        ("Forever (Live at Wembley)", "forever"),
        ("Song [Remastered]", "song"),
        ("Numb ft. Jay-Z", "numb"),
        ("Soliloquy (Remastered)", "soliloquy"),
        # version words inside a title stay
        ("Live and Let Die", "live and let die"),
        ("Edit Me - Radio Edit", "edit me"),
        ("(There Is) No Greater Love", "there is no greater love"),
    ],
)
def test_normalise_title(title, expected):
    assert normalise_title(title) == expected


@pytest.mark.parametrize(
    ("artist", "expected"),
    [
        ("The Beatles", "beatles"),
        ("Daft Punk feat. Pharrell Williams", "daft punk"),
        ("Beyoncé", "beyonce"),
    ],
)
def test_normalise_artist(artist, expected):
    assert normalise_artist(artist) == expected


def test_artist_names_splits_credits():
    assert artist_names("Daft Punk, Pharrell Williams & Nile Rodgers") == [
        "daft punk",
        "pharrell williams",
        "nile rodgers",
    ]


@pytest.mark.parametrize(
    ("wanted", "found", "expected"),
    [
        # same song, decorations differ -> 1.0
        (("Get Lucky", "Daft Punk"), ("Get Lucky (Radio Edit)", "Daft Punk"), 1.0),
        (
            ("Get Lucky (feat. Pharrell Williams and Nile Rodgers)", "Daft Punk"),
            ("Get Lucky", "Daft Punk, Pharrell Williams"),
            1.0,
        ),
        (("Halo", "Beyonce"), ("HALO", "Beyoncé"), 1.0),
        (("Help!", "The Beatles"), ("Help! - Remastered 2009", "Beatles"), 1.0),
    ],
)
def test_match_score_exact(wanted, found, expected):
    assert match_score(*wanted, *found) == pytest.approx(expected)


@pytest.mark.parametrize(
    ("wanted", "found"),
    [
        (("Get Lucky", "Daft Punk"), ("Get Lucky (Radio Edit)", "Daft Punk")),
        (
            ("Dont Stop Me Now", "Queen"),
            ("Don't Stop Me Now - Remastered 2011", "Queen"),
        ),
        (
            ("Harder Better Faster Stronger", "Daft Punk"),
            ("Harder, Better, Faster, Stronger", "Daft Punk"),
        ),
    ],
)
def test_match_score_accepts_the_same_song(wanted, found):
    assert match_score(*wanted, *found) >= MATCH_THRESHOLD


@pytest.mark.parametrize(
    ("wanted", "found"),
    [
        (("Hello", "Adele"), ("Hello", "Lionel Richie")),  # same title, other artist
        (("Get Lucky", "Daft Punk"), ("Lose Yourself to Dance", "Daft Punk")),
        (("Get Lucky", "Daft Punk"), ("Get Lucky", "The Karaoke Hit Band")),
        (("Yesterday", "The Beatles"), ("Tomorrow", "Avril Lavigne")),
    ],
)
def test_match_score_refuses_another_song(wanted, found):
    assert match_score(*wanted, *found) < MATCH_THRESHOLD


def test_duration_far_apart_lowers_the_score():
    same = match_score("Intro", "The xx", "Intro", "The xx")
    far = match_score(
        "Intro",
        "The xx",
        "Intro",
        "The xx",
        wanted_duration_s=128,
        found_duration_s=300,
    )
    near = match_score(
        "Intro",
        "The xx",
        "Intro",
        "The xx",
        wanted_duration_s=128,
        found_duration_s=131,
    )
    assert same == near == 1.0
    assert far == pytest.approx(0.85)


def test_empty_strings_score_zero():
    assert match_score("", "", "Song", "Artist") == 0.0
