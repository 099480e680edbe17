"""Pictures of a clip for people: waveform, spectrogram, chromagram and MFCC image.

Made from the samples a classification decoded and the short-term feature matrix it
extracted, small enough to store with the result and send to the page: every picture
is a ``uint8`` image (0 stands for its ``low`` value, 255 for its ``high``) with the
scale that lets the page label its axes and colours.

- **waveform**: the lowest and highest sample of each of ``WAVEFORM_COLUMNS``
  stretches of the clip, in full scale (±1).
- **spectrogram**: Hann-windowed ``SPECTROGRAM_FFT``-sample frames at
  ``PICTURE_COLUMNS`` even steps, power in dBFS (a full-scale sine peaks at 0 dB)
  averaged into ``SPECTROGRAM_BANDS`` bands evenly spaced on the mel scale, over the
  loudest ``DYNAMIC_RANGE_DB`` (the top of the scale at -40 dBFS or higher, so that
  silence draws dark).
- **chromagram**: the same frames' power folded into the 12 pitch classes (C to B,
  A4 = 440 Hz), each column divided by its strongest class. pyAudioAnalysis's own
  chroma (what the model averages) puts each bin one bin higher than it is and keeps
  one bin per semitone, so a 440 Hz A lands on A♯; a picture for people must not.
- **mfcc**: the classifier's own 13 MFCCs (rows ``mfcc_1`` … ``mfcc_13`` of the
  short-term matrix), averaged into columns, each coefficient on its own scale (the
  first, the log energy, would otherwise flatten the others).

Pure NumPy; ``bench/feature_pictures.py`` measures what a 30 s clip costs.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import scipy.fft
import scipy.sparse

from .framing import frame
from .names import INT16_SCALE, N_MFCC, SHORT_TERM_NAMES

#: Columns of the waveform (min/max pairs): about a pixel each on a wide page.
WAVEFORM_COLUMNS = 600
#: Columns of the spectrogram, chromagram and MFCC image (at most; fewer for a clip
#: with fewer frames).
PICTURE_COLUMNS = 300
#: Samples per spectrogram frame: 46 ms at 22.05 kHz (the classifier's frames are 50
#: ms), 21.5 Hz between bins: semitones apart from about 370 Hz (F♯4) up; lower notes
#: spill into their neighbours. 2048 would halve that, at twice the cost.
SPECTROGRAM_FFT = 1024
#: Frames of a short clip overlap by 3/4 at most (the usual for a Hann window):
#: closer frames would show the same sound again, not more detail.
MIN_HOP = SPECTROGRAM_FFT // 4
#: Spectrogram frames transformed at once (their spectra, ~120 kB, stay in cache).
BLOCK_FRAMES = 30
#: Rows of the spectrogram, evenly spaced in mel.
SPECTROGRAM_BANDS = 128
#: The spectrogram shows this many dB below its loudest band.
DYNAMIC_RANGE_DB = 80.0
#: Quietest power kept before taking logarithms (-120 dBFS).
POWER_FLOOR = 1e-12
FLOOR_DB = -120.0
#: Pitch classes in the chromagram's row order.
PITCH_CLASSES = ("C", "C♯", "D", "D♯", "E", "F", "F♯", "G", "G♯", "A", "A♯", "B")
A4_HZ = 440.0
#: Row of A in ``PITCH_CLASSES``.
A_CLASS = 9
#: Bins between C2 and C8 count towards the chromagram (below C2 a bin spans several
#: semitones; above C8 there is little pitch left, mostly cymbals and noise).
CHROMA_MIN_HZ = 65.41
CHROMA_MAX_HZ = 4186.0
#: A chromagram column whose strongest class is below this power is left empty.
CHROMA_FLOOR = 1e-10
#: Largest uint8 value: the top of every picture's scale.
TOP = 255
#: Picture format version, stored and sent with the pictures.
FORMAT = 1

_FIRST_MFCC = SHORT_TERM_NAMES.index("mfcc_1")
_MFCC_ROWS = slice(_FIRST_MFCC, _FIRST_MFCC + N_MFCC)
_CACHE_SIZE = 8


@dataclass(frozen=True)
class Picture:
    """One image: ``values`` [shape=(rows, columns), uint8] with row 0 at the bottom
    (lowest frequency, first pitch class, first coefficient; the waveform's minima),
    0 standing for ``low`` and 255 for ``high`` (one number, or one per row)."""

    values: np.ndarray
    low: float | np.ndarray
    high: float | np.ndarray

    def to_dict(self) -> dict:
        """``{"shape", "data" (base64 of the bytes, row after row), "min", "max"}``."""
        data = np.ascontiguousarray(self.values).tobytes()
        return {
            "shape": list(self.values.shape),
            "data": base64.b64encode(data).decode("ascii"),
            "min": _rounded(self.low),
            "max": _rounded(self.high),
        }


@dataclass(frozen=True)
class ClipPictures:
    """The four pictures of one clip."""

    duration_s: float
    sample_rate: int
    waveform: Picture
    spectrogram: Picture
    band_frequencies_hz: np.ndarray
    chromagram: Picture
    mfcc: Picture

    def to_dict(self) -> dict:
        """The compact JSON form the API sends and the database keeps."""
        return {
            "format": FORMAT,
            "duration_s": round(self.duration_s, 3),
            "sample_rate": self.sample_rate,
            "waveform": {**self.waveform.to_dict(), "unit": "full scale"},
            "spectrogram": {
                **self.spectrogram.to_dict(),
                "unit": "dBFS",
                "frequencies_hz": _rounded(self.band_frequencies_hz, 1),
            },
            "chromagram": {
                **self.chromagram.to_dict(),
                "unit": "share of the strongest pitch class",
                "pitch_classes": list(PITCH_CLASSES),
            },
            "mfcc": {**self.mfcc.to_dict(), "unit": "coefficient, own scale per row"},
        }


def clip_pictures(
    signal: np.ndarray, sample_rate: int, short_term: np.ndarray
) -> ClipPictures:
    """The waveform, spectrogram, chromagram and MFCC image of a clip.

    Parameters
    ----------
    signal : np.ndarray [shape=(n,)]
        Mono samples on the int16 scale, as the classification decoded them.
    sample_rate : int
    short_term : np.ndarray [shape=(>= 34, n_frames)]
        The classification's short-term feature matrix (``Features.short_term``).

    Returns
    -------
    ClipPictures
    """
    signal = np.asarray(signal, dtype=np.float64)
    envelope = np.stack(waveform_envelope(signal, columns=WAVEFORM_COLUMNS))
    waveform = Picture(
        values=quantise(envelope / INT16_SCALE, -1.0, 1.0), low=-1.0, high=1.0
    )
    bands_db, centres, chroma = spectral_images(
        signal, sample_rate, columns=PICTURE_COLUMNS, scale=1.0 / INT16_SCALE
    )
    # Silence (every band at the floor) draws as the bottom of the scale, not its top.
    high = max(float(bands_db.max()), FLOOR_DB + DYNAMIC_RANGE_DB)
    low = high - DYNAMIC_RANGE_DB
    mfccs = column_means(short_term[_MFCC_ROWS], columns=PICTURE_COLUMNS)
    mfcc_low, mfcc_high = mfccs.min(axis=1), mfccs.max(axis=1)
    return ClipPictures(
        duration_s=len(signal) / sample_rate,
        sample_rate=sample_rate,
        waveform=waveform,
        spectrogram=Picture(values=quantise(bands_db, low, high), low=low, high=high),
        band_frequencies_hz=centres,
        chromagram=Picture(values=quantise(chroma, 0.0, 1.0), low=0.0, high=1.0),
        mfcc=Picture(
            values=quantise(mfccs, mfcc_low[:, None], mfcc_high[:, None]),
            low=mfcc_low,
            high=mfcc_high,
        ),
    )


def waveform_envelope(
    signal: np.ndarray, *, columns: int
) -> tuple[np.ndarray, np.ndarray]:
    """The lowest and highest sample of each of ``columns`` stretches.

    Parameters
    ----------
    signal : np.ndarray [shape=(n,)], n >= 1
    columns : int
        At most this many stretches (``n`` when the signal is shorter) of
        ``k = n // columns`` samples each; the last also takes the ``n % columns``
        samples left over (under ``columns``: a few ms of a clip).

    Returns
    -------
    lows, highs : np.ndarray [shape=(min(columns, n),)]
    """
    n = len(signal)
    columns = min(columns, n)
    k = n // columns
    # Whole-row reductions of a reshaped view run vectorised, unlike ``reduceat``.
    stretches = signal[: k * columns].reshape(columns, k)
    lows, highs = stretches.min(axis=1), stretches.max(axis=1)
    if n > k * columns:
        tail = signal[(columns - 1) * k :]
        lows[-1], highs[-1] = tail.min(), tail.max()
    return lows, highs


def spectral_images(
    signal: np.ndarray, sample_rate: int, *, columns: int, scale: float = 1.0
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The spectrogram's band powers and the chromagram of evenly spaced frames.

    Frames go through ``BLOCK_FRAMES`` at a time, so that the spectra stay small
    and in cache (fresh pages for one big block cost more than the FFTs).

    Parameters
    ----------
    signal : np.ndarray [shape=(n,)]
        ``signal * scale`` is full scale (±1). A clip shorter than a frame is padded
        with silence.
    sample_rate : int
    columns : int
        At most this many frames, evenly spread from the start to the end, at least
        ``MIN_HOP`` samples apart.
    scale : float
        What the samples are multiplied by (with the window: no scaled copy).

    Returns
    -------
    decibels : np.ndarray [shape=(SPECTROGRAM_BANDS, n_frames)]
        :func:`band_decibels`.
    centres : np.ndarray [shape=(SPECTROGRAM_BANDS,)]
        The bands' centre frequencies, in Hz.
    chroma : np.ndarray [shape=(12, n_frames)]
        :func:`chromagram`.
    """
    if len(signal) < SPECTROGRAM_FFT:
        signal = np.pad(signal, (0, SPECTROGRAM_FFT - len(signal)))
    hop = max(MIN_HOP, (len(signal) - SPECTROGRAM_FFT) // max(columns - 1, 1))
    frames = frame(signal, frame_length=SPECTROGRAM_FFT, hop_length=hop)[:columns]
    decibels = np.empty((SPECTROGRAM_BANDS, len(frames)), dtype=np.float32)
    chroma = np.empty((len(PITCH_CLASSES), len(frames)), dtype=np.float32)
    for first in range(0, len(frames), BLOCK_FRAMES):
        block = slice(first, first + BLOCK_FRAMES)
        power = frame_power(frames[block], scale=scale)
        decibels[:, block], centres = band_decibels(power, sample_rate)
        chroma[:, block] = chromagram(power, sample_rate)
    return decibels, centres, chroma


def frame_power(frames: np.ndarray, *, scale: float = 1.0) -> np.ndarray:
    """Power spectra of Hann-windowed frames, in full-scale units.

    Parameters
    ----------
    frames : np.ndarray [shape=(n_frames, n_fft)]
        ``frames * scale`` is full scale (±1).
    scale : float

    Returns
    -------
    np.ndarray [shape=(n_fft // 2 + 1, n_frames), dtype=float32]
        ``|2 X / sum(w)|**2``, a frame per column (as the pictures lay them out): a
        full-scale sine on a bin's frequency gives 1. Single precision (a picture of
        256 levels needs no more) halves the FFT's cost.
    """
    windowed = np.multiply(
        frames,
        _window(frames.shape[1], scale),
        out=np.empty(frames.shape, np.float32),
        casting="same_kind",
    )
    spectrum = scipy.fft.rfft(windowed, axis=1).T
    power = np.square(spectrum.real, out=np.empty(spectrum.shape, np.float32))
    power += np.square(spectrum.imag)
    return power


def band_decibels(
    power: np.ndarray, sample_rate: int, *, n_bands: int = SPECTROGRAM_BANDS
) -> tuple[np.ndarray, np.ndarray]:
    """Mean power of mel-spaced bands, in dB.

    Parameters
    ----------
    power : np.ndarray [shape=(n_fft // 2 + 1, n_frames)]
        :func:`frame_power`'s spectra.
    sample_rate : int
    n_bands : int

    Returns
    -------
    decibels : np.ndarray [shape=(n_bands, n_frames)]
        ``10 log10`` of the mean power of the bins in each band (a band narrower than
        a bin takes the bin nearest its centre), at least ``10 log10(POWER_FLOOR)``.
    centres : np.ndarray [shape=(n_bands,)]
        Each band's centre frequency, in Hz (midway between its edges in mel).
    """
    bands, centres = _band_means(sample_rate, power.shape[0], n_bands)
    means = bands @ power
    return 10.0 * np.log10(np.maximum(means, POWER_FLOOR)), centres


def chromagram(power: np.ndarray, sample_rate: int) -> np.ndarray:
    """Power per pitch class, each column divided by its strongest class.

    Parameters
    ----------
    power : np.ndarray [shape=(n_fft // 2 + 1, n_frames)]
    sample_rate : int

    Returns
    -------
    np.ndarray [shape=(12, n_frames)]
        Rows in ``PITCH_CLASSES`` order, values in [0, 1]; a bin counts towards the
        class nearest its frequency (between ``CHROMA_MIN_HZ`` and ``CHROMA_MAX_HZ``);
        a column whose strongest class has less than ``CHROMA_FLOOR`` is all 0.
    """
    classes = _chroma_fold(sample_rate, power.shape[0]) @ power
    strongest = classes.max(axis=0, keepdims=True)
    return np.divide(
        classes, strongest, out=np.zeros_like(classes), where=strongest >= CHROMA_FLOOR
    )


def column_means(matrix: np.ndarray, *, columns: int) -> np.ndarray:
    """Average consecutive columns of ``matrix`` down to at most ``columns``.

    Column ``i`` of the result is the mean of the source columns ``i * n // columns``
    up to ``(i + 1) * n // columns``.

    Parameters
    ----------
    matrix : np.ndarray [shape=(rows, n)], n >= 1

    Returns
    -------
    np.ndarray [shape=(rows, min(columns, n))]
    """
    n = matrix.shape[1]
    columns = min(columns, n)
    edges = np.arange(columns + 1) * n // columns
    sums = np.add.reduceat(matrix, edges[:-1], axis=1)
    return sums / np.diff(edges)


def quantise(
    values: np.ndarray, low: float | np.ndarray, high: float | np.ndarray
) -> np.ndarray:
    """``values`` mapped linearly from [low, high] onto 0 … 255 (clipped, rounded).

    ``low`` and ``high`` broadcast against ``values``; where they are equal (a constant
    row) the result is 0.
    """
    width = np.asarray(high, dtype=np.float64) - low
    factor = np.divide(TOP, width, out=np.zeros_like(width), where=width > 0)
    scaled = np.subtract(values, low, dtype=np.float64)
    scaled *= factor
    np.clip(scaled, 0, TOP, out=scaled)
    return np.rint(scaled, out=scaled).astype(np.uint8)


def hz_to_mel(hz: np.ndarray | float) -> np.ndarray:
    """The HTK mel scale: ``2595 log10(1 + f / 700)``."""
    return 2595.0 * np.log10(1.0 + np.asarray(hz) / 700.0)


def mel_to_hz(mel: np.ndarray | float) -> np.ndarray:
    return 700.0 * (10.0 ** (np.asarray(mel) / 2595.0) - 1.0)


@lru_cache(maxsize=_CACHE_SIZE)
def _band_means(
    sample_rate: int, n_bins: int, n_bands: int
) -> tuple[scipy.sparse.csr_array, np.ndarray]:
    """[shape=(n_bands, n_bins)] weights averaging each mel band's bins, and the
    bands' centres in Hz.

    Band ``b`` spans ``[e_b, e_b+1)`` with the edges evenly spaced in mel from 0 Hz
    to the Nyquist frequency (which the top band includes); a band holding no bin
    takes the one nearest its centre.
    """
    bin_hz = sample_rate / (2.0 * (n_bins - 1))
    edges = mel_to_hz(np.linspace(0.0, hz_to_mel(sample_rate / 2.0), n_bands + 1))
    centres = mel_to_hz((hz_to_mel(edges[:-1]) + hz_to_mel(edges[1:])) / 2.0)
    first = np.ceil(edges[:-1] / bin_hz).astype(int)
    last = np.ceil(edges[1:] / bin_hz).astype(int)
    last[-1] = n_bins
    narrow = last <= first
    nearest = np.minimum(np.rint(centres / bin_hz).astype(int), n_bins - 1)
    first[narrow], last[narrow] = nearest[narrow], nearest[narrow] + 1
    counts = last - first
    rows = np.repeat(np.arange(n_bands), counts)
    cols = np.concatenate([np.arange(a, b) for a, b in zip(first, last, strict=True)])
    weights = np.repeat(1.0 / counts, counts).astype(np.float32)
    matrix = scipy.sparse.csr_array((weights, (rows, cols)), shape=(n_bands, n_bins))
    return matrix, centres


@lru_cache(maxsize=_CACHE_SIZE)
def _chroma_fold(sample_rate: int, n_bins: int) -> scipy.sparse.csr_array:
    """[shape=(12, n_bins)]: 1 where a bin belongs to a pitch class."""
    freqs = np.arange(n_bins) * (sample_rate / (2.0 * (n_bins - 1)))
    used = np.flatnonzero((freqs >= CHROMA_MIN_HZ) & (freqs <= CHROMA_MAX_HZ))
    semitones = np.rint(12.0 * np.log2(freqs[used] / A4_HZ)).astype(int)
    classes = (semitones + A_CLASS) % len(PITCH_CLASSES)
    ones = np.ones(len(used), dtype=np.float32)
    return scipy.sparse.csr_array(
        (ones, (classes, used)), shape=(len(PITCH_CLASSES), n_bins)
    )


@lru_cache(maxsize=_CACHE_SIZE)
def _window(length: int, scale: float) -> np.ndarray:
    """The periodic Hann window times ``2 / sum(w)`` (a full-scale sine on a bin's
    frequency then has magnitude 1 there) times ``scale``."""
    hann = 0.5 - 0.5 * np.cos(2.0 * np.pi * np.arange(length) / length)
    return (hann * (2.0 * scale / hann.sum())).astype(np.float32)


def _rounded(value, digits: int = 4):
    """A float or a list of floats, rounded for JSON."""
    if isinstance(value, np.ndarray):
        return np.round(value.astype(np.float64), digits).tolist()
    return round(float(value), digits)
