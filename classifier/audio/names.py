"""Names and settings of the feature vector, shared by training and serving.

The layout is pyAudioAnalysis 0.3.14's (``ShortTermFeatures.feature_extraction`` with
deltas, ``MidTermFeatures.mid_feature_extraction`` then ``beat_extraction``) with the
settings of its bundled genre models: 1.0 s mid-term windows and steps, 0.05 s
short-term windows and steps.
"""

#: Decoded samples are on the int16 scale (±32768), as pyAudioAnalysis expects; its
#: ``feature_extraction`` divides them by this.
INT16_SCALE = 2.0**15

#: Every signal is resampled to this rate before features are computed: the features
#: (the beat estimate above all) shift with the rate, so training and serving share it.
ANALYSIS_RATE = 22_050

MID_WINDOW_S = 1.0
MID_STEP_S = 1.0
SHORT_WINDOW_S = 0.05
SHORT_STEP_S = 0.05

N_MFCC = 13
N_CHROMA = 12

SHORT_TERM_NAMES: tuple[str, ...] = (
    "zcr",
    "energy",
    "energy_entropy",
    "spectral_centroid",
    "spectral_spread",
    "spectral_entropy",
    "spectral_flux",
    "spectral_rolloff",
    *(f"mfcc_{i}" for i in range(1, N_MFCC + 1)),
    *(f"chroma_{i}" for i in range(1, N_CHROMA + 1)),
    "chroma_std",
)
#: The 68 short-term rows: the 34 features, then their frame-to-frame deltas.
SHORT_TERM_DELTA_NAMES: tuple[str, ...] = SHORT_TERM_NAMES + tuple(
    f"delta {name}" for name in SHORT_TERM_NAMES
)
#: The 136 values of one 1 s window: the 68 means, then the 68 standard deviations.
WINDOW_FEATURE_NAMES: tuple[str, ...] = tuple(
    f"{name}_mean" for name in SHORT_TERM_DELTA_NAMES
) + tuple(f"{name}_std" for name in SHORT_TERM_DELTA_NAMES)
#: The 138 values of a clip: window values averaged over windows, then beat (bpm) and
#: its confidence (ratio), pyAudioAnalysis's names.
FEATURE_NAMES: tuple[str, ...] = (*WINDOW_FEATURE_NAMES, "bpm", "ratio")

#: FFmpeg demuxers the decoder accepts (``av.open(...).format.name`` lists a demuxer's
#: aliases, comma-separated): mp3, mp4/m4a (mov), ogg, flac, wav, aiff, webm
#: (matroska). Anything else is refused before a packet is decoded.
ACCEPTED_CONTAINERS = frozenset(
    {"mp3", "mov", "mp4", "m4a", "ogg", "flac", "wav", "aiff", "matroska", "webm"}
)
#: File name suffixes of those formats (the local library and ``classify`` read these).
AUDIO_SUFFIXES = frozenset(
    {
        ".mp3",
        ".m4a",
        ".mp4",
        ".ogg",
        ".oga",
        ".opus",
        ".flac",
        ".wav",
        ".aif",
        ".aiff",
        ".webm",
    }
)

#: Bumped whenever the numbers could change; a model never sees another version's.
EXTRACTOR_VERSION = f"paa0.3.14-sr{ANALYSIS_RATE}-v1"

assert len(SHORT_TERM_NAMES) == 34
assert len(FEATURE_NAMES) == 138
