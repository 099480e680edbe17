"""Genre profiles: recorded at training time, compared with a clip at serving time."""

import json

import numpy as np
import pytest

from classifier.audio.names import FEATURE_NAMES
from classifier.ml.profiles import (
    PROFILE_FEATURES,
    clip_profile,
    degree,
    genre_profiles,
)

from .conftest import GENRES


def test_training_records_each_genres_means_and_spreads(trained, train_data):
    profiles = trained.genre_profiles

    assert profiles["format"] == 1
    assert profiles["features"] == list(PROFILE_FEATURES)
    assert list(profiles["per_genre"]) == list(GENRES)
    for index, genre in enumerate(GENRES):
        rows = train_data.X[train_data.y == index]
        entry = profiles["per_genre"][genre]
        assert entry["tracks"] == len(rows) == 48
        for name in PROFILE_FEATURES:
            column = rows[:, FEATURE_NAMES.index(name)]
            assert entry["mean"][name] == pytest.approx(np.mean(column), rel=1e-12)
            assert entry["std"][name] == pytest.approx(np.std(column), rel=1e-12)


def test_the_artifact_keeps_the_profiles(trained, artifact_dir):
    metadata = json.loads((artifact_dir / "metadata.json").read_text())

    assert metadata["genre_profiles"] == json.loads(json.dumps(trained.genre_profiles))


def test_profiles_of_hand_written_rows():
    names = ("a", "bpm", "b")
    X = np.array([[1.0, 100.0, 0.0], [3.0, 120.0, 0.0], [5.0, 90.0, 0.0]])
    y = np.array([0, 0, 1])

    profiles = genre_profiles(
        X, y, ["Rock", "Jazz", "Empty"], names, features=("bpm", "missing")
    )

    assert profiles == {
        "format": 1,
        "features": ["bpm"],
        "per_genre": {
            "Rock": {"tracks": 2, "mean": {"bpm": 110.0}, "std": {"bpm": 10.0}},
            "Jazz": {"tracks": 1, "mean": {"bpm": 90.0}, "std": {"bpm": 0.0}},
        },
    }


@pytest.mark.parametrize(
    ("z", "word"),
    [
        (None, "close"),
        (0.49, "close"),
        (-0.5, "little"),
        (0.99, "little"),
        (1.0, "clear"),
        (-1.99, "clear"),
        (2.0, "much"),
        (-7.0, "much"),
    ],
)
def test_degree_of_a_z_score(z, word):
    assert degree(z) == word


def test_a_clip_like_its_genre_in_everything():
    profiles = {
        "features": ["bpm"],
        "per_genre": {
            "Rap": {"tracks": 3, "mean": {"bpm": 90.0}, "std": {"bpm": 5.0}},
            "Rock": {"tracks": 3, "mean": {"bpm": 140.0}, "std": {"bpm": 5.0}},
        },
    }
    vector = np.zeros(len(FEATURE_NAMES))
    vector[FEATURE_NAMES.index("bpm")] = 92.0

    profile = clip_profile(
        vector,
        FEATURE_NAMES,
        profiles,
        genres=["Rap", "Classical", "Rock"],
        sample_rate=22050,
    )

    assert profile["genre"] == "Rap"
    [tempo] = profile["traits"]
    assert tempo["genres"] == [
        {"genre": "Rap", "mean": 90.0, "std": 5.0, "z": 0.4},
        {"genre": "Rock", "mean": 140.0, "std": 5.0, "z": -9.6},
    ]
    assert tempo["words"] == "close to typical Rap"
    assert profile["summary"] == [
        "Close to typical Rap in tempo.",
        "Much slower than typical Rock.",
    ]
