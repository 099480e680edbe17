"""Signal normalisation and framing, as pyAudioAnalysis prepares a signal.

``ShortTermFeatures.feature_extraction`` divides the int16-scaled signal by 2**15,
removes its mean and divides by its peak (plus a small constant) before cutting it into
frames; :func:`normalize_signal` does exactly that, in the same order, so the frames
hold the same bits.
"""

import numpy as np
from numpy.lib.stride_tricks import as_strided

from .names import INT16_SCALE

#: Added to the peak in ``dc_normalize`` so silence divides by a non-zero number.
PEAK_EPS = 1e-10


def normalization(signal: np.ndarray) -> tuple[float, float]:
    """The mean and the divisor ``dc_normalize`` would use, without a scaled copy.

    Scaling by 2**-15 is exact, so ``mean(s / 2**15) == mean(s) / 2**15`` and
    ``s / 2**15 - m / 2**15 == (s - m) / 2**15`` bit for bit, and rounding is monotonic,
    so the peak of ``|s - m|`` comes from the signal's own extremes.

    Parameters
    ----------
    signal : np.ndarray [shape=(n,), dtype=float64]
        Int16-scaled samples.

    Returns
    -------
    mean : float
        ``mean(signal)``.
    divisor : float
        ``max|signal / 2**15 - mean / 2**15| + 1e-10``.
    """
    mean = signal.mean()
    peak = max(signal.max() - mean, mean - signal.min()) / INT16_SCALE
    return mean, peak + PEAK_EPS


def normalize(
    signal: np.ndarray, mean: float, divisor: float, *, out: np.ndarray | None = None
) -> np.ndarray:
    """Apply :func:`normalization`'s values: ``(signal - mean) / 2**15 / divisor``.

    Parameters
    ----------
    signal : np.ndarray [shape=(n,)]
        The whole signal or any slice of it.
    mean, divisor : float
    out : np.ndarray [shape=(n,)], optional
        Where to write the result.

    Returns
    -------
    np.ndarray [shape=(n,), dtype=float64]
        The same bits as pyAudioAnalysis's ``dc_normalize(signal / 2**15)``.
    """
    normalized = np.subtract(signal, mean, out=out, dtype=np.float64)
    # (x / 2**15) / d and x / (2**15 * d) are the same real number (both scalings are
    # exact), hence the same float: one pass instead of two.
    normalized /= INT16_SCALE * divisor
    return normalized


def normalize_signal(signal: np.ndarray) -> np.ndarray:
    """Scale to [-1, 1], remove the mean and divide by the peak.

    Parameters
    ----------
    signal : np.ndarray [shape=(n,)]
        Mono samples on the int16 scale (values in ±32768).

    Returns
    -------
    np.ndarray [shape=(n,), dtype=float64]
        ``(s - mean(s)) / (max|s - mean(s)| + 1e-10)`` with ``s = signal / 2**15``.
    """
    signal = np.asarray(signal, dtype=np.float64)
    return normalize(signal, *normalization(signal))


def frame_count(n_samples: int, *, frame_length: int, hop_length: int) -> int:
    """Number of whole frames pyAudioAnalysis cuts from ``n_samples`` samples.

    Its loop runs ``while position + frame_length - 1 < n_samples``.
    """
    if n_samples < frame_length:
        return 0
    return (n_samples - frame_length) // hop_length + 1


def frame(signal: np.ndarray, *, frame_length: int, hop_length: int) -> np.ndarray:
    """Slice a 1-D signal into overlapping frames without copying.

    Parameters
    ----------
    signal : np.ndarray [shape=(n,)]
    frame_length, hop_length : int
        Frame size and step, in samples.

    Returns
    -------
    np.ndarray [shape=(n_frames, frame_length)]
        A read-only strided view: row ``i`` is
        ``signal[i * hop_length : i * hop_length + frame_length]``; trailing samples
        that do not fill a frame are dropped.
    """
    signal = np.ascontiguousarray(signal)
    n_frames = frame_count(
        len(signal), frame_length=frame_length, hop_length=hop_length
    )
    stride = signal.strides[0]
    return as_strided(
        signal,
        shape=(n_frames, frame_length),
        strides=(hop_length * stride, stride),
        writeable=False,
    )
