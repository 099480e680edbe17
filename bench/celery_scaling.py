"""build_features --celery over 200 local 30 s clips: 2 worker processes vs 1.

The clips are a labelled folder under ``var/bench/clips`` (made once, then reused):
20 synthesised 30 s songs (``classifier.demo.synth``) encoded as mp3, each copied
ten times with its own ID3 title, so 200 distinct files (the folder import keys
tracks by content) that cost the same to decode and extract. The bench imports
the folder, starts ``celery -A audiofiler worker --concurrency N`` on a queue of
its own (one extraction thread per process: ``AUDIOFILER_EXTRACT_THREADS=1``),
warms the worker processes up, then times ``build_features --celery`` from the
first task sent to the last track stored, for N = 1 and N = 2.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/audiofiler_dataset \\
    REDIS_URL=redis://127.0.0.1:6379/0 python bench/celery_scaling.py

Target: scaling = t1 / t2 >= 1.7. The dataset tables are emptied first. Beside
it, ``cpu_scaling`` is what this machine gives the same decode + extract loop in 1
vs 2 plain processes (no Celery, no database) in the same run: on a shared machine
it bounds what any 2-process build can reach.
"""

import argparse
import os
import shutil
import subprocess
import sys
import time
import uuid
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
DEFAULT_DB = "postgres://postgres@127.0.0.1:5432/audiofiler_dataset"
DEFAULT_REDIS = "redis://127.0.0.1:6379/0"
SONGS, COPIES, SECONDS, RATE = 20, 10, 30.0, 22_050
STYLES = ("Rock", "Jazz")
TARGET = 1.7
#: One process per core, one thread per process (audiofiler/celery.py sets the
#: same in any worker; explicit here).
ONE_THREAD = {"AUDIOFILER_EXTRACT_THREADS": "1", "OPENBLAS_NUM_THREADS": "1"}


def render(args: tuple[int, Path]) -> Path:
    """Song ``n`` as mp3, then its copies with distinct ID3 titles."""
    from mutagen.easyid3 import EasyID3

    from classifier.audio.encode import encode_audio
    from classifier.demo.synth import render_song

    n, folder = args
    style = STYLES[n % len(STYLES)]
    signal = render_song(
        style, tempo=90 + 4 * n, key="A minor", seed=n, duration_s=SECONDS,
        sample_rate=RATE,
    )  # fmt: skip
    data = encode_audio(signal, RATE, "mp3")
    first = folder / style / f"song {n:02d} copy 0.mp3"
    first.parent.mkdir(parents=True, exist_ok=True)
    for copy in range(COPIES):
        path = first.with_name(f"song {n:02d} copy {copy}.mp3")
        path.write_bytes(data)
        tags = EasyID3()
        tags["title"] = f"Song {n} take {copy}"
        tags["artist"] = f"Bench Band {n}"
        tags.save(path)
    return first


def clips(folder: Path) -> Path:
    if len(list(folder.glob("*/*.mp3"))) == SONGS * COPIES:
        return folder
    shutil.rmtree(folder, ignore_errors=True)
    with ProcessPoolExecutor(max_workers=os.cpu_count() or 1) as pool:
        list(pool.map(render, [(n, folder) for n in range(SONGS)]))
    return folder


def extract_files(paths: list[str]) -> int:
    """Decode and extract ``paths`` here (the raw work of a worker process)."""
    from classifier.audio import decode_audio, extract_features

    for path in paths:
        extract_features(*decode_audio(Path(path).read_bytes()))
    return len(paths)


def cpu_scaling(folder: Path) -> float:
    """t(1 process) / t(2 processes) for the bare extraction of every clip."""
    import multiprocessing

    os.environ.update(ONE_THREAD)  # inherited by the spawned processes
    paths = sorted(str(p) for p in folder.glob("*/*.mp3"))
    times = []
    for processes in (1, 2):
        context = multiprocessing.get_context("spawn")
        with context.Pool(processes) as pool:
            pool.map(extract_files, [paths[:2]] * processes)  # imports, warm-up
            started = time.perf_counter()
            pool.map(extract_files, [paths[i::processes] for i in range(processes)])
            times.append(time.perf_counter() - started)
    print(f"bare extraction: 1 process {times[0]:.1f} s, 2 processes {times[1]:.1f} s")
    return times[0] / times[1]


def setup_django() -> None:
    os.environ.setdefault("DATABASE_URL", DEFAULT_DB)
    os.environ.setdefault("REDIS_URL", DEFAULT_REDIS)
    os.environ["AUDIOFILER_CELERY_QUEUE"] = f"bench-{uuid.uuid4().hex[:8]}"
    os.environ["DJANGO_SETTINGS_MODULE"] = "audiofiler.settings.base"
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def empty_tables() -> None:
    from django.db import connection

    from dataset.models import BuildRun, Extraction, FeatureVector, Label, Track

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "TRUNCATE dataset_label, dataset_tracktag, dataset_extraction, "
                "dataset_featurevector, dataset_feedback, dataset_track, "
                "dataset_buildrun RESTART IDENTITY CASCADE"
            )
        return
    for model in (Extraction, FeatureVector, Label, Track, BuildRun):
        model.objects.all().delete()


def start_worker(concurrency: int) -> subprocess.Popen:
    from audiofiler.celery import app

    queue = os.environ["AUDIOFILER_CELERY_QUEUE"]
    name = f"{queue}-{concurrency}@bench"
    worker = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "audiofiler", "worker",
         "--concurrency", str(concurrency), "--queues", queue, "--hostname", name,
         "--without-gossip", "--without-mingle", "--loglevel", "WARNING"],
        env={**os.environ, **ONE_THREAD},
        cwd=REPO,
    )  # fmt: skip
    deadline = time.monotonic() + 120
    while not app.control.ping(destination=[name], timeout=1.0):
        if worker.poll() is not None or time.monotonic() > deadline:
            raise SystemExit("the Celery worker did not start")
    return worker


def timed_build(concurrency: int) -> float:
    from dataset.models import Extraction, FeatureVector
    from dataset.services.features import features_build

    worker = start_worker(concurrency)
    try:
        # Warm-up: every worker process imports NumPy, PyAV ... and opens its
        # database connection before the clock starts.
        features_build(providers=["local"], celery=True, limit=4 * concurrency)
        Extraction.objects.all().delete()
        FeatureVector.objects.all().delete()
        started = time.perf_counter()
        run = features_build(providers=["local"], celery=True)
        seconds = time.perf_counter() - started
    finally:
        worker.terminate()
        worker.wait(60)
    done = run.counts["status"].get("done", 0)
    if done != SONGS * COPIES:
        raise SystemExit(f"{done} clips done, expected {SONGS * COPIES}: {run.counts}")
    print(f"{concurrency} worker process(es): {done} clips in {seconds:.1f} s")
    return seconds


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clips", default=str(REPO / "var/bench/clips"))
    args = parser.parse_args()
    folder = clips(Path(args.clips))
    machine = cpu_scaling(folder)
    setup_django()
    empty_tables()
    from dataset.services.folder import folder_import

    folder_import(root=folder, resume=False)
    t1 = timed_build(1)
    t2 = timed_build(2)
    scaling = t1 / t2
    if scaling < TARGET:
        print(f"TARGET MISSED: scaling {scaling:.2f} < {TARGET}")
    print(f"RESULT scaling={scaling:.2f} cpu_scaling={machine:.2f}")
    return 0 if scaling >= TARGET else 1


if __name__ == "__main__":
    sys.exit(main())
