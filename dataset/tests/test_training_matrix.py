"""training_matrix: label origins, conflicts, per-genre and per-source counts."""

import numpy as np
import pytest

from dataset.models import FeatureVector, Genre, Label, Track
from dataset.selectors import training_matrix

pytestmark = pytest.mark.django_db
VERSION = "test-v1"


def track(n, genre_origins, *, source="msd", artist="", version=VERSION):
    row = Track.objects.create(source=source, external_id=f"t{n}", artist=artist)
    for genre, origin in genre_origins:
        Label.objects.create(
            track=row, genre=Genre.objects.get_or_create(name=genre)[0], origin=origin
        )
    FeatureVector.objects.create(
        track=row, extractor_version=version, data=FeatureVector.pack(np.full(3, n))
    )
    return row


@pytest.fixture
def tracks():
    track(1, [("Rock", "folder")], source="folder", artist="The Band")
    track(2, [("Rock", "folder"), ("Rock", "feedback")], source="folder")
    track(3, [("Jazz", "tags")], artist="the band ")
    track(4, [("Jazz", "tags"), ("Rock", "feedback")])  # conflicting labels
    track(5, [("Blues", "bundled")], source="bundled")
    track(6, [("Jazz", "tags")], version="other-version")


def test_all_origins_by_default_with_counts_per_genre_and_source(tracks):
    matrix = training_matrix(extractor_version=VERSION)

    assert matrix.genres == ("Blues", "Jazz", "Rock")
    np.testing.assert_array_equal(matrix.X[:, 0], [1, 2, 3, 5])
    assert matrix.y.tolist() == [2, 2, 1, 0]
    assert matrix.groups.tolist() == ["the band", "", "the band", ""]
    assert matrix.conflicts == 1
    assert matrix.sources == {
        "Blues": {"bundled": 1, "source:bundled": 1},
        "Jazz": {"tags": 1, "source:msd": 1},
        "Rock": {"feedback+folder": 1, "folder": 1, "source:folder": 2},
    }
    assert matrix.summary()["per_genre"]["Rock"] == {
        "tracks": 2,
        "feedback+folder": 1,
        "folder": 1,
        "source:folder": 2,
    }


def test_label_origins_pick_the_labels(tracks):
    folder_and_tags = training_matrix(
        extractor_version=VERSION, labels=["folder", "tags"]
    )
    # Without feedback, track 4 is plain Jazz and track 2 plain folder Rock.
    assert folder_and_tags.genres == ("Jazz", "Rock")
    assert folder_and_tags.counts == {"Jazz": 2, "Rock": 2}
    assert folder_and_tags.conflicts == 0
    assert folder_and_tags.summary()["labels"] == ["folder", "tags"]

    few = training_matrix(extractor_version=VERSION, labels=["tags"], min_tracks=3)
    assert few.genres == ()
    assert few.dropped == {"Jazz": 2}

    with pytest.raises(ValueError, match="unknown label origin lastfm"):
        training_matrix(extractor_version=VERSION, labels=["lastfm"])
