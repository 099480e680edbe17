"""The genre vocabulary: aliases, minimum weight, the conflict margin."""

import json

import pytest

from dataset.sources.records import SourceError
from dataset.sources.vocabulary import (
    DEFAULT_GENRES,
    Assignment,
    Vocabulary,
    normalise_tag,
)


@pytest.mark.parametrize(
    ("tag", "normalised"),
    [
        (" Hip-Hop ", "hip hop"),
        ("R&B", "r and b"),
        ("drum & bass", "drum and bass"),
        ("Pop_Rock", "pop rock"),
        ("alt/country", "alt country"),
        ("New  Age", "new age"),
    ],
)
def test_normalise_tag(tag, normalised):
    assert normalise_tag(tag) == normalised


def test_the_default_vocabulary_has_18_genres_with_distinct_aliases():
    assert len(DEFAULT_GENRES) == 18
    aliases = [normalise_tag(a) for names in DEFAULT_GENRES.values() for a in names]
    assert len(aliases) == len(set(aliases))
    vocabulary = Vocabulary()
    assert vocabulary.genre_of("hip-hop") == "Rap"
    assert vocabulary.genre_of("HipHop") == "Rap"
    assert vocabulary.genre_of("rnb") == "R&B"
    assert vocabulary.genre_of("Rhythm and Blues") == "R&B"
    assert vocabulary.genre_of("electronica") == "Electronic"
    assert vocabulary.genre_of("Pop_Rock") == "Rock"  # tagtraum's combined genre
    assert vocabulary.genre_of("seen live") is None


def test_the_strongest_genre_wins_unless_another_is_within_the_margin():
    vocabulary = Vocabulary(min_weight=50, margin=10)
    assert vocabulary.assign([("rock", 100), ("pop", 89), ("90s", 100)]) == (
        Assignment("Rock")
    )
    # Two tags of one genre are one genre: no conflict.
    assert vocabulary.assign([("rock", 100), ("hard rock", 99)]) == Assignment("Rock")
    assert vocabulary.assign([("jazz", 95), ("blues", 100)]) == Assignment(
        "Blues", "conflict", rival="Jazz"
    )
    # Below the minimum weight a tag does not count, nor does it conflict.
    assert vocabulary.assign([("jazz", 80), ("pop", 45)]) == Assignment("Jazz")
    assert vocabulary.assign([("jazz", 30), ("pop", 45)]) == Assignment(
        "Pop", "below min weight"
    )
    assert vocabulary.assign([("seen live", 100)]) == Assignment(None, "no genre tag")
    assert vocabulary.assign([]) == Assignment(None, "no genre tag")


def test_a_vocabulary_file_and_a_genre_subset(tmp_path):
    path = tmp_path / "genres.json"
    path.write_text(json.dumps({"Chiptune": ["8-bit", "chip"], "Jazz": ["jazz"]}))
    vocabulary = Vocabulary.load(path, only=["chiptune"], min_weight=10)
    assert list(vocabulary.genres) == ["Chiptune"]
    assert vocabulary.genre_of("8 bit") == "Chiptune"
    assert vocabulary.genre_of("jazz") is None
    assert vocabulary.assign([("chip", 20)]) == Assignment("Chiptune")

    path.write_text('{"Jazz": "jazz"}')
    with pytest.raises(SourceError, match="strings only"):
        Vocabulary.load(path)
    with pytest.raises(SourceError, match="cannot read the vocabulary"):
        Vocabulary.load(tmp_path / "missing.json")
    with pytest.raises(SourceError, match="genres not in the vocabulary: polka"):
        Vocabulary.load(only=["Polka"])
