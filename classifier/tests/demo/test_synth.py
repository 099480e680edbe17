"""The demo synthesiser: envelopes and notes by hand, songs by what they measure."""

import numpy as np
import pytest
from scipy import signal as sps

from classifier.demo.styles import STYLES
from classifier.demo.synth import (
    PEAK_DBFS,
    adsr,
    arrangement,
    chord_notes,
    midi_hz,
    oscillator,
    render_song,
)

RATE = 22_050
HOP = 256
DRUM_STYLES = [name for name, style in STYLES.items() if style.drums]


def _song(style, *, seed=1, duration_s=4.0, tempo=None, rate=RATE):
    spec = STYLES[style]
    tempo = tempo or sum(spec.tempo_range) / 2
    return render_song(
        style,
        tempo=tempo,
        key=f"E {spec.mode}",
        seed=seed,
        duration_s=duration_s,
        sample_rate=rate,
    )


def _onset_strength(x):
    """Positive log-spectral flux of the mono mix, one value a hop."""
    _, _, z = sps.stft(
        x.mean(axis=1),
        RATE,
        nperseg=1024,
        noverlap=1024 - HOP,
        boundary=None,
        padded=False,
    )
    return np.maximum(np.diff(np.log1p(100 * np.abs(z)), axis=1), 0).sum(axis=0)


def _tempo(x, *, low=60, high=200):
    """Tempo (bpm) of the strongest onset-autocorrelation lag in [low, high] bpm."""
    onsets = _onset_strength(x) - _onset_strength(x).mean()
    ac = np.correlate(onsets, onsets, "full")[len(onsets) :]
    bpm = 60 * RATE / HOP / np.arange(1, len(ac) + 1)
    ok = (bpm >= low) & (bpm <= high)
    return bpm[ok][np.argmax(ac[ok])]


def _max_rise_db(x, hop=110):
    """Largest level jump (dB) between 5 ms frames, edges and the -60 dB floor aside."""
    mono = x.mean(axis=1)
    frames = mono[: len(mono) // hop * hop].reshape(-1, hop)
    level = np.sqrt((frames**2).mean(axis=1))[20:-20]
    level = np.maximum(level, level.max() * 1e-3)
    return np.max(np.diff(20 * np.log10(level)))


def _centroid(x):
    mono = x.mean(axis=1)
    power = np.abs(np.fft.rfft(mono)) ** 2
    return np.sum(power * np.fft.rfftfreq(len(mono), 1 / RATE)) / power.sum()


def test_adsr_hand_computed():
    env = adsr(10, 10, attack=0.2, decay=0.2, sustain=0.5, release=0.2)
    expected = [0, 0.5, 1, 0.75, 0.5, 0.5, 0.5, 0.5, 0.5, 0.25]
    np.testing.assert_allclose(env, expected, atol=1e-12)


def test_midi_hz_and_chords():
    np.testing.assert_allclose(
        midi_hz([69, 57, 60]), [440.0, 220.0, 261.6256], rtol=1e-6
    )
    assert chord_notes("A minor", (0, "min")) == (57, 60, 64)
    assert chord_notes("C major", (7, "7")) == (55, 59, 62, 65)
    assert chord_notes("E minor", (0, "5")) == (52, 59, 64)


@pytest.mark.parametrize("wave", ["sine", "saw", "square", "triangle"])
def test_oscillator_fundamental(wave):
    tone = oscillator(440.0, RATE, RATE, wave)
    spectrum = np.abs(np.fft.rfft(tone))
    assert np.argmax(spectrum) == 440  # 1 Hz bins: the fundamental is the peak
    assert np.max(np.abs(tone)) <= 1.0
    assert abs(tone.mean()) < 0.03  # a naive saw's DC offset is -1/period


def test_arrangement_covers_every_bar_and_varies():
    layouts = set()
    for n_bars in (1, 2, 10, 23):
        for seed in range(20):
            sections = arrangement(n_bars, np.random.default_rng(seed), has_drums=True)
            starts = [s.start_bar for s in sections]
            assert starts == list(np.cumsum([0] + [s.n_bars for s in sections])[:-1])
            assert sum(s.n_bars for s in sections) == n_bars
            assert sections[-1].name == "outro"
            layouts.add(tuple((s.name, s.n_bars) for s in sections))
    assert len(layouts) >= 30
    names = {name for layout in layouts for name, _ in layout}
    assert {"intro", "verse", "chorus", "breakdown", "outro"} <= names
    quiet = arrangement(40, np.random.default_rng(3), has_drums=False)
    assert "breakdown" not in {s.name for s in quiet}


@pytest.mark.parametrize("style", list(STYLES))
def test_render_is_deterministic_and_peak_normalised(style):
    first, again = _song(style), _song(style)
    assert first.shape == (round(4.0 * RATE), 2)
    assert first.dtype == np.float64
    np.testing.assert_array_equal(first, again)
    np.testing.assert_allclose(
        np.max(np.abs(first)), 10 ** (PEAK_DBFS / 20), rtol=1e-12
    )
    other = _song(style, seed=2)
    assert np.sqrt(np.mean((first - other) ** 2)) > 0.01


@pytest.mark.parametrize("style", DRUM_STYLES)
@pytest.mark.parametrize("end", [0, 1])
def test_onset_tempo_matches_spec(style, end):
    """Up to the usual octave ambiguity (half or double), within 3 %."""
    bpm = STYLES[style].tempo_range[end]
    estimate = _tempo(_song(style, seed=10 + end, duration_s=12.0, tempo=bpm))
    error = min(abs(estimate / (bpm * k) - 1) for k in (0.5, 1, 2))
    assert error < 0.03, (style, bpm, estimate)


def test_classical_has_no_percussive_transients():
    rises = {style: _max_rise_db(_song(style, duration_s=8.0)) for style in STYLES}
    assert rises["Classical"] < 12.0, rises
    assert min(rises[s] for s in DRUM_STYLES) > 20.0, rises


def test_spectral_centroids_differ_between_styles():
    centroid = {
        s: np.mean([_centroid(_song(s, seed=k, duration_s=8.0)) for k in (1, 2)])
        for s in STYLES
    }
    bright = ("Electronic", "Rock", "Jazz")
    assert max(centroid["Classical"], centroid["Rap"], centroid["Blues"]) < 0.7 * min(
        centroid[s] for s in bright
    ), centroid
    assert centroid["Rock"] > 1.1 * centroid["Electronic"], centroid
