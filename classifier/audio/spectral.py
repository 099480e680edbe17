"""Spectral short-term features, vectorised over frames.

Each function takes every frame's magnitude (or power) spectrum at once and returns one
value (or row) per frame, as ``ShortTermFeatures`` of pyAudioAnalysis 0.3.14 computes
it. Where a cheaper but equivalent formulation exists (scaling after a sum instead of
before it, a sum shared between two features), it is used: the results stay within a
relative 1e-15 or so of the reference. The roll-off, a bin index, is computed with the
reference's own running sum, so it is the reference's to the bit.
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


def bin_frequencies(sample_rate: int, n_bins: int) -> np.ndarray:
    """Where pyAudioAnalysis puts bin ``k``: ``(k + 1) * sample_rate / (2 * n_bins)``.

    Returns
    -------
    np.ndarray [shape=(n_bins,)]
    """
    return np.arange(1, n_bins + 1) * (sample_rate / (2.0 * n_bins))


def spectral_centroid_spread(
    magnitude: np.ndarray, sample_rate: int, *, total: np.ndarray, scratch: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Spectral centroid and spread, as fractions of the Nyquist frequency.

    Parameters
    ----------
    magnitude : np.ndarray [shape=(n_frames, n_bins)]
    sample_rate : int
    total : np.ndarray [shape=(n_frames,)]
        ``np.sum(magnitude, axis=1)``.
    scratch : np.ndarray [shape=(n_frames, n_bins)]
        Work buffer, overwritten.

    Returns
    -------
    centroid, spread : np.ndarray [shape=(n_frames,)]
        With ``f`` the :func:`bin_frequencies` and the spectrum scaled to a peak of 1
        (a silent frame is divided by eps instead, as in the reference):
        ``c = sum(f X) / (sum X + eps)``, ``s = sqrt(sum((f - c)**2 X) / (sum X +
        eps))``, both divided by ``sample_rate / 2``. The sums are taken on the
        unscaled spectrum and scaled afterwards: the same numbers without a scaled
        copy.
    """
    freqs = bin_frequencies(sample_rate, magnitude.shape[1])
    peak = magnitude.max(axis=1)
    peak[peak == 0] = EPS
    den = total / peak + EPS
    centroid = (magnitude @ freqs) / peak / den
    # sum((f - c)**2 X): the moments' shortcut sum(f**2 X) - c**2 sum(X) would lose
    # every digit for a pure tone, whose spread is nearly zero.
    offsets = np.subtract(freqs, centroid[:, None], out=scratch)
    np.square(offsets, out=offsets)
    spread = np.sqrt(np.einsum("ij,ij->i", offsets, magnitude) / peak / den)
    nyquist = sample_rate / 2.0
    return centroid / nyquist, spread / nyquist


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
        Work buffers, overwritten (``normalised`` holds the normalised spectra).

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
        Work buffer, overwritten.

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
    classes = np.zeros((len(power), SEMITONES))
    for row in fold.reshape(len(power), table.n_rows, SEMITONES).transpose(1, 0, 2):
        classes += row  # rows summed in order, as ``np.sum(C2, axis=0)`` does
    return classes / np.where(total == 0, EPS, total)[:, None]
