"""The README's folder walk-through: import_folder, build_features, train_model."""

import io
import json
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from classifier.models import ModelVersion
from dataset.tests.conftest import write_clip_folder

pytestmark = [pytest.mark.django_db, pytest.mark.slow]


def test_three_commands_give_a_model_of_the_folders_genres(tmp_path):
    root = tmp_path / "my music"
    write_clip_folder(
        root,
        {"Rock": [2.0, 2.0, 2.5, 3.0, 3.5], "Classical": [2.0, 2.5, 3.0, 3.0, 4.0]},
        fmt="mp3",
    )
    out = io.StringIO()

    call_command("import_folder", str(root), stdout=out, verbosity=0)
    call_command("build_features", stdout=out, verbosity=0)
    call_command(
        "train_model",
        "--activate",
        "--min-tracks=3",
        "--epochs=15",
        "--hidden-units", "16", "8",
        stdout=out,
        verbosity=0,
    )  # fmt: skip

    model = ModelVersion.objects.get(active=True)
    assert model.genres == ["Classical", "Rock"]
    metadata = json.loads((Path(model.path) / "metadata.json").read_text())
    assert metadata["extra"]["training_data"]["per_genre"] == {
        "Classical": {"tracks": 5, "folder": 5, "source:folder": 5},
        "Rock": {"tracks": 5, "folder": 5, "source:folder": 5},
    }
    assert metadata["extra"]["training_data"]["labels"] == [
        "tags",
        "folder",
        "feedback",
        "bundled",
    ]
    text = out.getvalue()
    assert "10 tracks: 10 done" in text
    assert "1 s windows per clip: 2 (3 clips), 3 (5 clips), 4 (2 clips)" in text

    with pytest.raises(CommandError, match="choose from tags,folder,feedback,bundled"):
        call_command("train_model", "--labels=lastfm", stdout=out)
