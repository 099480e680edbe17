"""Fixtures of the dataset tests: labelled folders of synthesised clips, a migrated
SQLite file for tests that run real subprocesses (workers, kill -9)."""

import os
import shutil
import subprocess
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path

import pytest

from classifier.audio.encode import encode_audio
from classifier.demo.styles import STYLES
from classifier.demo.synth import render_song

ROOT = Path(__file__).resolve().parents[2]
CLIP_RATE = 22_050


def write_clip(path: Path, style: str, *, seconds: float, seed: int) -> Path:
    """A synthesised clip of ``style`` (a demo style) written in ``path``'s format."""
    low, high = STYLES[style].tempo_range
    signal = render_song(
        style,
        tempo=float(low + (high - low) * ((seed * 37) % 11) / 10),
        key="A minor" if STYLES[style].mode == "minor" else "C major",
        seed=seed,
        duration_s=seconds,
        sample_rate=CLIP_RATE,
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(encode_audio(signal, CLIP_RATE, path.suffix.lstrip(".")))
    return path


def write_clip_folder(
    root: Path,
    genres: Mapping[str, Sequence[float]],
    *,
    fmt: str = "wav",
    styles: Mapping[str, str] | None = None,
) -> list[Path]:
    """``root/<genre>/<n>.<fmt>``, one clip per length in ``genres[genre]``.

    A genre folder named after a demo style uses that style; ``styles`` maps others.
    """
    written = []
    seed = 0
    for genre, lengths in genres.items():
        style = (styles or {}).get(genre, genre)
        for n, seconds in enumerate(lengths):
            seed += 1
            path = root / genre / f"{genre} clip {n + 1}.{fmt}"
            written.append(write_clip(path, style, seconds=seconds, seed=seed))
    return written


def manage(
    *args: str, env: Mapping[str, str], timeout: float = 300, check: bool = True
) -> subprocess.CompletedProcess:
    """Run ``manage.py`` in a fresh process with ``env`` over ours."""
    return subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), *args],
        env={**os.environ, **env},
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=check,
    )


def subprocess_env(db: Path, data_dir: Path) -> dict[str, str]:
    """Base settings on a SQLite file: what a real deployment's processes use."""
    return {
        "DJANGO_SETTINGS_MODULE": "audiofiler.settings.base",
        "DATABASE_URL": f"sqlite:///{db}",
        "AUDIOFILER_DATA_DIR": str(data_dir),
        "LOG_LEVEL": "WARNING",
        "PYTHONUNBUFFERED": "1",
    }


@pytest.fixture(scope="session")
def migrated_sqlite(tmp_path_factory) -> Path:
    """A migrated SQLite database file, made once per session (copy it per test)."""
    folder = tmp_path_factory.mktemp("migrated")
    db = folder / "db.sqlite3"
    manage("migrate", "--noinput", env=subprocess_env(db, folder))
    return db


@pytest.fixture
def file_db(migrated_sqlite, tmp_path) -> tuple[Path, dict[str, str]]:
    """A fresh copy of the migrated file and the environment of processes using it."""
    db = tmp_path / "db.sqlite3"
    shutil.copy(migrated_sqlite, db)
    return db, subprocess_env(db, tmp_path / "data")
