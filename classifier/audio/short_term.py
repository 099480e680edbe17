"""pyAudioAnalysis's 34 short-term features and their deltas, vectorised over frames.

``short_term_features`` equals ``ShortTermFeatures.feature_extraction`` of
pyAudioAnalysis 0.3.14. The time-domain features live here, the spectral ones in
:mod:`.spectral`. Frames go through in blocks whose scratch arrays are reused from
call to call: fresh pages cost more than the arithmetic on a small machine.
"""

import threading
from concurrent.futures import Executor

import numpy as np

from .filters import SEMITONES
from .framing import frame, frame_count, normalization, normalize
from .names import N_MFCC, SHORT_TERM_NAMES
from .spectral import (
    EPS,
    chroma,
    mfcc,
    spectral_centroid_spread,
    spectral_flux,
    spectral_moments,
    spectral_rolloff,
)

__all__ = [
    "block_energies",
    "block_entropy",
    "chroma",
    "entropy",
    "mfcc",
    "short_term_features",
    "spectral_centroid_spread",
    "spectral_flux",
    "spectral_moments",
    "spectral_rolloff",
    "zero_crossing_rate",
]

#: Sub-blocks of the energy and spectral entropies.
N_ENTROPY_BLOCKS = 10
N_SHORT_TERM = len(SHORT_TERM_NAMES)
#: Frames per block (1 MB of float64 a row-array at 22.05 kHz, 2 MB at 44.1 kHz): small
#: enough for a block's temporaries to stay in cache, large enough that NumPy's
#: per-call overhead stays small. The best of 30-600 measured at both rates.
BLOCK_FRAMES = 120
#: Frame geometries (window, step) whose buffers a thread keeps.
_MAX_WORKSPACES = 4

_ZCR, _ENERGY, _ENTROPY, _CENTROID, _SPREAD, _SP_ENTROPY, _FLUX, _ROLLOFF = range(8)
_MFCC = slice(8, 8 + N_MFCC)
_CHROMA = slice(8 + N_MFCC, 8 + N_MFCC + SEMITONES)
_CHROMA_STD = 8 + N_MFCC + SEMITONES


def zero_crossing_rate(
    signal: np.ndarray,
    *,
    window: int,
    step: int,
    buffers: tuple[np.ndarray, np.ndarray, np.ndarray] | None = None,
) -> np.ndarray:
    """Sign changes per sample in every frame.

    Parameters
    ----------
    signal : np.ndarray [shape=(n,)]
    window, step : int
        Frame length and hop, in samples.
    buffers : (int8 [shape=(>= n,)], bool [shape=(>= n,)], int8 [shape=(>= n_frames,
        window - 1)]), optional
        Reused work arrays.

    Returns
    -------
    np.ndarray [shape=(n_frames,)]
        ``sum |diff(sign(x))| / 2 / (window - 1)`` (a zero sample counts half a
        crossing on each side); the counts are integers, so summing them as integers
        gives the reference's floats exactly.
    """
    n = len(signal)
    n_frames = frame_count(n, frame_length=window, hop_length=step)
    if buffers is None:
        buffers = (
            np.empty(n, np.int8),
            np.empty(n, bool),
            np.empty((n_frames, window - 1), np.int8),
        )
    signs, negative, changes = buffers
    sign = np.greater(signal, 0, out=signs[:n].view(bool)).view(np.int8)
    sign -= np.less(signal, 0, out=negative[:n]).view(np.int8)
    frames = frame(sign, frame_length=window, hop_length=step)
    changes = np.subtract(frames[:, 1:], frames[:, :-1], out=changes[:n_frames])
    # Each pair changes by at most 2: int16 holds the count of frames up to 16384
    # samples, and summing into it is several times faster than into int64.
    total_type = np.int16 if 2 * (window - 1) <= np.iinfo(np.int16).max else np.int64
    count = np.abs(changes, out=changes).sum(axis=1, dtype=total_type) / 2
    return count / np.float64(window - 1.0)


def block_entropy(
    values: np.ndarray, total: np.ndarray, *, n_blocks: int = N_ENTROPY_BLOCKS
) -> np.ndarray:
    """Entropy of the energy split into ``n_blocks`` consecutive blocks.

    pyAudioAnalysis's energy entropy (on samples) and spectral entropy (on magnitudes)
    are this same computation.

    Parameters
    ----------
    values : np.ndarray [shape=(n_frames, n)]
        Samples or magnitudes of each frame.
    total : np.ndarray [shape=(n_frames,)]
        ``np.sum(values**2, axis=1)`` (values left over by the blocks count here).

    Returns
    -------
    np.ndarray [shape=(n_frames,)]
        ``-sum(p * log2(p + eps))`` with ``p = block_energy / (total + eps)``.
    """
    energies, _ = block_energies(values, n_blocks=n_blocks)
    return entropy(energies, total)


def block_energies(
    values: np.ndarray, *, n_blocks: int = N_ENTROPY_BLOCKS
) -> tuple[np.ndarray, np.ndarray]:
    """Sums of squares of ``n_blocks`` consecutive blocks of each row, and of the rest.

    The reference squares, then adds each block sequentially; summing the products
    in another order changes only the last bits (relative 1e-16), and everything built
    on these sums is smooth in them.

    Parameters
    ----------
    values : np.ndarray [shape=(n_frames, n)]
        Samples (or magnitudes) of each frame.

    Returns
    -------
    energies : np.ndarray [shape=(n_frames, n_blocks)]
    tail : np.ndarray [shape=(n_frames,)]
        Of the ``n % n_blocks`` values left over.
    """
    n_frames, length = values.shape
    end = length // n_blocks * n_blocks
    blocks = values[:, :end].reshape(n_frames, n_blocks, -1)
    rest = values[:, end:]
    return np.einsum("ijk,ijk->ij", blocks, blocks), np.einsum("ij,ij->i", rest, rest)


def entropy(energies: np.ndarray, total: np.ndarray) -> np.ndarray:
    """``-sum(p * log2(p + eps))`` per row, with ``p = energies / (total + eps)``."""
    share = energies / (total + EPS)[:, None]
    return -np.sum(share * np.log2(share + EPS), axis=1)


class _Workspace:
    """The scratch arrays of one block of frames, reused from call to call.

    Fresh pages cost more than the arithmetic done on them (a 30 s clip at 44.1 kHz
    would otherwise fault in ~7 MB per call), so each thread keeps one set per frame
    geometry: about ``27 * BLOCK_FRAMES * window`` bytes (3.6 MB at 22.05 kHz).
    """

    def __init__(self, window: int, step: int) -> None:
        n_bins = window // 2
        span = (BLOCK_FRAMES - 1) * step + window
        self.chunk = np.empty(span)
        self.signs = np.empty(span, dtype=np.int8)
        self.negative = np.empty(span, dtype=bool)
        self.changes = np.empty((BLOCK_FRAMES, window - 1), dtype=np.int8)
        self.spectrum = np.empty((BLOCK_FRAMES, window // 2 + 1), dtype=np.complex128)
        self.magnitude = np.empty((BLOCK_FRAMES, n_bins))
        self.power = np.empty((BLOCK_FRAMES, n_bins))


_WORKSPACES = threading.local()


def _workspace(window: int, step: int) -> _Workspace:
    spaces = _WORKSPACES.__dict__.setdefault("by_geometry", {})
    if (window, step) not in spaces:
        if len(spaces) >= _MAX_WORKSPACES:
            spaces.clear()
        spaces[window, step] = _Workspace(window, step)
    return spaces[window, step]


def short_term_features(
    signal: np.ndarray,
    sample_rate: int,
    *,
    window: int,
    step: int,
    parts: int = 1,
    pool: Executor | None = None,
) -> np.ndarray:
    """The 34 short-term features of every frame, then their deltas.

    Equals ``ShortTermFeatures.feature_extraction(signal, sample_rate, window, step)``.
    Frames are processed ``BLOCK_FRAMES`` at a time in reused buffers, so that the
    temporaries stay in cache and cost no fresh memory.

    Parameters
    ----------
    signal : np.ndarray [shape=(n,)]
        Mono, int16-scaled, at least ``window`` samples long.
    sample_rate : int
    window, step : int
        Frame length and hop, in samples.
    parts : int
        Split the blocks into up to this many contiguous groups; the calling thread
        computes the first, ``pool`` the others. The result is the same to the bit.
    pool : concurrent.futures.Executor, optional
        Where the other groups run (see :mod:`.runner`); without one, one group.

    Returns
    -------
    np.ndarray [shape=(68, n_frames)]
        Rows in ``SHORT_TERM_DELTA_NAMES`` order; the deltas of the first frame are 0.
    """
    signal = np.asarray(signal, dtype=np.float64)
    n_frames = frame_count(len(signal), frame_length=window, hop_length=step)
    mean, divisor = normalization(signal)
    if not np.isfinite(mean):  # any NaN or inf sample makes the mean non-finite
        raise ValueError("the signal contains NaN or infinite samples")
    features = np.zeros((2 * N_SHORT_TERM, n_frames))
    starts = list(range(0, n_frames, BLOCK_FRAMES))
    groups = _split(starts, parts if pool is not None else 1)

    def run(group: list[int]) -> tuple[np.ndarray, np.ndarray]:
        space = _workspace(window, step)
        first_row = previous = None
        for first in group:
            last = min(first + BLOCK_FRAMES, n_frames)
            span = (last - first - 1) * step + window
            chunk = normalize(
                signal[first * step : first * step + span],
                mean,
                divisor,
                out=space.chunk[:span],
            )
            head, previous = _frame_features(
                chunk, sample_rate, step, previous, space, features[:, first:last]
            )
            first_row = head if first_row is None else first_row
        return first_row, previous

    if len(groups) == 1:
        run(groups[0])
    else:
        # Block groups run on their own threads (NumPy's FFT and ufuncs let go of
        # the GIL); the one value that crosses a group boundary, the spectral flux of
        # a group's first frame, is computed afterwards from the two normalised
        # spectra exactly as the sequential loop would.
        # The calling thread takes the first group itself rather than idling.
        pending = [pool.submit(run, group) for group in groups[1:]]
        edges = [run(groups[0])] + [future.result() for future in pending]
        for i in range(1, len(groups)):
            head, tail = edges[i][0], edges[i - 1][1]
            features[_FLUX, groups[i][0]] = np.sum((head - tail) ** 2)
    features[N_SHORT_TERM:, 1:] = np.diff(features[:N_SHORT_TERM], axis=1)
    return features


def _split(starts: list[int], parts: int) -> list[list[int]]:
    """``starts`` in at most ``parts`` contiguous, nearly equal groups."""
    parts = max(1, min(parts, len(starts)))
    size, extra = divmod(len(starts), parts)
    groups, at = [], 0
    for i in range(parts):
        n = size + (i < extra)
        groups.append(starts[at : at + n])
        at += n
    return groups


def _frame_features(
    chunk: np.ndarray,
    sample_rate: int,
    step: int,
    previous: np.ndarray | None,
    space: _Workspace,
    out: np.ndarray,
) -> tuple[np.ndarray, np.ndarray]:
    """Fill ``out[:34]`` for a block; return its first and last normalised spectra."""
    n_frames = out.shape[1]
    window = space.changes.shape[1] + 1
    frames = frame(chunk, frame_length=window, hop_length=step)
    out[_ZCR] = zero_crossing_rate(
        chunk,
        window=window,
        step=step,
        buffers=(space.signs, space.negative, space.changes),
    )
    energies, tail = block_energies(frames)
    total = np.sum(energies, axis=1) + tail
    out[_ENERGY] = total / np.float64(window)
    out[_ENTROPY] = entropy(energies, total)

    n_bins = window // 2
    # fft(x)[:n_bins] of a real frame: rfft gives the same bits for those bins
    # (NumPy's pocketfft, as scipy.fft's, and it can write into a buffer).
    spectrum = np.fft.rfft(frames, axis=1, out=space.spectrum[:n_frames])
    magnitude = np.abs(spectrum[:, :n_bins], out=space.magnitude[:n_frames])
    magnitude /= n_bins
    power = np.square(magnitude, out=space.power[:n_frames])
    moments = spectral_moments(magnitude, sample_rate)
    power_total = np.sum(power, axis=1)
    out[_CENTROID], out[_SPREAD] = spectral_centroid_spread(
        magnitude, sample_rate, moments=moments
    )
    out[_SP_ENTROPY] = block_entropy(magnitude, power_total)
    out[_MFCC] = mfcc(magnitude, sample_rate).T
    chroma_values = chroma(power, power_total, sample_rate)
    out[_CHROMA] = chroma_values.T
    out[_CHROMA_STD] = np.std(chroma_values, axis=1)
    # The last two overwrite the spectra they read (no other buffer to fault in):
    # the roll-off's running sum goes into ``power``, the flux's normalised spectra
    # into ``magnitude`` and their differences into ``power``.
    out[_ROLLOFF] = spectral_rolloff(power, power_total, scratch=power)
    out[_FLUX], last = spectral_flux(
        magnitude,
        previous,
        total=moments[:, 0],
        normalised=magnitude,
        scratch=power,
    )
    first = magnitude[0].copy()
    return first, last
