"""Style recipes of the demo catalogue: what each genre's synthetic songs are made of.

The names are the genres of the default model (pyAudioAnalysis's six), so a demo song's
genre tag can be compared with what the app says about it.
"""

from dataclasses import dataclass, field

#: A chord: root in semitones above the key's tonic, and a quality of
#: ``synth.CHORD_TONES`` ("maj", "min", "5", "7", "m7", "maj7").
Chord = tuple[int, str]

_SHORT = {"attack": 0.005, "decay": 0.1, "sustain": 0.7, "release": 0.03}
_PAD = {"attack": 0.08, "decay": 0.3, "sustain": 0.8, "release": 0.15}
_BOWED = {"attack": 0.25, "decay": 0.3, "sustain": 0.9, "release": 0.25}
_PLUCK = {"attack": 0.003, "decay": 0.08, "sustain": 0.3, "release": 0.02}


@dataclass(frozen=True)
class Style:
    """A recipe for songs of one genre.

    Attributes
    ----------
    name : str
        The genre tag written into the files.
    description : str
    tempo_range : tuple of float
        Lowest and highest tempo (bpm) the catalogue gives this style.
    mode : str
        "major" or "minor": the keys the catalogue picks for it.
    progression : tuple of Chord
        One chord per bar, looped.
    drums : dict of str to str
        "kick"/"snare"/"hat" -> one bar of steps ("X" accent, "x" hit, "o" ghost,
        "." rest); 16 steps is a straight grid, 12 a triplet (shuffle/swing) grid.
    drum_sections : tuple of str
        Sections that have drums.
    bass : str
        "root" (syncopated roots), "walking" (quarter notes), "octave" (8th octaves),
        "pedal" (one held note a bar).
    chords : str
        "pad" (held chords), "chug" (8th-note chords), "arpeggio" (8th-note arpeggios).
    chord_cutoff : float
        Low-pass cut-off (Hz) of the chord track.
    drive : float
        ``tanh`` overdrive of the chord track; 1 is nearly clean.
    lead_steps : int
        Notes per bar of the chorus melody; 0 for none.
    rap : bool
        Adds a vocal-like formant line in verses and choruses.
    """

    name: str
    description: str
    tempo_range: tuple[float, float]
    mode: str
    progression: tuple[Chord, ...]
    drums: dict[str, str] = field(default_factory=dict)
    drum_sections: tuple[str, ...] = ("verse", "chorus", "outro")
    bass: str = "root"
    bass_wave: str = "saw"
    bass_env: dict[str, float] = field(default_factory=lambda: _SHORT)
    chords: str = "pad"
    chord_wave: str = "saw"
    chord_env: dict[str, float] = field(default_factory=lambda: _PAD)
    chord_cutoff: float = 2500.0
    drive: float = 1.0
    lead_wave: str = "square"
    lead_env: dict[str, float] = field(default_factory=lambda: _SHORT)
    lead_steps: int = 8
    rap: bool = False


_ALL_STYLES = (
    Style(
        "Electronic", "four-on-the-floor kick, off-beat hats, octave bass, saw pads",
        (124, 130), "minor", ((0, "min"), (8, "maj"), (3, "maj"), (10, "maj")),
        drums={"kick": "X...X...X...X...", "snare": "....X.......X...",
               "hat": "..x...x...x...x."},
        drum_sections=("intro", "verse", "chorus", "outro"),
        bass="octave", chord_cutoff=3000, lead_wave="saw",
    ),
    Style(
        "Rock", "distorted 8th-note power chords over a straight backbeat",
        (120, 150), "major", ((0, "5"), (7, "5"), (9, "5"), (5, "5")),
        drums={"kick": "X.....x.X.x.....", "snare": "....X.......X...",
               "hat": "x.x.x.x.x.x.x.x."},
        chords="chug", chord_cutoff=4500, drive=8.0, lead_steps=4,
    ),
    Style(
        "Blues", "12-bar shuffle in dominant sevenths, triplet feel",
        (80, 100), "major",
        ((0, "7"),) * 4 + ((5, "7"),) * 2 + ((0, "7"),) * 2
        + ((7, "7"), (5, "7"), (0, "7"), (7, "7")),
        drums={"kick": "X.....X.....", "snare": "...X.....X..", "hat": "x.xx.xx.xx.x"},
        bass="walking", bass_wave="triangle", chord_wave="square", chord_cutoff=1800,
        drive=2.0, lead_wave="triangle", lead_steps=6,
    ),
    Style(
        "Jazz", "swung ride, walking bass, ii-V-I seventh chords",
        (100, 180), "major", ((2, "m7"), (7, "7"), (0, "maj7"), (9, "7")),
        drums={"kick": "o.....o.....", "snare": "......o....o", "hat": "X..x.xX..x.x"},
        drum_sections=("intro", "verse", "chorus", "outro"),
        bass="walking", bass_wave="sine", chord_wave="triangle", chord_cutoff=2000,
        lead_wave="triangle", lead_env=_PLUCK, lead_steps=6,
    ),
    Style(
        "Classical", "bowed strings: slow arpeggios and a held bass, no drums",
        (60, 96), "major", ((0, "maj"), (9, "min"), (5, "maj"), (7, "maj")),
        bass="pedal", bass_env=_BOWED, chords="arpeggio", chord_env=_BOWED,
        chord_cutoff=2200, lead_wave="saw", lead_env=_BOWED, lead_steps=2,
    ),
    Style(
        "Rap", "boom-bap beat, mellow keys and a formant-noise vocal line",
        (85, 95), "minor", ((0, "m7"), (8, "maj7")),
        drums={"kick": "X.......X.x.....", "snare": "....X.......X...",
               "hat": "x.o.x.o.x.o.x.o."},
        bass_wave="sine", chord_wave="square", chord_cutoff=1200, lead_steps=0,
        rap=True,
    ),
)  # fmt: skip
#: Style name -> recipe.
STYLES: dict[str, Style] = {style.name: style for style in _ALL_STYLES}
