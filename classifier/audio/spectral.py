"""Spectral short-term features, vectorised over frames.

Each function takes every frame's magnitude (or power) spectrum at once and returns one
value (or row) per frame, as ``ShortTermFeatures`` of pyAudioAnalysis 0.3.14 computes
it. Where a cheaper but equivalent formulation exists (a sum scaled after instead of
before, the spread from the spectrum's moments, a sum shared between two features), it
is used; each function says how far that can move its result (the spread's bound,
1e-10 relative, is the loosest; 5e-13 is the worst seen).
The roll-off, a bin index, comes from the reference's own running sum over the same
power spectrum, so it is the reference's to the bit.
"""

import sys
from functools import lru_cache

import numpy as np
import scipy.fft

from .filters import SEMITONES, chroma_map, mfcc_filterbank
from .names import N_MFCC

#: ``ShortTermFeatures`` guards its divisions with the machine epsilon
#: (``MidTermFeatures`` uses 1e-8 instead).
EPS = sys.float_info.epsilon
#: Fraction of the spectral energy below the roll-off frequency.
ROLLOFF_FRACTION = 0.90
#: Spectra whose spread is below this fraction of their centroid (pure tones) have the
#: spread summed directly rather than from the moments (see
#: :func:`spectral_centroid_spread`).
NARROW_SPREAD = 0.1
_CACHE_SIZE = 16


def bin_frequencies(sample_rate: int, n_bins: int) -> np.ndarray:
    """Where pyAudioAnalysis puts bin ``k``: ``(k + 1) * sample_rate / (2 * n_bins)``.

    Returns
    -------
    np.ndarray [shape=(n_bins,)]
    """
    return np.arange(1, n_bins + 1) * (sample_rate / (2.0 * n_bins))


@lru_cache(maxsize=_CACHE_SIZE)
def _moment_weights(sample_rate: int, n_bins: int) -> np.ndarray:
    """``[1, f, f**2]`` for every bin: one product gives a spectrum's three moments."""
    freqs = bin_frequencies(sample_rate, n_bins)
    return np.column_stack([np.ones(n_bins), freqs, freqs * freqs])


def spectral_moments(magnitude: np.ndarray, sample_rate: int) -> np.ndarray:
    """``sum(X)``, ``sum(f X)`` and ``sum(f**2 X)`` of every frame (one BLAS pass).

    Returns
    -------
    np.ndarray [shape=(n_frames, 3)]
    """
    return magnitude @ _moment_weights(sample_rate, magnitude.shape[1])


def spectral_centroid_spread(
    magnitude: np.ndarray, sample_rate: int, *, moments: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Spectral centroid and spread, as fractions of the Nyquist frequency.

    Parameters
    ----------
    magnitude : np.ndarray [shape=(n_frames, n_bins)]
    sample_rate : int
    moments : np.ndarray [shape=(n_frames, 3)]
        :func:`spectral_moments` of ``magnitude``.

    Returns
    -------
    centroid, spread : np.ndarray [shape=(n_frames,)]
        With ``f`` the :func:`bin_frequencies` and the spectrum scaled to a peak of 1
        (a silent frame is divided by eps instead, as in the reference):
        ``c = sum(f X) / (sum X + eps)``, ``s = sqrt(sum((f - c)**2 X) / (sum X +
        eps))``, both divided by ``sample_rate / 2``.

    Notes
    -----
    The sums are taken on the unscaled spectrum and scaled afterwards, and
    ``sum((f - c)**2 X)`` is expanded into the moments,
    ``m2 - 2 c m1 + c**2 m0``. Each moment is a sum of nonnegative terms, exact to a
    relative ``n_bins * 2**-53`` (1.2e-13) at worst, so the expansion loses at most a
    factor ``1 + 4 c**2 / s**2`` of that: under 1e-10 relative while ``s >= c / 10``,
    which holds for any spectrum but a nearly pure tone. Frames narrower than that
    take the direct sum.
    """
    peak = magnitude.max(axis=1)
    peak[peak == 0] = EPS
    total, weighted, squared = moments.T
    den = total / peak + EPS
    centroid = weighted / peak / den
    variance = (squared - 2 * centroid * weighted + centroid**2 * total) / peak / den
    narrow = np.flatnonzero(variance < NARROW_SPREAD**2 * centroid**2)
    if len(narrow):
        freqs = bin_frequencies(sample_rate, magnitude.shape[1])
        offsets = np.square(freqs - centroid[narrow, None])
        direct = np.einsum("ij,ij->i", offsets, magnitude[narrow])
        variance[narrow] = direct / peak[narrow] / den[narrow]
    nyquist = sample_rate / 2.0
    return centroid / nyquist, np.sqrt(variance) / nyquist


def spectral_flux(
    magnitude: np.ndarray,
    previous: np.ndarray | None = None,
    *,
    total: np.ndarray,
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
    total : np.ndarray [shape=(n_frames,)]
        ``np.sum(magnitude, axis=1)``.
    normalised, scratch : np.ndarray [shape=(n_frames, n_bins)]
        Work buffers, overwritten (``normalised`` holds the normalised spectra; it
        may be ``magnitude`` itself).

    Returns
    -------
    flux : np.ndarray [shape=(n_frames,)]
        ``sum((X_t / sum(X_t + eps) - X_{t-1} / sum(X_{t-1} + eps))**2)``, with
        ``sum(X + eps)`` taken as ``sum(X) + n_bins * eps``.
    last : np.ndarray [shape=(n_bins,)]
        The normalised spectrum of the last frame, for the next block.
    """
    n_frames, n_bins = magnitude.shape
    np.divide(magnitude, (total + n_bins * EPS)[:, None], out=normalised)
    change = np.subtract(normalised[1:], normalised[:-1], out=scratch[1:])
    flux = np.zeros(n_frames)
    flux[1:] = np.einsum("ij,ij->i", change, change)
    if previous is not None:
        flux[0] = np.sum((normalised[0] - previous) ** 2)
    return flux, normalised[-1].copy()


def spectral_rolloff(
    power: np.ndarray,
    total: np.ndarray,
    *,
    scratch: np.ndarray | None = None,
    fraction: float = ROLLOFF_FRACTION,
) -> np.ndarray:
    """First bin whose cumulative energy (plus eps) exceeds ``fraction`` of the total.

    Parameters
    ----------
    power : np.ndarray [shape=(n_frames, n_bins)]
        Squared magnitudes.
    total : np.ndarray [shape=(n_frames,)]
        ``np.sum(power, axis=1)``.
    scratch : np.ndarray [shape=(n_frames, n_bins)], optional
        Work buffer, overwritten; it may be ``power`` itself.

    Returns
    -------
    np.ndarray [shape=(n_frames,)]
        That bin index divided by ``n_bins``; 0 when no bin exceeds it (``argmax`` of
        an all-false row is 0).
    """
    cumulative = np.cumsum(power, axis=1, out=scratch)
    cumulative += EPS
    exceeds = cumulative > (fraction * total)[:, None]
    return np.argmax(exceeds, axis=1) / float(power.shape[1])


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
    # A reduction over a middle axis adds row after row, as ``np.sum(C2, axis=0)``
    # does in the reference.
    classes = fold.reshape(len(power), table.n_rows, SEMITONES).sum(axis=1)
    return classes / np.where(total == 0, EPS, total)[:, None]
