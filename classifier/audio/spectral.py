"""Spectral short-term features, vectorised over frames.

Each function takes every frame's magnitude (or power) spectrum at once and returns one
value (or row) per frame, following ``ShortTermFeatures`` of pyAudioAnalysis 0.3.14 in
its order of operations, so that the results carry the reference's bits (the MFCCs
differ in the last bits: a sparse product sums the filterbank in another order than
BLAS). Rows of a C-ordered matrix reduce with the same pairwise summation NumPy uses on
a 1-D frame.
"""

import sys

import numpy as np
import scipy.fft

from .filters import SEMITONES, chroma_map, mfcc_filterbank
from .names import N_MFCC

#: ``ShortTermFeatures`` guards its divisions with the machine epsilon
#: (``MidTermFeatures`` uses 1e-8 instead).
EPS = sys.float_info.epsilon
#: Fraction of the spectral energy below the roll-off frequency.
ROLLOFF_FRACTION = 0.90
#: Bins per chunk of the roll-off's coarse running sum.
ROLLOFF_CHUNK = 32
_CHUNK_OFFSETS = np.arange(ROLLOFF_CHUNK)


def spectral_centroid_spread(
    magnitude: np.ndarray, sample_rate: int, *, scaled: np.ndarray, scratch: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Spectral centroid and spread, as fractions of the Nyquist frequency.

    Parameters
    ----------
    magnitude : np.ndarray [shape=(n_frames, n_bins)]
    sample_rate : int
    scaled, scratch : np.ndarray [shape=(n_frames, n_bins)]
        Work buffers, overwritten.

    Returns
    -------
    centroid, spread : np.ndarray [shape=(n_frames,)]
        With bin ``k`` at ``(k + 1) * sample_rate / (2 * n_bins)`` Hz and the spectrum
        scaled to a peak of 1: ``c = sum(f X) / (sum X + eps)``,
        ``s = sqrt(sum((f - c)**2 X) / (sum X + eps))``, both divided by
        ``sample_rate / 2``.
    """
    n_bins = magnitude.shape[1]
    freqs = np.arange(1, n_bins + 1) * (sample_rate / (2.0 * n_bins))
    peak = magnitude.max(axis=1)
    # A silent frame is divided by eps (and stays all zeros), as in the reference.
    np.divide(magnitude, np.where(peak == 0, EPS, peak)[:, None], out=scaled)
    num = np.sum(np.multiply(freqs, scaled, out=scratch), axis=1)
    den = np.sum(scaled, axis=1) + EPS
    centroid = num / den
    np.subtract(freqs, centroid[:, None], out=scratch)
    np.square(scratch, out=scratch)
    spread = np.sqrt(np.sum(np.multiply(scratch, scaled, out=scratch), axis=1) / den)
    nyquist = sample_rate / 2.0
    return centroid / nyquist, spread / nyquist


def spectral_flux(
    magnitude: np.ndarray,
    previous: np.ndarray | None = None,
    *,
    normalised: np.ndarray,
    scratch: np.ndarray,
) -> tuple[np.ndarray, np.ndarray]:
    """Squared change of the sum-normalised spectrum from the previous frame.

    Parameters
    ----------
    magnitude : np.ndarray [shape=(n_frames, n_bins)]
    previous : np.ndarray [shape=(n_bins,)] or None
        The normalised spectrum of the frame before the first one; ``None`` at the
        start of the signal, where pyAudioAnalysis compares the frame with itself.
    normalised, scratch : np.ndarray [shape=(n_frames, n_bins)]
        Work buffers, overwritten.

    Returns
    -------
    flux : np.ndarray [shape=(n_frames,)]
        ``sum((X_t / sum(X_t + eps) - X_{t-1} / sum(X_{t-1} + eps))**2)``.
    last : np.ndarray [shape=(n_bins,)]
        The normalised spectrum of the last frame, for the next block.
    """
    sums = np.sum(np.add(magnitude, EPS, out=scratch), axis=1)
    np.divide(magnitude, sums[:, None], out=normalised)
    change = np.subtract(normalised[1:], normalised[:-1], out=scratch[1:])
    flux = np.zeros(len(magnitude))
    flux[1:] = np.sum(np.square(change, out=change), axis=1)
    if previous is not None:
        flux[0] = np.sum((normalised[0] - previous) ** 2)
    return flux, normalised[-1].copy()


def spectral_rolloff(
    power: np.ndarray, total: np.ndarray, *, fraction: float = ROLLOFF_FRACTION
) -> np.ndarray:
    """First bin whose cumulative energy (plus eps) exceeds ``fraction`` of the total.

    The reference tests ``cumsum(power) + eps > threshold``, a sequential running sum,
    which is slow (each addition waits for the previous one). Here a running sum over
    32-bin chunks finds the crossing chunk, a running sum inside that chunk finds the
    bin, and a frame is recomputed with the exact sequential sum whenever any value
    it relied on lies within the rounding slack of the threshold, so the answer is the
    reference's bit for bit.

    Parameters
    ----------
    power : np.ndarray [shape=(n_frames, n_bins)]
        Squared magnitudes.
    total : np.ndarray [shape=(n_frames,)]
        ``np.sum(power, axis=1)``.

    Returns
    -------
    np.ndarray [shape=(n_frames,)]
        That bin index divided by ``n_bins``; 0 when no bin exceeds it.
    """
    n_frames, n_bins = power.shape
    threshold = (fraction * total)[:, None]
    # Nonnegative terms: any two summation orders of a prefix differ by at most about
    # n * u * total; the slack doubles that and covers the rounding of ``+ eps``.
    slack = (4 * (n_bins + 2 * ROLLOFF_CHUNK) * EPS) * total[
        :, None
    ] + 4 * EPS * threshold
    n_chunks = -(-n_bins // ROLLOFF_CHUNK)
    ends = np.zeros((n_frames, n_chunks + 1))  # column 0: the empty prefix
    chunk_sums = np.add.reduceat(power, np.arange(0, n_bins, ROLLOFF_CHUNK), axis=1)
    np.cumsum(chunk_sums, axis=1, out=ends[:, 1:])
    chunk = np.count_nonzero(ends[:, 1:] + EPS <= threshold, axis=1)
    rows = np.arange(n_frames)[:, None]
    # Inside the crossing chunk (bins past the end repeat the last one: the sums keep
    # growing there, so they never count as "at or below").
    columns = np.minimum(chunk[:, None] * ROLLOFF_CHUNK + _CHUNK_OFFSETS, n_bins - 1)
    running = np.cumsum(power[rows, columns], axis=1)
    running += ends[rows, chunk[:, None]]
    first = chunk * ROLLOFF_CHUNK + np.count_nonzero(running + EPS <= threshold, axis=1)
    first[chunk == n_chunks] = 0  # no bin exceeds the threshold
    near = (np.abs(running + EPS - threshold) <= slack).any(axis=1)
    near |= np.abs(ends[rows[:, 0], chunk] + EPS - threshold[:, 0]) <= slack[:, 0]
    for row in np.flatnonzero(near):
        exact = np.cumsum(power[row]) + EPS > threshold[row, 0]
        first[row] = np.argmax(exact) if exact.any() else 0
    return first / float(n_bins)


def mfcc(
    magnitude: np.ndarray, sample_rate: int, *, n_mfcc: int = N_MFCC
) -> np.ndarray:
    """Mel-frequency cepstral coefficients, ``dct(log10(X @ fbank.T + eps))[:13]``.

    Parameters
    ----------
    magnitude : np.ndarray [shape=(n_frames, n_bins)]
    sample_rate : int

    Returns
    -------
    np.ndarray [shape=(n_frames, n_mfcc)]
        Orthonormal type-II DCT of the log mel energies.
    """
    bank = mfcc_filterbank(sample_rate, magnitude.shape[1])
    mel = (bank @ magnitude[:, : bank.shape[1]].T).T
    return scipy.fft.dct(np.log10(mel + EPS), type=2, norm="ortho", axis=1)[:, :n_mfcc]


def chroma(power: np.ndarray, total: np.ndarray, sample_rate: int) -> np.ndarray:
    """The 12 chroma values of pyAudioAnalysis's ``chroma_features``.

    Parameters
    ----------
    power : np.ndarray [shape=(n_frames, n_bins)]
        Squared magnitudes.
    total : np.ndarray [shape=(n_frames,)]
        ``np.sum(power, axis=1)``.
    sample_rate : int

    Returns
    -------
    np.ndarray [shape=(n_frames, 12)]
        Power folded into semitone classes (see :class:`~.filters.ChromaMap`), divided
        by the frame's total power (by eps for a silent frame).
    """
    table = chroma_map(sample_rate, power.shape[1])
    fold = np.zeros((len(power), table.n_rows * SEMITONES))
    fold[:, table.fold_index] = power[:, table.source_bins] / table.divisors
    classes = np.zeros((len(power), SEMITONES))
    for row in fold.reshape(len(power), table.n_rows, SEMITONES).transpose(1, 0, 2):
        classes += row  # rows summed in order, as ``np.sum(C2, axis=0)`` does
    return classes / np.where(total == 0, EPS, total)[:, None]
