import os
import pickle
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from classifier.audio.names import FEATURE_NAMES
from dataset.sources.paa_genres import (
    PICKLE_COUNT,
    PaaGenresError,
    UnsafePickleError,
    bundled_model_path,
    load_paa_genres,
    load_pickles,
)

REPO_ROOT = Path(__file__).resolve().parents[3]


class _Mkdir:
    """Unpickling this would create a directory: proof that code ran."""

    def __init__(self, path):
        self.path = str(path)

    def __reduce__(self):
        return (os.mkdir, (self.path,))


class _Eval:
    def __init__(self, path):
        self.path = str(path)

    def __reduce__(self):
        return (eval, (f"__import__('os').mkdir({self.path!r})",))


def test_bundled_file_holds_581_songs_of_six_genres():
    data = load_paa_genres()
    assert data.genres == ("Blues", "Classical", "Electronic", "Jazz", "Rap", "Rock")
    assert data.X.shape == (581, 138)
    assert data.feature_names == FEATURE_NAMES
    assert data.counts() == {
        "Blues": 100,
        "Classical": 99,
        "Electronic": 100,
        "Jazz": 94,
        "Rap": 96,
        "Rock": 92,
    }
    assert np.isfinite(data.X).all()
    assert (data.mid_window_s, data.mid_step_s) == (1.0, 1.0)
    assert (data.short_window_s, data.short_step_s) == (0.05, 0.05)
    assert data.compute_beat is True
    assert data.neighbors == 5


def test_raw_values_look_like_pyaudioanalysis_features():
    X = load_paa_genres().X
    bpm = X[:, FEATURE_NAMES.index("bpm")]
    # beat_extraction returns 60 / (k * short step): 1200 / k bpm for k frames.
    np.testing.assert_allclose(1200.0 / bpm, np.round(1200.0 / bpm), atol=1e-9)
    ratio = X[:, FEATURE_NAMES.index("ratio")]
    assert ratio.min() > 0
    assert ratio.max() < 1
    zcr = X[:, FEATURE_NAMES.index("zcr_mean")]
    assert zcr.min() > 0
    assert zcr.max() < 0.5
    assert (X[:, FEATURE_NAMES.index("energy_std")] >= 0).all()


def test_locating_and_reading_the_file_does_not_import_pyaudioanalysis():
    script = (
        "import sys\n"
        "from dataset.sources.paa_genres import load_paa_genres\n"
        "load_paa_genres()\n"
        "heavy = [m for m in sys.modules if m.split('.')[0] in "
        "('pyAudioAnalysis', 'matplotlib', 'django')]\n"
        "assert not heavy, heavy\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert bundled_model_path().name == "knn_musical_genre_6"


@pytest.mark.parametrize("payload", [_Mkdir, _Eval])
def test_malicious_pickles_are_refused_before_they_run(tmp_path, payload):
    target = tmp_path / "pwned"
    path = tmp_path / "model"
    path.write_bytes(pickle.dumps([[1.0, 2.0]]) + pickle.dumps(payload(target)))
    with pytest.raises(UnsafePickleError, match=r"(posix\.mkdir|builtins\.eval)"):
        load_paa_genres(path)
    assert not target.exists()


def test_numpy_values_are_admitted_and_other_objects_are_not():
    data = pickle.dumps(np.int64(5)) + pickle.dumps(np.arange(3.0)) + pickle.dumps(True)
    five, array, flag = load_pickles(data, count=3)
    assert five == 5
    np.testing.assert_array_equal(array, [0.0, 1.0, 2.0])
    assert flag is True
    with pytest.raises(UnsafePickleError, match=r"collections\.OrderedDict"):
        load_pickles(pickle.dumps(__import__("collections").OrderedDict()), count=1)


def test_truncated_or_padded_files_are_refused(tmp_path):
    data = bundled_model_path().read_bytes()
    with pytest.raises(PaaGenresError, match=f"of {PICKLE_COUNT} unreadable"):
        load_pickles(data[: len(data) // 2], count=PICKLE_COUNT)
    with pytest.raises(PaaGenresError, match="bytes left"):
        load_pickles(data + pickle.dumps(1), count=PICKLE_COUNT)
    with pytest.raises(PaaGenresError, match="cannot read"):
        load_paa_genres(tmp_path / "missing")
