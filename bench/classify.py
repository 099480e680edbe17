"""Time 30 s mp3 bytes -> genre probabilities: ours against the original stack.

Run from the repository root: ``.venv/bin/python bench/classify.py``. One network is
trained (in a temp dir) and serves both sides:

* ours: ``classify_bytes`` (PyAV decode, vectorised features, NumPy forward pass and
  the per-segment timeline), from the mp3 bytes;
* the original stack: pydub (ffmpeg in a subprocess, ``audioop`` resampling) ->
  pyAudioAnalysis 0.3.14's ``mid_feature_extraction`` + ``beat_extraction`` -> the
  same policy columns and scaler -> Keras ``model.predict`` on the one row, as the
  original code calls it (``predict_on_batch``, Keras's cheaper call for one batch,
  is timed and printed beside it).

Both sides run alternately in this process, after a warm-up call each (model loading and
the TensorFlow import are not timed). Memory is the resident size (``VmRSS``) of a web
worker after one classification: a fresh process that sets Django up and classifies an
upload through the API (Django's test client), once as we serve (NumPy predictor) and
once as a worker that serves with Keras would (the same, plus TensorFlow imported and
the model loaded and run). The last line is
``RESULT speedup=<theirs/ours> rss_ratio=<ours/theirs>``; the exit status is 1 when
``speedup < 8`` or ``rss_ratio > 0.25``.
"""

import argparse
import cProfile
import io
import json
import os
import pstats
import subprocess
import sys
import tempfile
import warnings
from pathlib import Path

import numpy as np
from _common import (
    REPO,
    exit_if_missed,
    make_mp3,
    median_ms,
    memory_kib,
    timed,
    train_artifact,
)

MAX_SECONDS = 600.0
#: pyAudioAnalysis's genre-model settings: 1 s mid-term, 50 ms short-term windows.
MID_S, SHORT_S = 1.0, 0.05
THEIR_RATE = 22_050
TARGET_SPEEDUP = 8.0
TARGET_RSS_RATIO = 0.25


# -- the original stack ------------------------------------------------------------
def _quiet_imports() -> None:
    """Imports of the original stack, without their noise."""
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    # pyAudioAnalysis 0.3.14 still uses the aliases NumPy 2 removed.
    np.NaN, np.Inf = np.nan, np.inf
    warnings.filterwarnings("ignore", category=RuntimeWarning)  # pydub: no ffmpeg
    warnings.filterwarnings("ignore", category=DeprecationWarning)


class OriginalStack:
    """pydub + pyAudioAnalysis + Keras, with the artifact's policy and scaler."""

    def __init__(self, artifact: Path) -> None:
        _quiet_imports()
        import imageio_ffmpeg
        import keras
        from pyAudioAnalysis import MidTermFeatures
        from pydub import AudioSegment

        AudioSegment.converter = imageio_ffmpeg.get_ffmpeg_exe()
        self._segment = AudioSegment
        self._paa = MidTermFeatures
        self.model = keras.models.load_model(artifact / "model.keras")
        metadata = json.loads((artifact / "metadata.json").read_text())
        position = {name: i for i, name in enumerate(metadata["feature_names"])}
        used = metadata["feature_policy"]["feature_names"]
        self.columns = np.array([position[name] for name in used])
        self.mean = np.asarray(metadata["scaler"]["mean"])
        self.scale = np.asarray(metadata["scaler"]["scale"])
        self.genres = tuple(metadata["genres"])
        # The artifact's calibration, applied to Keras's softmax output as the product
        # applies it to the logits: softmax(z)**(1/T), renormalised, is softmax(z/T).
        self.temperature = float(metadata.get("temperature", 1.0))

    def decode(self, data: bytes) -> tuple[np.ndarray, int]:
        # codec= skips pydub's ffprobe call (imageio-ffmpeg ships no ffprobe); with
        # ffprobe installed pydub would spend one more subprocess here.
        segment = self._segment.from_file(io.BytesIO(data), format="mp3", codec="mp3")
        segment = segment.set_channels(1).set_frame_rate(THEIR_RATE)
        samples = np.array(segment.get_array_of_samples(), dtype=np.float64)
        return samples, segment.frame_rate

    def features(self, signal: np.ndarray, fs: int) -> np.ndarray:
        mid, short, _ = self._paa.mid_feature_extraction(
            signal,
            fs,
            round(MID_S * fs),
            round(MID_S * fs),
            round(SHORT_S * fs),
            round(SHORT_S * fs),
        )
        bpm, ratio = self._paa.beat_extraction(short, SHORT_S)
        return np.append(mid.T.mean(axis=0), [bpm, ratio])

    def scaled(self, vector: np.ndarray) -> np.ndarray:
        x = ((vector[self.columns] - self.mean) / self.scale)[None, :]
        return x.astype(np.float32)

    def calibrated(self, probabilities: np.ndarray) -> np.ndarray:
        p = np.asarray(probabilities, dtype=np.float64) ** (1.0 / self.temperature)
        return p / p.sum()

    def predict(self, vector: np.ndarray) -> np.ndarray:
        return self.calibrated(self.model.predict(self.scaled(vector), verbose=0)[0])

    def predict_on_batch(self, vector: np.ndarray) -> np.ndarray:
        batch = np.asarray(self.model.predict_on_batch(self.scaled(vector)))
        return self.calibrated(batch[0])

    def classify(self, data: bytes) -> np.ndarray:
        return self.predict(self.features(*self.decode(data)))


# -- ours --------------------------------------------------------------------------
def ours_classify(data: bytes, predictor) -> np.ndarray:
    """``classify_bytes`` as the product calls it; probabilities in genre order."""
    from classifier.pipeline import classify_bytes

    result = classify_bytes(data, predictor, max_seconds=MAX_SECONDS)
    by_genre = {g["genre"]: g["probability"] for g in result.genres}
    return np.array([by_genre[genre] for genre in predictor.genres])


def ours_without_timeline(data: bytes, predictor) -> np.ndarray:
    """``classify_bytes`` minus the timeline: decode, features, one predict."""
    from classifier.audio import EXTRACTOR_VERSION, decode_audio, extract_features

    signal, rate = decode_audio(data, max_seconds=MAX_SECONDS)
    vector = extract_features(signal, rate).vector
    by_genre = predictor.predict(vector, extractor_version=EXTRACTOR_VERSION)
    return np.array([by_genre[genre] for genre in predictor.genres])


def ours_stages(data: bytes, predictor) -> dict[str, float]:
    """Seconds per stage of ``classify_bytes``: decode, features, predict, timeline."""
    from classifier.audio import EXTRACTOR_VERSION, decode_audio, extract_features
    from classifier.pipeline import _timeline

    decode_s, (signal, rate) = timed(
        lambda: decode_audio(data, max_seconds=MAX_SECONDS)
    )
    features_s, features = timed(lambda: extract_features(signal, rate))
    predict_s, _ = timed(
        lambda: predictor.predict(features.vector, extractor_version=EXTRACTOR_VERSION)
    )
    timeline_s, _ = timed(lambda: _timeline(features, predictor))
    return {
        "decode": decode_s,
        "features": features_s,
        "predict": predict_s,
        "timeline": timeline_s,
    }


def their_stages(stack: OriginalStack, data: bytes) -> dict[str, float]:
    decode_s, (signal, fs) = timed(lambda: stack.decode(data))
    features_s, vector = timed(lambda: stack.features(signal, fs))
    predict_s, _ = timed(lambda: stack.predict(vector))
    on_batch_s, _ = timed(lambda: stack.predict_on_batch(vector))
    return {
        "decode": decode_s,
        "features": features_s,
        "predict": predict_s,
        "predict_on_batch": on_batch_s,
    }


# -- memory of a web worker -------------------------------------------------------
def rss_child(side: str, artifact: Path, mp3: Path) -> None:
    """Set Django up, classify one upload through the API, print memory as JSON.

    ``theirs`` is the same worker serving with Keras: it also imports TensorFlow, loads
    the model and runs it on the clip's vector (what a worker of the original stack
    holds after its first request).
    """
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)
    from django.test import Client

    from classifier.services.models import model_register

    model_register(directory=artifact, version="bench", activate=True)
    with mp3.open("rb") as upload:
        response = Client().post("/api/classifications", {"file": upload})
    assert response.status_code == 201, response.content[:500]
    top = response.json()["genres"][0]["genre"]
    if side == "ours":
        assert "tensorflow" not in sys.modules, "ours imported TensorFlow"
        assert "keras" not in sys.modules, "ours imported Keras"
    else:
        stack = OriginalStack(artifact)
        signal, fs = stack.decode(mp3.read_bytes())
        top = stack.genres[int(np.argmax(stack.predict(stack.features(signal, fs))))]
    print(json.dumps({"memory": memory_kib(), "top": top}))


def measure_rss(side: str, artifact: Path, mp3: Path, tmp: Path) -> dict[str, int]:
    flag = f"--rss-{side}"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "audiofiler.settings.base",
        "DATABASE_URL": f"sqlite:///{tmp / f'rss-{side}.sqlite3'}",
        "AUDIOFILER_DATA_DIR": str(tmp),
        "ALLOWED_HOSTS": "testserver",
        "ANON_THROTTLE_RATE": "1000/minute",
        "CLASSIFY_THROTTLE_RATE": "1000/minute",
        "LOG_LEVEL": "WARNING",
        "PYTHONPATH": str(REPO),
    }
    done = subprocess.run(
        [sys.executable, __file__, flag, str(artifact), str(mp3)],
        capture_output=True,
        text=True,
        check=False,
        env=env,
        cwd=REPO,
    )
    if done.returncode != 0:
        raise RuntimeError(f"{flag} failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])["memory"]


# -- main --------------------------------------------------------------------------
def profile_ours(data: bytes, predictor, calls: int = 5) -> None:
    from classifier.pipeline import classify_bytes

    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(calls):
        classify_bytes(data, predictor, max_seconds=MAX_SECONDS)
    profiler.disable()
    print(f"cProfile of {calls} classify_bytes calls, top 15 by own time:")
    stats = pstats.Stats(profiler, stream=sys.stdout)
    stats.strip_dirs().sort_stats("tottime").print_stats(15)


def _fmt(stages: dict[str, list[float]]) -> str:
    return ", ".join(f"{k} {median_ms(v):.1f}" for k, v in stages.items())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=9, help="timed runs per side")
    parser.add_argument("--epochs", type=int, default=40, help="training epochs")
    parser.add_argument("--rss-ours", nargs=2, metavar=("ARTIFACT", "MP3"))
    parser.add_argument("--rss-theirs", nargs=2, metavar=("ARTIFACT", "MP3"))
    parser.add_argument("--profile", action="store_true", help="always profile ours")
    args = parser.parse_args()
    for side in ("ours", "theirs"):
        child = getattr(args, f"rss_{side}")
        if child:
            rss_child(side, Path(child[0]), Path(child[1]))
            return

    print(f"OPENBLAS_CORETYPE={os.environ.get('OPENBLAS_CORETYPE', '(not set)')}")
    print(f"cpus={os.cpu_count()}  python={sys.version.split()[0]}")
    with tempfile.TemporaryDirectory(prefix="bench-classify-") as tmp:
        tmp = Path(tmp)
        print("synthesising a 30 s mp3 ...", flush=True)
        data = make_mp3()
        mp3 = tmp / "song.mp3"
        mp3.write_bytes(data)
        print(f"  {len(data)} bytes")
        _quiet_imports()
        print(f"training the network ({args.epochs} epochs max) ...", flush=True)
        artifact = train_artifact(tmp / "model", epochs=args.epochs)

        from classifier.ml.predictor import GenrePredictor

        predictor = GenrePredictor.from_directory(artifact)
        stack = OriginalStack(artifact)
        assert stack.genres == predictor.genres
        print(f"  policy {predictor.policy.name}: {stack.columns.size} of 138 columns")

        print("warm-up ...", flush=True)
        ours_p = ours_classify(data, predictor)
        ours_without_timeline(data, predictor)
        theirs_p = stack.classify(data)

        print(f"timing, {args.repeats} alternating repeats ...", flush=True)
        ours_s, bare_s, theirs_s = [], [], []
        for i in range(args.repeats):
            seconds, ours_p = timed(lambda: ours_classify(data, predictor))
            ours_s.append(seconds)
            seconds, theirs_p = timed(lambda: stack.classify(data))
            theirs_s.append(seconds)
            bare_s.append(timed(lambda: ours_without_timeline(data, predictor))[0])
            print(
                f"  {i + 1}: ours {ours_s[-1] * 1e3:.1f} ms, "
                f"ours w/o timeline {bare_s[-1] * 1e3:.1f} ms, "
                f"theirs {theirs_s[-1] * 1e3:.1f} ms",
                flush=True,
            )
        ours_stage = {k: [] for k in ("decode", "features", "predict", "timeline")}
        their_stage = {
            k: [] for k in ("decode", "features", "predict", "predict_on_batch")
        }
        for _ in range(args.repeats):
            for k, v in ours_stages(data, predictor).items():
                ours_stage[k].append(v)
            for k, v in their_stages(stack, data).items():
                their_stage[k].append(v)

        ours_ms, bare_ms, theirs_ms = map(median_ms, (ours_s, bare_s, theirs_s))
        speedup, bare_speedup = theirs_ms / ours_ms, theirs_ms / bare_ms
        print("probabilities:")
        for genre, a, b in zip(predictor.genres, ours_p, theirs_p, strict=True):
            print(f"  {genre:<11} ours {a:.4f}  theirs {b:.4f}")
        diff = float(np.max(np.abs(ours_p - theirs_p)))
        same_top = int(np.argmax(ours_p)) == int(np.argmax(theirs_p))
        print(
            f"  top ours {predictor.genres[int(np.argmax(ours_p))]}, theirs "
            f"{predictor.genres[int(np.argmax(theirs_p))]} (same: {same_top}); "
            f"max abs diff {diff:.4f}"
        )
        print(f"ours   {ours_ms:.1f} ms (median) — stages ms: {_fmt(ours_stage)}")
        print(f"theirs {theirs_ms:.1f} ms (median) — stages ms: {_fmt(their_stage)}")
        print(f"ours without the timeline {bare_ms:.1f} ms")
        paired = np.median(np.array(theirs_s) / np.array(ours_s))
        print(
            f"speedup {speedup:.2f}x (target >= {TARGET_SPEEDUP:g}); "
            f"without the timeline {bare_speedup:.2f}x; "
            f"median of per-repeat ratios {paired:.2f}x"
        )
        if speedup < TARGET_SPEEDUP or args.profile:
            profile_ours(data, predictor)

        print("memory of a web worker after one classify ...", flush=True)
        ours_mem = measure_rss("ours", artifact, mp3, tmp)
        their_mem = measure_rss("theirs", artifact, mp3, tmp)
        for side, mem in (("ours", ours_mem), ("theirs", their_mem)):
            print(
                f"  {side:<6} VmRSS {mem['VmRSS'] / 1024:.0f} MiB, "
                f"VmHWM {mem['VmHWM'] / 1024:.0f} MiB"
            )
        rss_ratio = ours_mem["VmRSS"] / their_mem["VmRSS"]
        hwm_ratio = ours_mem["VmHWM"] / their_mem["VmHWM"]
        print(
            f"  rss ratio {rss_ratio:.3f} (peak {hwm_ratio:.3f}; "
            f"target <= {TARGET_RSS_RATIO:g})"
        )
    print(f"RESULT speedup={speedup:.2f} rss_ratio={rss_ratio:.3f}")
    missed = []
    if speedup < TARGET_SPEEDUP:
        missed.append(f"speedup {speedup:.2f} < {TARGET_SPEEDUP:g}")
    if rss_ratio > TARGET_RSS_RATIO:
        missed.append(f"rss_ratio {rss_ratio:.3f} > {TARGET_RSS_RATIO:g}")
    exit_if_missed(missed)


if __name__ == "__main__":
    main()
