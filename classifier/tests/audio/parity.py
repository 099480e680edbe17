"""The parity tolerance shared by the reference tests."""

import numpy as np

#: Relative tolerance on each feature value.
RTOL = 1e-9
#: Values smaller than this in magnitude are compared absolutely ...
SMALL = 1e-6
#: ... to this.
ATOL = 1e-15


def assert_parity(actual: np.ndarray, expected: np.ndarray) -> None:
    """Relative 1e-9 on every value, absolute 1e-15 where the reference is < 1e-6."""
    actual, expected = np.asarray(actual), np.asarray(expected)
    assert actual.shape == expected.shape
    small = np.abs(expected) < SMALL
    np.testing.assert_allclose(actual[small], expected[small], rtol=0, atol=ATOL)
    np.testing.assert_allclose(actual[~small], expected[~small], rtol=RTOL, atol=0)
