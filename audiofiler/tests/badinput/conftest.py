"""The malformed-audio corpus, built once per test session.

``AUDIOFILER_CORPUS_SEED=N`` builds another corpus (other random bit flips and cut
points); a failure names the seed and the file, and how to write it out again.
"""

import os

import pytest

from audiofiler.testing.corpus import DEFAULT_SEED, build_corpus

SEED = int(os.environ.get("AUDIOFILER_CORPUS_SEED", DEFAULT_SEED))


@pytest.fixture(scope="session")
def corpus():
    return build_corpus(SEED)
