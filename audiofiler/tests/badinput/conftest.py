"""The malformed-audio corpus, built once per test session."""

import pytest

from audiofiler.testing.corpus import DEFAULT_SEED, build_corpus

SEED = DEFAULT_SEED


@pytest.fixture(scope="session")
def corpus():
    return build_corpus(SEED)
