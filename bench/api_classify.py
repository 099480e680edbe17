"""Time classifying a local 30 s mp3 through the HTTP API against doing it in-process.

Run from the repository root: ``.venv/bin/python bench/api_classify.py``. Everything
lives in a temp dir: a SQLite database, a library of copies of one synthesised 30 s mp3
(one file per request, so the result cache never answers) and a trained model,
registered and active. A real gunicorn server (1 worker) listens on loopback.

* API: wall time of ``requests.post(/api/classifications, {"provider": "local",
  "track_id": <file>})`` after a warm-up request (which loads the model);
* in-process: ``classify_bytes(path.read_bytes(), predictor)`` on the same files with
  the same artifact, in this process (which never imports TensorFlow).

The two alternate. The upload path (multipart, each file made distinct by an ID3v1
tag) is timed too, for information. The last line is
``RESULT api_overhead_ratio=<api median / in-process median>``; the exit status is 1
when the ratio is above 1.5.
"""

import argparse
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import requests
from _common import (
    REPO,
    exit_if_missed,
    id3v1_tag,
    make_mp3,
    median_ms,
    memory_kib,
    timed,
    train_artifact,
)

MAX_SECONDS = 600.0
MODEL_VERSION = "bench"
TARGET_RATIO = 1.5
SERVER_START_TIMEOUT_S = 90.0
REQUEST_TIMEOUT_S = 60.0


def setup_child(artifact: Path) -> None:
    """In the bench's environment: train, register and activate the model."""
    import django

    django.setup()
    from classifier.services.models import model_register

    train_artifact(artifact)
    model_register(directory=artifact, version=MODEL_VERSION, activate=True)
    print(json.dumps({"registered": str(artifact)}))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def bench_env(tmp: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        {
            "AUDIOFILER_DATA_DIR": str(tmp),
            "DATABASE_URL": f"sqlite:///{tmp / 'db.sqlite3'}",
            "AUDIOFILER_LIBRARY": str(tmp / "library"),
            "DJANGO_SETTINGS_MODULE": "audiofiler.settings.base",
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            # Lift both throttles for the run: the bench measures serving, not limits.
            "ANON_THROTTLE_RATE": "100000/minute",
            "CLASSIFY_THROTTLE_RATE": "100000/minute",
            "LOG_LEVEL": "WARNING",
            "TF_CPP_MIN_LOG_LEVEL": "2",
            "PYTHONPATH": str(REPO),
        }
    )
    return env


def run(cmd: list[str], env: dict[str, str]) -> str:
    done = subprocess.run(
        cmd, cwd=REPO, env=env, capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        raise RuntimeError(f"{cmd[:3]} failed:\n{done.stderr[-3000:]}")
    return done.stdout


def wait_until_up(base: str, server: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + SERVER_START_TIMEOUT_S
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"gunicorn exited:\n{log.read_text()[-3000:]}")
        try:
            if requests.get(f"{base}/api/models/active", timeout=2).status_code == 200:
                return
        except requests.RequestException:  # not listening yet, or still importing
            pass
        time.sleep(0.2)
    raise RuntimeError(f"gunicorn did not answer:\n{log.read_text()[-3000:]}")


def stop(server: subprocess.Popen) -> None:
    if server.poll() is None:
        server.terminate()  # SIGTERM: gunicorn's graceful shutdown
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def worker_memory(master_pid: int) -> tuple[dict[str, int], bool] | None:
    """VmRSS/VmHWM (KiB) of gunicorn's worker, and whether it mapped TensorFlow."""
    children = Path(f"/proc/{master_pid}/task/{master_pid}/children")
    try:
        pids = children.read_text().split()
    except OSError:
        return None
    if not pids:
        return None
    pid = pids[0]
    found = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        key, _, value = line.partition(":")
        if key in ("VmRSS", "VmHWM"):
            found[key] = int(value.split()[0])
    maps = Path(f"/proc/{pid}/maps").read_text()
    return found, "tensorflow" in maps


def csrf_headers(base: str) -> dict[str, str]:
    """What an API client sends on a POST: the page's CSRF cookie and its token."""
    token = requests.get(f"{base}/", timeout=REQUEST_TIMEOUT_S).cookies["csrftoken"]
    return {"X-CSRFToken": token, "Cookie": f"csrftoken={token}"}


def post_track(base: str, track_id: str, headers: dict) -> tuple[float, dict]:
    seconds, response = timed(
        lambda: requests.post(
            f"{base}/api/classifications",
            json={"provider": "local", "track_id": track_id},
            headers=headers,
            timeout=REQUEST_TIMEOUT_S,
        )
    )
    if response.status_code != 201:
        raise RuntimeError(f"{track_id}: {response.status_code} {response.text[:500]}")
    return seconds, response.json()


def post_upload(base: str, name: str, data: bytes, headers: dict) -> tuple[float, dict]:
    seconds, response = timed(
        lambda: requests.post(
            f"{base}/api/classifications",
            files={"file": (name, data, "audio/mpeg")},
            headers=headers,
            timeout=REQUEST_TIMEOUT_S,
        )
    )
    if response.status_code != 201:
        raise RuntimeError(f"upload: {response.status_code} {response.text[:500]}")
    return seconds, response.json()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=9, help="timed requests")
    parser.add_argument("--setup", metavar="ARTIFACT", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.setup:
        setup_child(Path(args.setup))
        return

    tmp = Path(tempfile.mkdtemp(prefix="bench-api-"))
    server = None
    try:
        env = bench_env(tmp)
        library = tmp / "library"
        library.mkdir()
        print("synthesising a 30 s mp3 ...", flush=True)
        data = make_mp3()
        names = [f"Bench Artist - Song {i:02d}.mp3" for i in range(args.repeats + 1)]
        for name in names:
            (library / name).write_bytes(data)
        print(f"  {len(data)} bytes, {len(names)} copies in the library")

        print("migrating, training and registering the model ...", flush=True)
        run([sys.executable, "manage.py", "migrate", "--noinput"], env)
        artifact = tmp / "models" / MODEL_VERSION
        run([sys.executable, __file__, "--setup", str(artifact)], env)

        port = free_port()
        base = f"http://127.0.0.1:{port}"
        log = tmp / "gunicorn.log"
        with log.open("wb") as log_file:
            server = subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "gunicorn",
                    "audiofiler.wsgi",
                    "--bind",
                    f"127.0.0.1:{port}",
                    "--workers",
                    "1",
                    "--timeout",
                    "120",
                ],
                cwd=REPO,
                env=env,
                stdout=log_file,
                stderr=subprocess.STDOUT,
            )
        wait_until_up(base, server, log)
        print(f"gunicorn (1 worker) up on {base}")

        from classifier.ml.predictor import GenrePredictor
        from classifier.pipeline import classify_bytes

        predictor = GenrePredictor.from_directory(artifact)

        def in_process(path: Path):
            return classify_bytes(path.read_bytes(), predictor, max_seconds=MAX_SECONDS)

        print("warm-up (the first request loads the model) ...", flush=True)
        headers = csrf_headers(base)
        first_s, _ = post_track(base, names[0], headers)
        in_process(library / names[0])
        print(f"  first request {first_s * 1e3:.1f} ms")

        print(f"timing {args.repeats} requests, alternating ...", flush=True)
        api_s, local_s, server_ms = [], [], []
        for name in names[1:]:
            seconds, body = post_track(base, name, headers)
            api_s.append(seconds)
            server_ms.append(sum(body["timings_ms"].values()))
            seconds, result = timed(lambda name=name: in_process(library / name))
            local_s.append(seconds)
            if body["genres"][0]["genre"] != result.top:
                raise RuntimeError(
                    f"{name}: API says {body['genres'][0]}, not {result.top}"
                )
            print(
                f"  {name}: api {api_s[-1] * 1e3:.1f} ms (server-side classify "
                f"{server_ms[-1]:.1f} ms), in-process {local_s[-1] * 1e3:.1f} ms",
                flush=True,
            )

        print("upload path (multipart, distinct ID3v1 tag per request) ...", flush=True)
        uploads = [data + id3v1_tag(f"upload {i}") for i in range(args.repeats + 1)]
        from classifier.audio import decode_audio

        tagged, _ = decode_audio(uploads[0], max_seconds=MAX_SECONDS)
        plain, _ = decode_audio(data, max_seconds=MAX_SECONDS)
        if not np.array_equal(tagged, plain):
            raise RuntimeError("an ID3v1 tag changed the decoded audio")
        post_upload(base, "warm.mp3", uploads[0], headers)
        up_api_s, up_local_s = [], []
        for i, blob in enumerate(uploads[1:], start=1):
            seconds, body = post_upload(base, f"upload-{i}.mp3", blob, headers)
            up_api_s.append(seconds)
            up_local_s.append(
                timed(
                    lambda blob=blob: classify_bytes(
                        blob, predictor, max_seconds=MAX_SECONDS
                    )
                )[0]
            )

        memory = worker_memory(server.pid)
        api_ms, local_ms = median_ms(api_s), median_ms(local_s)
        ratio = api_ms / local_ms
        up_api_ms, up_local_ms = median_ms(up_api_s), median_ms(up_local_s)
        server_med = float(np.median(server_ms))
        print(
            f"provider path: api {api_ms:.1f} ms, in-process {local_ms:.1f} ms "
            "(medians)"
        )
        print(
            f"  server-side classify_bytes (timings_ms sum) {server_med:.1f} ms; "
            f"HTTP + Django + DRF + DB + serialisation ≈ {api_ms - server_med:.1f} ms"
        )
        print(
            f"upload path: api {up_api_ms:.1f} ms, in-process {up_local_ms:.1f} ms, "
            f"ratio {up_api_ms / up_local_ms:.2f}"
        )
        if memory is not None:
            mem, has_tf = memory
            print(
                f"gunicorn worker: VmRSS {mem['VmRSS'] / 1024:.0f} MiB, VmHWM "
                f"{mem['VmHWM'] / 1024:.0f} MiB, TensorFlow mapped: {has_tf}"
            )
        mine = memory_kib()
        print(f"bench process (in-process side): VmRSS {mine['VmRSS'] / 1024:.0f} MiB")
        print(f"api overhead ratio {ratio:.2f} (target <= {TARGET_RATIO:g})")
    finally:
        if server is not None:
            stop(server)
        shutil.rmtree(tmp, ignore_errors=True)
    print(f"RESULT api_overhead_ratio={ratio:.2f}")
    exit_if_missed(
        [f"api_overhead_ratio {ratio:.2f} > {TARGET_RATIO:g}"]
        if ratio > TARGET_RATIO
        else []
    )


if __name__ == "__main__":
    main()
