"""An artifact's serving files as one byte string, to keep where every machine sees it.

A web dyno's disk is its own and is wiped on every restart; the database is shared
and kept. So the files the NumPy predictor reads (``metadata.json``, ``weights.npz``:
a few hundred kB, never ``model.keras``) travel as one zip in the database, and a
machine that lacks the directory writes it back from there.
"""

from __future__ import annotations

import hashlib
import io
import os
import shutil
import tempfile
import zipfile
from pathlib import Path

from classifier.ml.artifacts import METADATA_FILE, WEIGHTS_FILE, load_metadata
from classifier.ml.errors import ArtifactError

#: What the predictor reads; ``metadata.json`` last, as ``save_artifact`` writes it.
SERVING_FILES = (WEIGHTS_FILE, METADATA_FILE)
#: Largest serving file accepted back (the default model's weights are ~270 kB).
MAX_FILE_BYTES = 64 * 1024 * 1024


def pack_serving_files(directory: str | Path) -> bytes:
    """The serving files of the artifact in ``directory``, zipped.

    Raises
    ------
    ArtifactError
        The directory is not a finished artifact.
    """
    directory = Path(directory)
    load_metadata(directory)  # refuses an unfinished or unreadable artifact
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name in SERVING_FILES:
            try:
                archive.write(directory / name, arcname=name)
            except OSError as exc:
                raise ArtifactError(f"cannot read {directory / name}: {exc}") from exc
    return buffer.getvalue()


def bundle_digest(data: bytes) -> str:
    """sha256 of a bundle, hex."""
    return hashlib.sha256(data).hexdigest()


def unpack_serving_files(data: bytes, directory: str | Path) -> Path:
    """Write a bundle's files into ``directory`` (created; kept when it exists).

    The files are written into a temporary folder beside ``directory`` and renamed
    into place at once, so several processes may restore the same bundle together
    and a reader never sees half of it.

    Raises
    ------
    ArtifactError
        Not a bundle: not a zip, other or missing members, a member too large.
    """
    directory = Path(directory)
    if (directory / METADATA_FILE).exists():
        return directory
    files = _read_members(data)
    directory.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{directory.name}-", dir=directory.parent))
    try:
        for name in SERVING_FILES:
            (staging / name).write_bytes(files[name])
        load_metadata(staging)
        try:
            os.rename(staging, directory)
        except OSError:
            if not (directory / METADATA_FILE).exists():
                raise
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return directory


def _read_members(data: bytes) -> dict[str, bytes]:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            infos = {info.filename: info for info in archive.infolist()}
            if set(infos) != set(SERVING_FILES):
                raise ArtifactError(
                    f"a model bundle holds {sorted(SERVING_FILES)}, not {sorted(infos)}"
                )
            for info in infos.values():
                if info.file_size > MAX_FILE_BYTES:
                    raise ArtifactError(f"{info.filename} is too large for a model")
            return {name: archive.read(name) for name in SERVING_FILES}
    except (zipfile.BadZipFile, OSError, EOFError) as exc:
        raise ArtifactError(f"not a model bundle: {exc}") from exc
