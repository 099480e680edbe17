"""Synthetic genre data and one small trained model shared by the ML tests."""

from dataclasses import dataclass

import numpy as np
import pytest

from classifier.audio.names import EXTRACTOR_VERSION, FEATURE_NAMES

GENRES = ("ambient", "metal", "swing")
TRACKS_PER_ARTIST = 6
ARTISTS_PER_GENRE = 8
#: Genre means differ by this many standard deviations on the informative columns.
SEPARATION = 2.0
INFORMATIVE = (*range(20), 70, 80, 136)
#: Small and quick: the tests check the recipe, not the accuracy of a big network.
QUICK = {
    "hidden_units": (32, 16),
    "epochs": 30,
    "patience": 8,
    "batch_size": 32,
    "learning_rate": 3e-3,
}


@dataclass(frozen=True)
class Dataset:
    X: np.ndarray
    y: np.ndarray
    groups: list[str]


def make_dataset(seed: int, *, artists_per_genre: int = ARTISTS_PER_GENRE) -> Dataset:
    """Gaussian clusters in the 138-value layout, one genre per artist.

    Each genre shifts the informative columns by ``SEPARATION`` standard deviations
    in its own direction; every artist adds a small offset of its own.
    """
    rng = np.random.default_rng(seed)
    directions = np.random.default_rng(99).standard_normal(
        (len(GENRES), len(INFORMATIVE))
    )
    rows, labels, groups = [], [], []
    for g in range(len(GENRES)):
        for a in range(artists_per_genre):
            artist_offset = 0.3 * rng.standard_normal(len(FEATURE_NAMES))
            for _ in range(TRACKS_PER_ARTIST):
                x = rng.standard_normal(len(FEATURE_NAMES)) + artist_offset
                x[list(INFORMATIVE)] += SEPARATION * directions[g]
                rows.append(x)
                labels.append(g)
                groups.append(f"seed{seed}-genre{g}-artist{a}")
    # Real vectors are far from zero mean / unit scale: the scaler must matter.
    X = np.array(rows) * np.linspace(0.01, 50.0, len(FEATURE_NAMES)) + 7.0
    return Dataset(X=X, y=np.array(labels), groups=groups)


@pytest.fixture(scope="session")
def train_data() -> Dataset:
    return make_dataset(seed=1)


@pytest.fixture(scope="session")
def test_data() -> Dataset:
    return make_dataset(seed=2, artists_per_genre=3)


@pytest.fixture(scope="session")
def trained(train_data):
    from classifier.ml.training import train_network

    return train_network(
        train_data.X, train_data.y, GENRES, groups=train_data.groups, seed=3, **QUICK
    )


@pytest.fixture(scope="session")
def artifact_dir(trained, tmp_path_factory):
    directory = tmp_path_factory.mktemp("artifact") / "model"
    return trained.save(
        directory, extractor_version=EXTRACTOR_VERSION, git_commit="abc123"
    )
