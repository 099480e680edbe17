"""The serving files of an artifact packed into one byte string and back."""

import io
import zipfile

import numpy as np
import pytest

from classifier.ml.artifacts import METADATA_FILE, WEIGHTS_FILE
from classifier.ml.bundle import pack_serving_files, unpack_serving_files
from classifier.ml.errors import ArtifactError
from classifier.ml.predictor import GenrePredictor


def test_round_trip_gives_the_same_predictor(artifact_dir, tmp_path):
    data = pack_serving_files(artifact_dir)

    restored = unpack_serving_files(data, tmp_path / "restored")

    assert sorted(p.name for p in restored.iterdir()) == [METADATA_FILE, WEIGHTS_FILE]
    for name in (METADATA_FILE, WEIGHTS_FILE):
        assert (restored / name).read_bytes() == (artifact_dir / name).read_bytes()
    X = np.random.default_rng(4).normal(size=(7, 138)) * 20
    np.testing.assert_array_equal(
        GenrePredictor.from_directory(restored).logits(X),
        GenrePredictor.from_directory(artifact_dir).logits(X),
    )


def test_the_keras_file_stays_out(artifact_dir):
    names = zipfile.ZipFile(io.BytesIO(pack_serving_files(artifact_dir))).namelist()

    assert names == [WEIGHTS_FILE, METADATA_FILE]


def test_an_existing_directory_is_kept(artifact_dir, tmp_path):
    target = tmp_path / "there"
    unpack_serving_files(pack_serving_files(artifact_dir), target)
    before = (target / METADATA_FILE).stat().st_mtime_ns

    unpack_serving_files(pack_serving_files(artifact_dir), target)

    assert (target / METADATA_FILE).stat().st_mtime_ns == before


def _zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"not a zip", "not a model bundle"),
        (_zip({"metadata.json": b"{}"}), "holds"),
        (
            _zip({"metadata.json": b"{}", "weights.npz": b"", "../../evil": b"x"}),
            "holds",
        ),
    ],
)
def test_what_is_not_a_bundle_is_refused(data, message, tmp_path):
    with pytest.raises(ArtifactError, match=message):
        unpack_serving_files(data, tmp_path / "x")

    assert not (tmp_path / "x").exists()
    assert list(tmp_path.iterdir()) == []


def test_a_bundle_of_broken_files_leaves_nothing(tmp_path):
    data = _zip({"metadata.json": b"{not json", "weights.npz": b""})

    with pytest.raises(ArtifactError, match="cannot read"):
        unpack_serving_files(data, tmp_path / "x")

    assert list(tmp_path.iterdir()) == []


def test_an_unfinished_artifact_is_not_packed(tmp_path):
    with pytest.raises(ArtifactError, match="cannot read"):
        pack_serving_files(tmp_path)
