import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

pytestmark = pytest.mark.django_db
GENRES = {"Blues", "Classical", "Electronic", "Jazz", "Rap", "Rock"}


def test_classify_files_and_folders_as_json(active_model, demo_songs, tmp_path, capsys):
    nested = tmp_path / "music" / "deeper"
    nested.mkdir(parents=True)
    for song in demo_songs[:2]:
        (nested / song.name).write_bytes(song.read_bytes())

    call_command("classify", str(demo_songs[2]), str(tmp_path / "music"), json=True)

    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [line["path"] for line in lines] == [
        str(demo_songs[2]),
        *sorted(str(nested / s.name) for s in demo_songs[:2]),
    ]
    for line in lines:
        assert set(line) == {"path", "genres", "top", "model_version", "timings_ms"}
        assert set(line["genres"]) == GENRES
        assert sum(line["genres"].values()) == pytest.approx(1.0, abs=1e-5)
        assert line["top"] == max(line["genres"], key=line["genres"].get)
        assert line["model_version"] == "test-model"
        assert set(line["timings_ms"]) == {"fetch", "decode", "features", "predict"}


def test_a_bad_file_gets_its_own_error_line_and_a_failing_exit(
    active_model, demo_songs, tmp_path, capsys
):
    broken = tmp_path / "broken.mp3"
    broken.write_bytes(b"ID3" + b"\x00" * 20 + b"garbage" * 50)

    with pytest.raises(CommandError, match="1 of 3 could not be classified"):
        call_command(
            "classify", str(demo_songs[0]), str(broken), str(demo_songs[3]), json=True
        )

    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [line["path"] for line in lines] == [
        str(demo_songs[0]),
        str(broken),
        str(demo_songs[3]),
    ]
    assert lines[1]["error"] == "AudioDecodeError"
    assert "genres" in lines[0]
    assert "genres" in lines[2]


def test_plain_output_shows_the_top_genres(active_model, demo_songs, capsys):
    call_command("classify", str(demo_songs[0]))

    out = capsys.readouterr().out.strip()
    assert out.startswith(f"{demo_songs[0]}: ")
    shown = out.split(": ", 1)[1].split(", ")
    assert len(shown) == 3
    assert all(item.split()[0] in GENRES and item.endswith("%") for item in shown)


def test_classify_without_a_model_is_a_clear_error(demo_songs):
    with pytest.raises(CommandError, match="No model is active"):
        call_command("classify", str(demo_songs[0]))


def test_classify_a_missing_file_reports_it(active_model, tmp_path, capsys):
    with pytest.raises(CommandError, match="1 of 1"):
        call_command("classify", str(tmp_path / "nope.mp3"))
    assert "nope.mp3: error: FileNotFoundError" in capsys.readouterr().err


WORKER_SCRIPT = textwrap.dedent(
    """
    import os, sys, json
    import django
    django.setup()
    from django.core.management import call_command
    from django.test import Client
    from classifier.services.models import model_register

    call_command("migrate", verbosity=0)
    model_register(directory=sys.argv[1], version="m", activate=True)
    call_command("classify", sys.argv[2], json=True)
    with open(sys.argv[2], "rb") as f:
        response = Client().post("/api/classifications", {"file": f})
    assert response.status_code == 201, response.content
    similar = Client().get(f"/api/classifications/{response.json()['id']}/similar")
    assert similar.status_code == 200, similar.content
    assert Client().get("/api/clusters").status_code == 404
    heavy = sorted(m for m in ("tensorflow", "keras", "sklearn") if m in sys.modules)
    print(json.dumps({"heavy": heavy}))
    """
)


def test_web_worker_and_cli_classify_never_import_tensorflow_or_sklearn(
    model_artifact, demo_songs, tmp_path
):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "audiofiler.settings.base",
        "AUDIOFILER_DATA_DIR": str(tmp_path),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "ALLOWED_HOSTS": "testserver",
    }
    done = subprocess.run(
        [sys.executable, "-c", WORKER_SCRIPT, str(model_artifact), str(demo_songs[0])],
        cwd=Path(settings.BASE_DIR),
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )

    assert done.returncode == 0, done.stderr
    lines = done.stdout.strip().splitlines()
    assert set(json.loads(lines[0])["genres"]) == GENRES
    assert json.loads(lines[-1]) == {"heavy": []}
