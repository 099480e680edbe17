"""Instruments, envelopes, filters and the song renderer of the demo catalogue.

Everything is deterministic: a song is a function of its style, tempo, key, seed,
duration and sample rate, and the same arguments give a bit-identical float signal.
Drum hits are rendered once and placed with one convolution per instrument; pitched
notes are rendered one by one into a track that is then filtered as a whole.
"""

from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from scipy import signal as sps

from .styles import STYLES, Chord, Style

#: Peak level of a finished song: -1 dBFS leaves headroom for lossy encoders.
PEAK_DBFS = -1.0
#: Fade at the very start and end so no song begins or ends on a click.
EDGE_FADE_S = 0.01
BEATS_PER_BAR = 4
#: MIDI note of the tonic each key is built on (octave 3: bass and pads sit around it).
TONIC_MIDI = {
    "C": 48, "C#": 49, "D": 50, "Eb": 51, "E": 52, "F": 53,
    "F#": 54, "G": 55, "Ab": 56, "A": 57, "Bb": 58, "B": 59,
}  # fmt: skip
SCALES = {"major": (0, 2, 4, 5, 7, 9, 11), "minor": (0, 2, 3, 5, 7, 8, 10)}
#: Chord quality -> semitones above the root.
CHORD_TONES = {
    "maj": (0, 4, 7), "min": (0, 3, 7), "5": (0, 7, 12), "7": (0, 4, 7, 10),
    "m7": (0, 3, 7, 10), "maj7": (0, 4, 7, 11),
}  # fmt: skip
#: Vowel formants (F1, F2) in Hz of the rap line's syllables: a, e, i, o, u.
FORMANTS = ((730, 1090), (530, 1840), (270, 2290), (570, 840), (300, 870))
#: Levels of the pitched tracks before mixing; the detuned second oscillator (in
#: semitones) thickens the chords.
CHORD_GAIN = 0.35
CHORD_DETUNE = 0.08
BASS_CUTOFF = 900.0
#: MIDI range of the chorus melody (E4 to E6).
LEAD_SPAN = (64, 88)
#: Cut-off (Hz) that smooths a gate's edges into ~10 ms ramps.
GATE_SMOOTH_HZ = 20.0
#: Relative spread of the seeded note-to-note level changes.
VELOCITY_SPREAD = 0.15
#: Velocity of a step in a drum pattern string.
STEP_VELOCITY = {"X": 1.0, "x": 0.75, "o": 0.35}


@dataclass(frozen=True)
class Section:
    """A run of bars that share one instrumentation.

    Attributes
    ----------
    name : str
        ``intro``, ``verse``, ``chorus``, ``breakdown`` or ``outro``.
    start_bar, n_bars : int
    """

    name: str
    start_bar: int
    n_bars: int


def midi_hz(note):
    """Frequency in Hz of MIDI note(s), A4 = 69 = 440 Hz."""
    return 440.0 * 2.0 ** ((np.asarray(note, dtype=np.float64) - 69.0) / 12.0)


def adsr(n, sample_rate, *, attack, decay, sustain, release):
    """Attack-decay-sustain-release envelope of ``n`` samples.

    Parameters
    ----------
    n : int
    sample_rate : int
    attack, decay, release : float
        Seconds; the release takes the last ``release`` seconds of the note.
    sustain : float
        Level in [0, 1] held between decay and release.

    Returns
    -------
    np.ndarray [shape=(n,)]
        Piecewise linear, 0 -> 1 -> ``sustain`` -> 0.
    """
    t = np.arange(n) / sample_rate
    up = np.minimum(t / max(attack, 1e-9), 1.0)
    down = 1.0 - (1.0 - sustain) * np.clip((t - attack) / max(decay, 1e-9), 0, 1)
    tail = np.clip((n / sample_rate - t) / max(release, 1e-9), 0, 1)
    return up * down * tail


def oscillator(freq, n, sample_rate, wave, *, phase=0.0):
    """A ``wave`` ("sine", "saw", "square" or "triangle") of ``n`` samples."""
    cycles = phase + np.cumsum(np.broadcast_to(freq, (n,))) / sample_rate
    frac = cycles - np.floor(cycles)
    if wave == "sine":
        return np.sin(2 * np.pi * cycles)
    if wave == "saw":
        return 2.0 * frac - 1.0
    if wave == "square":
        return np.where(frac < 0.5, 1.0, -1.0)
    return 4.0 * np.abs(frac - 0.5) - 1.0


def filtered(x, sample_rate, btype, cutoff, *, order=2):
    """``x`` through a Butterworth ``btype`` ("lowpass", "highpass", "bandpass")."""
    return sps.sosfilt(_butter(order, cutoff, btype, sample_rate), x)


@lru_cache(maxsize=64)
def _butter(order, cutoff, btype, sample_rate):
    return sps.butter(order, cutoff, btype=btype, fs=sample_rate, output="sos")


def drum_hit(kind, sample_rate, rng):
    """One hit of ``kind`` ("kick", "snare", "hat"); noise comes from ``rng``."""
    n = int(0.4 * sample_rate)
    t = np.arange(n) / sample_rate
    if kind == "kick":
        sweep = 50.0 + 110.0 * np.exp(-t / 0.03)
        return oscillator(sweep, n, sample_rate, "sine") * np.exp(-t / 0.12)
    noise = rng.standard_normal(n)
    if kind == "snare":
        body = 0.6 * np.sin(2 * np.pi * 190.0 * t) * np.exp(-t / 0.04)
        rattle = filtered(noise, sample_rate, "bandpass", (1500, 7000)) * 0.8
        return (body + rattle * np.exp(-t / 0.07)) * 0.9
    return filtered(noise, sample_rate, "highpass", 7000, order=4) * np.exp(-t / 0.02)


def place(hit, onsets, gains, n):
    """``hit`` added at sample ``onsets`` scaled by ``gains``: one convolution."""
    impulses = np.zeros(n)
    np.add.at(impulses, onsets, gains)
    return sps.oaconvolve(impulses, hit)[:n]


def arrangement(n_bars, rng, *, has_drums):
    """Split ``n_bars`` into sections; the layout depends on ``rng``.

    Returns
    -------
    list of Section
        Intro (1-4 bars), verse/chorus pairs, an optional breakdown, an outro (1-2).
    """
    names = ["intro"] * int(rng.integers(1, 5))
    while len(names) < n_bars:
        names += ["verse"] * int(rng.choice([2, 4])) + ["chorus"] * 4
        if has_drums and rng.random() < 0.4:
            names += ["breakdown"] * 2
    outro = min(int(rng.integers(1, 3)), n_bars)
    names = names[: n_bars - outro] + ["outro"] * outro
    sections, start = [], 0
    for i in range(1, n_bars + 1):
        if i == n_bars or names[i] != names[start]:
            sections.append(Section(names[start], start, i - start))
            start = i
    return sections


def chord_notes(key, chord: Chord):
    """MIDI notes of ``chord`` (root offset, quality) in ``key`` ("A minor")."""
    tonic = TONIC_MIDI[key.split()[0]]
    return tuple(tonic + chord[0] + tone for tone in CHORD_TONES[chord[1]])


def scale_notes(key, low, high):
    """MIDI notes of ``key``'s scale between ``low`` and ``high``."""
    tonic, mode = key.split()
    degrees = set(SCALES[mode])
    return np.array(
        [m for m in range(low, high) if (m - TONIC_MIDI[tonic]) % 12 in degrees]
    )


@dataclass
class _Grid:
    """Timing of a song: where bars and steps fall, in samples."""

    bar: float
    n: int
    sample_rate: int

    def at(self, bar, fraction):
        return round((bar + fraction) * self.bar)


def _notes(track, grid, notes, rng, *, wave, env, gain=1.0, detune=0.0):
    """Add ``notes`` (start bar, length in bars, MIDI) to ``track`` in place.

    Each note's level varies by ``VELOCITY_SPREAD`` (seeded), as a player's would.
    """
    velocities = 1.0 + VELOCITY_SPREAD * rng.uniform(-1, 1, len(notes))
    for (bar, length, midi), velocity in zip(notes, velocities, strict=True):
        start = grid.at(bar, 0)
        n = min(int(length * grid.bar), grid.n - start)
        if n <= 0:
            continue
        tone = oscillator(midi_hz(midi), n, grid.sample_rate, wave)
        if detune:
            tone += oscillator(
                midi_hz(midi + detune), n, grid.sample_rate, wave, phase=0.3
            )
        envelope = adsr(n, grid.sample_rate, **env)
        track[start : start + n] += velocity * gain * tone * envelope


def _drums(style: Style, grid, sections, rng):
    """The drum track: the style's patterns, a snare fill ending each section."""
    out = np.zeros(grid.n)
    for kind, pattern in style.drums.items():
        onsets, gains = [], []
        for sec in sections:
            if sec.name not in style.drum_sections:
                continue
            for bar in range(sec.start_bar, sec.start_bar + sec.n_bars):
                steps = pattern
                if kind == "snare" and bar == sec.start_bar + sec.n_bars - 1:
                    half = len(pattern) // 2
                    steps = pattern[:half] + ("xoxX" * half)[: len(pattern) - half]
                for i, ch in enumerate(steps):
                    if ch in STEP_VELOCITY:
                        onsets.append(grid.at(bar, i / len(steps)))
                        gains.append(STEP_VELOCITY[ch] * (0.9 + 0.2 * rng.random()))
        keep = np.array(onsets, dtype=int) < grid.n
        hit = drum_hit(kind, grid.sample_rate, rng)
        out += place(
            hit, np.array(onsets, dtype=int)[keep], np.array(gains)[keep], grid.n
        )
    return out


def _bass_line(style: Style, key, n_bars):
    """(bar, length, midi) notes: roots, walking quarters or syncopated octaves."""
    notes = []
    for bar in range(n_bars):
        chord = chord_notes(key, style.progression[bar % len(style.progression)])
        root = chord[0] - 12
        if style.bass == "walking":
            walk = (root, chord[1] - 12, chord[2] - 12, root + 11 - 12 * (bar % 2))
            notes += [(bar + b / 4, 0.24, m) for b, m in enumerate(walk)]
        elif style.bass == "pedal":
            notes.append((bar, 1.0, root))
        elif style.bass == "octave":
            notes += [(bar + b / 8, 0.12, root + 12 * (b % 2)) for b in range(8)]
        else:
            notes += [(bar + b, 0.2, root) for b in (0, 0.375, 0.5, 0.75)]
    return notes


def _chord_track(style: Style, key, n_bars):
    """(bar, length, midi) notes of the harmony: held pads, chugs or arpeggios."""
    notes = []
    for bar in range(n_bars):
        chord = chord_notes(key, style.progression[bar % len(style.progression)])
        if style.chords == "arpeggio":
            up = (*chord, chord[0] + 12, *chord[1:][::-1])
            notes += [(bar + i / 8, 0.2, up[i % len(up)] + 12) for i in range(8)]
        elif style.chords == "chug":
            notes += [(bar + i / 8, 0.11, m) for i in range(8) for m in chord]
        else:
            notes += [(bar, 1.0, m) for m in chord]
    return notes


def _melody(key, n_bars, rng, *, steps_per_bar, span):
    """A seeded random walk on the scale within MIDI ``span``: (bar, length, midi)."""
    if steps_per_bar == 0:
        return []
    scale = scale_notes(key, *span)
    steps = np.cumsum(rng.integers(-2, 3, n_bars * steps_per_bar))
    idx = np.clip(len(scale) // 2 + steps, 0, len(scale) - 1)
    rests = rng.random(idx.size) < 0.3
    length = 0.9 / steps_per_bar
    return [
        (i / steps_per_bar, length, scale[j]) for i, j in enumerate(idx) if not rests[i]
    ]


def _rap(grid, n_bars, rng):
    """A vocal-like line: pitched buzz + breath through vowel formants, per syllable."""
    out = np.zeros(grid.n)
    sr = grid.sample_rate
    for step in np.flatnonzero(rng.random(n_bars * 16) < 0.6):
        start, n = grid.at(step / 16, 0), int(grid.bar / 16 * 0.9)
        if start + n > grid.n:
            break
        pitch = 130.0 * (1.0 + 0.1 * rng.standard_normal())
        source = oscillator(pitch, n, sr, "saw") + 0.3 * rng.standard_normal(n)
        f1, f2 = FORMANTS[rng.integers(len(FORMANTS))]
        voiced = filtered(source, sr, "bandpass", (f1 * 0.8, f1 * 1.2))
        voiced += 0.6 * filtered(source, sr, "bandpass", (f2 * 0.85, f2 * 1.15))
        out[start : start + n] += voiced * adsr(
            n, sr, attack=0.01, decay=0.04, sustain=0.6, release=0.03
        )
    return out


def _gate(track, grid, sections, names):
    """``track`` silenced outside the sections called one of ``names``."""
    mask = np.zeros(grid.n)
    for sec in sections:
        if sec.name in names:
            mask[grid.at(sec.start_bar, 0) : grid.at(sec.start_bar + sec.n_bars, 0)] = 1
    return track * filtered(mask, grid.sample_rate, "lowpass", GATE_SMOOTH_HZ)


def _pitched(style: Style, key, grid, n_bars, rng):
    """The bass, chord and (ungated) lead tracks."""
    tracks = {name: np.zeros(grid.n) for name in ("bass", "chords", "lead")}
    bass, chords = _bass_line(style, key, n_bars), _chord_track(style, key, n_bars)
    _notes(tracks["bass"], grid, bass, rng, wave=style.bass_wave, env=style.bass_env)
    _notes(tracks["chords"], grid, chords, rng, wave=style.chord_wave,
           env=style.chord_env, gain=CHORD_GAIN, detune=CHORD_DETUNE)  # fmt: skip
    melody = _melody(key, n_bars, rng, steps_per_bar=style.lead_steps, span=LEAD_SPAN)
    _notes(tracks["lead"], grid, melody, rng, wave=style.lead_wave, env=style.lead_env)
    tracks["bass"] = filtered(tracks["bass"], grid.sample_rate, "lowpass", BASS_CUTOFF)
    chords = filtered(tracks["chords"], grid.sample_rate, "lowpass", style.chord_cutoff)
    tracks["chords"] = np.tanh(style.drive * chords) / np.tanh(style.drive)
    return tracks


def _outro_fade(grid, sections):
    """1 until the outro, then a linear fade to 0 at the end of the song."""
    start = min(grid.at(sections[-1].start_bar, 0), grid.n - 1)
    gain = np.ones(grid.n)
    gain[start:] = np.linspace(1.0, 0.0, grid.n - start)
    return gain


def render_tracks(style: Style, *, tempo, key, seed, duration_s, sample_rate):
    """Each instrument of a song as a mono track, before panning and mastering.

    Returns
    -------
    dict of str to np.ndarray [shape=(n,)]
        ``drums``, ``bass``, ``chords``, ``lead`` and, for rap styles, ``vocal``.
    """
    rng = np.random.default_rng(seed)
    bar = BEATS_PER_BAR * 60.0 / tempo * sample_rate
    grid = _Grid(bar, round(duration_s * sample_rate), sample_rate)
    n_bars = int(np.ceil(grid.n / grid.bar))
    sections = arrangement(n_bars, rng, has_drums=bool(style.drums))
    tracks = {"drums": _drums(style, grid, sections, rng)}
    tracks |= _pitched(style, key, grid, n_bars, rng)
    tracks["lead"] = _gate(tracks["lead"], grid, sections, ("chorus",))
    if style.rap:
        vocal = _rap(grid, n_bars, rng)
        tracks["vocal"] = _gate(vocal, grid, sections, ("verse", "chorus"))
    fade = _outro_fade(grid, sections)
    return {name: track * fade for name, track in tracks.items()}


#: Constant-power pan position of each track, -1 left .. 1 right.
PAN = {"drums": 0.0, "bass": 0.0, "chords": -0.35, "lead": 0.4, "vocal": 0.1}
#: Mix level of each track before the peak normalisation.
LEVEL = {"drums": 1.0, "bass": 0.7, "chords": 0.6, "lead": 0.5, "vocal": 4.0}


def render_song(style_name, *, tempo, key, seed, duration_s=30.0, sample_rate=44_100):
    """Synthesise one stereo song.

    Parameters
    ----------
    style_name : str
        A key of ``STYLES``.
    tempo : float
        Beats per minute.
    key : str
        Tonic and mode, e.g. ``"A minor"``, ``"Eb major"``.
    seed : int
        Seeds the arrangement, drum velocities, melodies and noise.
    duration_s : float
    sample_rate : int

    Returns
    -------
    np.ndarray [shape=(round(duration_s * sample_rate), 2), dtype=float64]
        Peak at ``PEAK_DBFS``.
    """
    tracks = render_tracks(
        STYLES[style_name],
        tempo=tempo,
        key=key,
        seed=seed,
        duration_s=duration_s,
        sample_rate=sample_rate,
    )
    mix = np.zeros((len(tracks["drums"]), 2))
    for name, track in tracks.items():
        angle = (PAN[name] + 1) * np.pi / 4
        mix += LEVEL[name] * track[:, None] * np.array([np.cos(angle), np.sin(angle)])
    fade = np.minimum(1.0, np.arange(len(mix)) / (EDGE_FADE_S * sample_rate))
    mix *= np.minimum(fade, fade[::-1])[:, None]
    return mix * (10 ** (PEAK_DBFS / 20) / np.max(np.abs(mix)))
