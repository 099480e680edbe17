"""Cached spectral maps: the MFCC filterbank and pyAudioAnalysis's chroma table.

Both depend only on the sample rate and the spectrum length, so each is built once per
``(sample_rate, n_bins)`` and reused for every frame of every clip.
"""

from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import scipy.sparse

# The MFCC filterbank of scikits.talkbox, as ``mfcc_filter_banks`` sets it:
#: Centre of the first linear filter, in Hz.
MFCC_LOW_FREQ = 133.33
#: Spacing of the linear filters, in Hz.
MFCC_LINEAR_STEP = 200 / 3
#: Ratio between the centres of consecutive logarithmic filters.
MFCC_LOG_RATIO = 1.0711703
N_LINEAR_FILTERS = 13
N_LOG_FILTERS = 27

#: Frequency of the lowest chroma bin (A0), in Hz.
CHROMA_BASE_FREQ = 27.50
#: Semitones per octave; also the length of the chroma vector.
SEMITONES = 12

_CACHE_SIZE = 16


@lru_cache(maxsize=_CACHE_SIZE)
def mfcc_filterbank(sample_rate: int, n_bins: int) -> scipy.sparse.csr_array:
    """The 40 triangular filters pyAudioAnalysis applies to a magnitude spectrum.

    A transcription of ``mfcc_filter_banks`` (its loop runs once per cache entry), so
    every weight has the reference's bits. Like the reference, bin ``k`` is taken to
    be at ``k * sample_rate / n_bins`` Hz.

    Parameters
    ----------
    sample_rate : int
    n_bins : int
        Spectrum length (half the frame length).

    Returns
    -------
    scipy.sparse.csr_array [shape=(40, n_used)]
        The first ``n_used <= n_bins`` columns (the rest are zero). Sparse, so that
        a frame's mel energies depend on that frame alone (a dense BLAS product may
        round identical rows differently).
    """
    n_filters = N_LINEAR_FILTERS + N_LOG_FILTERS
    freqs = np.zeros(n_filters + 2)
    freqs[:N_LINEAR_FILTERS] = (
        MFCC_LOW_FREQ + np.arange(N_LINEAR_FILTERS) * MFCC_LINEAR_STEP
    )
    freqs[N_LINEAR_FILTERS:] = freqs[
        N_LINEAR_FILTERS - 1
    ] * MFCC_LOG_RATIO ** np.arange(1, N_LOG_FILTERS + 3)
    heights = 2.0 / (freqs[2:] - freqs[0:-2])
    bank = np.zeros((n_filters, n_bins))
    bin_freqs = np.arange(n_bins) / (1.0 * n_bins) * sample_rate
    for i in range(n_filters):
        low, centre, high = freqs[i], freqs[i + 1], freqs[i + 2]
        left = np.arange(
            np.floor(low * n_bins / sample_rate) + 1,
            np.floor(centre * n_bins / sample_rate) + 1,
            dtype=int,
        )
        right = np.arange(
            np.floor(centre * n_bins / sample_rate) + 1,
            np.floor(high * n_bins / sample_rate) + 1,
            dtype=int,
        )
        bank[i][left] = heights[i] / (centre - low) * (bin_freqs[left] - low)
        bank[i][right] = heights[i] / (high - centre) * (high - bin_freqs[right])
    # Bins above the last filter never count: keep the matrix only as wide as needed.
    width = int(np.flatnonzero(bank.any(axis=0)).max(initial=-1)) + 1
    return scipy.sparse.csr_array(bank[:, :width])


@dataclass(frozen=True)
class ChromaMap:
    """What pyAudioAnalysis's per-frame chroma table amounts to, precomputed.

    ``chroma_features`` scatters the power spectrum into a vector ``C`` indexed by
    semitone number (``C[semitone] = spec``: where several bins share a semitone the
    last one wins; negative semitones wrap to the end), divides ``C`` elementwise by a
    count vector indexed by bin, and folds ``C`` into 12 classes by summing rows of
    ``C.reshape(-1, 12)`` in order. Only the positions that receive a bin matter.

    Attributes
    ----------
    source_bins : np.ndarray [shape=(k,), dtype=int]
        The spectrum bin each non-zero position of ``C`` takes.
    divisors : np.ndarray [shape=(k,)]
        What that position is divided by.
    fold_index : np.ndarray [shape=(k,), dtype=int]
        Where the position lands in a ``(n_rows, 12)`` fold table, flattened.
    n_rows : int
        Rows of the fold table that hold at least one position, kept in order.
    """

    source_bins: np.ndarray
    divisors: np.ndarray
    fold_index: np.ndarray
    n_rows: int


@lru_cache(maxsize=_CACHE_SIZE)
def chroma_map(sample_rate: int, n_bins: int) -> ChromaMap:
    """Build the :class:`ChromaMap` of ``chroma_features_init`` for one spectrum size.

    Parameters
    ----------
    sample_rate : int
    n_bins : int
        Spectrum length; bin ``f`` is at ``(f + 1) * sample_rate / (2 * n_bins)`` Hz.

    Returns
    -------
    ChromaMap
    """
    bin_freqs = np.array(
        [((f + 1) * sample_rate) / (2 * n_bins) for f in range(n_bins)]
    )
    semitone = np.round(SEMITONES * np.log2(bin_freqs / CHROMA_BASE_FREQ)).astype(int)
    if semitone.max() >= n_bins:
        # The reference's other branch fails on its own shapes; it only happens for
        # frames far shorter than 50 ms.
        raise ValueError(f"spectrum of {n_bins} bins is too short for the chroma table")
    values, counts = np.unique(semitone, return_counts=True)
    per_bin_count = counts[np.searchsorted(values, semitone)].astype(np.float64)
    positions = semitone % n_bins  # negative semitones wrap, as numpy indexing does
    last_bin = np.full(n_bins, -1)
    last_bin[positions] = np.arange(n_bins)  # numpy keeps the last duplicate
    filled = np.flatnonzero(last_bin >= 0)
    rows = filled // SEMITONES
    kept_rows, row_index = np.unique(rows, return_inverse=True)
    return ChromaMap(
        source_bins=last_bin[filled],
        divisors=per_bin_count[semitone[filled]],
        fold_index=row_index * SEMITONES + filled % SEMITONES,
        n_rows=len(kept_rows),
    )
