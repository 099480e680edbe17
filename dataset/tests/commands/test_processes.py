"""Real processes: kill -9 mid-run and run again, a real Celery worker on Redis.

Each test runs ``manage.py`` subprocesses on a SQLite file (the test's own copy of a
migrated database), as a deployment would, and checks the file with sqlite3.
"""

import os
import signal
import sqlite3
import subprocess
import sys
import time
import uuid
from pathlib import Path

import numpy as np
import pytest

from classifier.audio import decode_audio, extract_features
from dataset.tests.conftest import ROOT, manage, write_clip_folder
from dataset.tests.msd_files import msd_id, write_lastfm_tags_db

pytestmark = pytest.mark.slow
REDIS_URL = "redis://127.0.0.1:6379/0"


def query(db, sql, *args):
    connection = sqlite3.connect(db, timeout=30)
    try:
        return connection.execute(sql, args).fetchall()
    finally:
        connection.close()


def start(*args, env):
    return subprocess.Popen(
        [sys.executable, str(ROOT / "manage.py"), *args],
        env={**os.environ, **env},
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def kill_when(process, condition, *, timeout=120.0):
    """SIGKILL ``process`` as soon as ``condition()`` holds; fail if it ended first."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"finished before the kill: {process.communicate()}")
        try:
            if condition():
                process.send_signal(signal.SIGKILL)
                process.wait(30)
                return
        except sqlite3.OperationalError:  # locked or not created yet
            pass
        time.sleep(0.01)
    process.kill()
    pytest.fail("the condition never held")


def test_import_msd_killed_mid_run_resumes_without_duplicates_or_redoing(
    file_db, tmp_path
):
    db, env = file_db
    n_tracks = 20_000
    tracks = {
        msd_id(n): [("rock" if n % 2 else "jazz", 100), ("90s", 40), (f"t{n}", 10)]
        for n in range(1, n_tracks + 1)
    }
    path = write_lastfm_tags_db(tmp_path / "lastfm_tags.db", tracks)
    args = ["import_msd", "--tags", str(path), "--chunk-size", "250", "-v", "0"]

    def committed():
        rows = query(db, "SELECT checkpoint FROM dataset_buildrun")
        return (
            rows
            and '"position": ' in rows[0][0]
            and (int(rows[0][0].split(":")[1].strip(" }")) > n_tracks // 4)
        )

    kill_when(start(*args, env=env), committed)

    (checkpoint,) = query(db, "SELECT checkpoint FROM dataset_buildrun")[0]
    position = int(checkpoint.split(":")[1].strip(" }"))
    # What is stored is exactly the chunks the checkpoint says were committed.
    assert query(db, "SELECT COUNT(*) FROM dataset_track") == [(position - 1,)]
    assert query(db, "SELECT COUNT(*) FROM dataset_tracktag") == [(3 * (position - 1),)]
    assert query(db, "SELECT status FROM dataset_buildrun") == [("running",)]

    manage(*args, env=env)

    assert query(db, "SELECT COUNT(*) FROM dataset_track") == [(n_tracks,)]
    assert query(db, "SELECT COUNT(*) FROM dataset_tracktag") == [(3 * n_tracks,)]
    assert query(db, "SELECT COUNT(*) FROM dataset_label") == [(n_tracks,)]
    runs = query(db, "SELECT status, counts FROM dataset_buildrun")
    assert len(runs) == 1  # the same run, resumed
    assert runs[0][0] == "done"
    # Every track counted once: the committed chunks were not read again.
    assert '"tracks": 20000' in runs[0][1]


def test_build_features_killed_mid_run_keeps_what_it_stored(file_db, tmp_path):
    db, env = file_db
    root = tmp_path / "music"
    write_clip_folder(root, {"Rock": [3.0] * 8, "Jazz": [3.0] * 8})
    manage("import_folder", str(root), "-v", "0", env=env)

    kill_when(
        start("build_features", "--provider", "local", "-v", "0", env=env),
        lambda: query(db, "SELECT COUNT(*) FROM dataset_extraction")[0][0] >= 4,
    )
    before = dict(query(db, "SELECT track_id, updated_at FROM dataset_extraction"))
    assert 4 <= len(before) < 16
    # A status is only ever stored with its vector.
    assert query(db, "SELECT COUNT(*) FROM dataset_featurevector") == [(len(before),)]

    manage("build_features", "--provider", "local", "-v", "0", env=env)

    after = dict(query(db, "SELECT track_id, updated_at FROM dataset_extraction"))
    assert len(after) == 16
    assert {t: after[t] for t in before} == before  # nothing stored was redone
    assert query(
        db, "SELECT COUNT(DISTINCT track_id), COUNT(*) FROM dataset_featurevector"
    ) == [(16, 16)]
    assert query(db, "SELECT status FROM dataset_extraction GROUP BY status") == [
        ("done",)
    ]


def _redis_up() -> bool:
    import redis

    try:
        return bool(redis.Redis.from_url(REDIS_URL, socket_timeout=1).ping())
    except redis.RedisError:
        return False


def test_a_real_celery_worker_stores_what_the_local_path_would(file_db, tmp_path):
    if not _redis_up():
        if os.environ.get("CI"):
            pytest.fail(f"Redis is not running at {REDIS_URL} (.ci/run starts it)")
        pytest.skip(f"Redis is not running at {REDIS_URL}")
    db, env = file_db
    queue = f"audiofiler-test-{uuid.uuid4().hex[:8]}"
    env = {**env, "REDIS_URL": REDIS_URL, "AUDIOFILER_CELERY_QUEUE": queue}
    env.pop("CELERY_BROKER_URL", None)
    root = tmp_path / "music"
    clips = write_clip_folder(root, {"Rock": [2.0, 3.0, 2.5], "Jazz": [2.0, 3.0]})
    manage("import_folder", str(root), "-v", "0", env=env)
    worker = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "audiofiler", "worker",
         "--concurrency", "2", "--queues", queue, "--hostname", f"{queue}@%h",
         "--without-gossip", "--without-mingle", "--loglevel", "WARNING"],
        env={**os.environ, **env},
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )  # fmt: skip
    try:
        result = manage(
            "build_features", "--celery", "--wait", "120", "-v", "1", env=env
        )
    finally:
        worker.send_signal(signal.SIGTERM)
        try:
            worker.wait(30)
        except subprocess.TimeoutExpired:
            worker.kill()
    assert "5 tracks: 5 done" in result.stdout
    rows = query(
        db,
        "SELECT t.local_path, f.data, f.windows, e.status, e.run_id "
        "FROM dataset_featurevector f JOIN dataset_track t ON t.id = f.track_id "
        "JOIN dataset_extraction e ON e.track_id = f.track_id",
    )
    assert len(rows) == 5
    assert {row[3] for row in rows} == {"done"}
    build_runs = query(
        db, "SELECT id, status FROM dataset_buildrun WHERE kind = 'build_features'"
    )
    assert [status for _, status in build_runs] == ["done"]
    assert {row[4] for row in rows} == {build_runs[0][0]}
    for path, data, windows, *_ in rows:
        features = extract_features(*decode_audio(Path(path).read_bytes()))
        np.testing.assert_array_equal(
            np.frombuffer(data, dtype="<f4"), features.vector.astype("<f4")
        )
        assert windows == features.windows.shape[0]
    assert sorted(str(c) for c in clips) == sorted(row[0] for row in rows)
