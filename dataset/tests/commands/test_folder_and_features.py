"""import_folder and build_features on clips the tests synthesise."""

import io
import json

import numpy as np
import pytest
from django.core.management import CommandError, call_command

from classifier.audio import EXTRACTOR_VERSION, decode_audio, extract_features
from dataset.models import BuildRun, Extraction, FeatureVector, Label, Track
from dataset.tests.conftest import write_clip, write_clip_folder

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def clips(tmp_path_factory):
    root = tmp_path_factory.mktemp("music")
    write_clip_folder(root, {"Rock": [2.0, 3.0, 2.5], "Jazz": [2.0, 4.2]})
    write_clip(root / "Jazz" / "deeper" / "Trio - Blue.mp3", "Jazz", seconds=2, seed=9)
    (root / "Rock" / "broken.mp3").write_bytes(b"ID3 this is no audio at all")
    (root / "Rock" / "cover.jpg").write_bytes(b"\xff\xd8\xff")
    (root / "loose.wav").write_bytes(b"RIFF")
    return root


def command(name, *args, verbosity=1, **options):
    out = io.StringIO()
    call_command(name, *args, stdout=out, verbosity=verbosity, **options)
    return out.getvalue()


def test_import_folder_labels_each_file_with_its_folder(clips):
    out = command("import_folder", str(clips))

    assert Track.objects.filter(source="folder").count() == 7
    labels = sorted(Label.objects.values_list("genre__name", "origin"))
    assert labels == [("Jazz", "folder")] * 3 + [("Rock", "folder")] * 4
    trio = Track.objects.get(title="Blue")
    assert trio.artist == "Trio"
    assert trio.local_path == str(clips / "Jazz" / "deeper" / "Trio - Blue.mp3")
    run = BuildRun.objects.get(kind="import_folder")
    assert run.counts["skipped"] == {
        "not an audio file": 1,
        "not inside a genre folder": 1,
    }
    assert "Imported 7 files in 2 genres" in out

    command("import_folder", str(clips))  # again: nothing new
    assert Track.objects.count() == 7
    assert Label.objects.count() == 7


def test_build_features_stores_the_vectors_the_extractor_computes(clips):
    command("import_folder", str(clips))
    out = command("build_features", provider="local", verbosity=2)

    done = Extraction.objects.filter(status="done")
    assert done.count() == 6
    failed = Extraction.objects.get(status="failed")
    assert failed.track.local_path.endswith("broken.mp3")
    assert failed.reason.startswith("AudioDecodeError")
    path = clips / "Rock" / "Rock clip 2.wav"
    vector = FeatureVector.objects.get(track__local_path=str(path))
    expected = extract_features(*decode_audio(path.read_bytes()))
    np.testing.assert_allclose(vector.values, expected.vector.astype("<f4"), rtol=0)
    assert vector.windows == 3
    assert vector.extractor_version == EXTRACTOR_VERSION
    assert vector.preview_provider == "local"
    windows = sorted(FeatureVector.objects.values_list("windows", flat=True))
    assert windows == [2, 2, 2, 3, 3, 5]  # 2 s -> 2 windows, 4.2 s -> 5
    assert "7 tracks: 6 done, 1 failed" in out
    assert "1 s windows per clip: 2 (3 clips), 3 (2 clips), 5 (1 clips)" in out

    assert f"  {clips}/Rock/Rock clip 2.wav: 3 windows" in out
    assert f"  {clips}/Rock/broken.mp3: failed: AudioDecodeError" in out

    again = command("build_features", provider="local")  # nothing left to do
    assert "Every labelled track already has a feature vector." in again
    assert FeatureVector.objects.count() == 6
    command("build_features", provider="local", retry_failed=True)
    assert (
        Extraction.objects.get(status="failed").run_id
        == BuildRun.objects.latest("pk").pk
    )


def test_celery_path_stores_the_same_rows(clips, settings):
    """Eager Celery (the test settings) runs the tasks in-process: same rows."""
    command("import_folder", str(clips))
    command("build_features", provider="local", celery=True)
    by_celery = dict(FeatureVector.objects.values_list("track_id", "data"))
    statuses = dict(Extraction.objects.values_list("track_id", "status"))
    FeatureVector.objects.all().delete()
    Extraction.objects.all().delete()

    command("build_features", provider="local")

    assert dict(FeatureVector.objects.values_list("track_id", "data")) == by_celery
    assert dict(Extraction.objects.values_list("track_id", "status")) == statuses


@pytest.mark.slow
def test_workers_pool_stores_the_same_rows(clips):
    command("import_folder", str(clips))
    command("build_features", provider="local", limit=3)
    single = {
        t: bytes(d) for t, d in FeatureVector.objects.values_list("track_id", "data")
    }
    FeatureVector.objects.all().delete()
    Extraction.objects.all().delete()

    command("build_features", provider="local", workers=2, limit=3)

    pooled = {
        t: bytes(d) for t, d in FeatureVector.objects.values_list("track_id", "data")
    }
    assert pooled == single
    assert len(pooled) == 3


def test_build_features_refuses_providers_not_configured():
    with pytest.raises(CommandError, match="provider deezer is not configured"):
        command("build_features", provider="deezer")
    with pytest.raises(CommandError, match="--workers takes"):
        command("build_features", workers=0)


def test_dataset_stats_counts_per_genre_and_source(clips):
    command("import_folder", str(clips))
    command("build_features", provider="local")
    call_command("import_paa_genres", stdout=io.StringIO())

    out = command("dataset_stats")

    assert "  genre       folder  bundled  with vectors" in out
    assert "  Jazz             3       94            97" in out
    assert "  Rock             4       92            95" in out
    assert "  Blues            0      100           100" in out
    assert "  folder        7        6" in out
    assert "build_features statuses: 6 done, 1 failed" in out
    stats = json.loads(command("dataset_stats", json=True))
    assert stats["genres"]["Rock"] == {"folder": 4, "bundled": 92, "vectors": 95}
    assert stats["sources"]["bundled"] == {"tracks": 581, "vectors": 581}
