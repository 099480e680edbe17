import pytest
from django.core.management import call_command

from classifier.demo.catalogue import SONGS, read_tags
from classifier.ml.predictor import GenrePredictor
from classifier.models import ClusterRun, ModelVersion
from dataset.models import Track

pytestmark = pytest.mark.django_db


def test_setup_demo_imports_trains_once_and_is_idempotent(capsys):
    call_command("setup_demo", no_catalogue=True, cv_folds=0)
    first = ModelVersion.objects.get(active=True)

    call_command("setup_demo", no_catalogue=True, cv_folds=0)

    assert Track.objects.filter(source="bundled").count() == 581
    assert list(ModelVersion.objects.all()) == [first]
    assert first.genres == ["Blues", "Classical", "Electronic", "Jazz", "Rap", "Rock"]
    out = capsys.readouterr().out
    assert f"Model {first.version} is active; not retraining." in out
    assert out.count("Demo ready.") == 2
    # The tracks are clustered once, for the clusters page.
    assert list(ClusterRun.objects.values_list("model_version", flat=True)) == [
        first.pk
    ]
    assert out.count("Clustering the tracks (the map at #/clusters)…") == 1
    assert "(no cross-validation: its validation split calibrates it)" in out
    calibration = first.metrics["calibration"]
    assert calibration["source"] == "validation_split"
    assert calibration["before"]["accuracy"] == pytest.approx(first.metrics["accuracy"])
    predictor = GenrePredictor.from_directory(first.path)
    assert predictor.temperature == pytest.approx(calibration["temperature"])
    # The demo model knows its genres' typical traits (the feature pictures' profile).
    profiles = predictor.metadata["genre_profiles"]["per_genre"]
    assert {genre: entry["tracks"] for genre, entry in profiles.items()} == {
        "Blues": 100,
        "Classical": 99,
        "Electronic": 100,
        "Jazz": 94,
        "Rap": 96,
        "Rock": 92,
    }


def test_make_demo_catalogue_writes_tagged_songs(tmp_path, capsys):
    call_command("make_demo_catalogue", out=tmp_path, limit=2, workers=1)

    written = sorted(p.name for p in tmp_path.iterdir() if not p.name.startswith("."))
    assert written == sorted(song.filename for song in SONGS[:2])
    tags = read_tags(tmp_path / SONGS[0].filename)
    assert (tags["artist"], tags["title"]) == (SONGS[0].artist, SONGS[0].title)
    assert capsys.readouterr().out.strip() == f"2 demo songs in {tmp_path}"


def test_the_library_songs_are_classified_once_for_similar_tracks(
    library, demo_songs, active_model
):
    from classifier.models import Classification
    from classifier.services.library import library_classify

    first = library_classify()
    again = library_classify()

    assert first == {"classified": 4, "cached": 0, "failed": 0}
    assert again == {"classified": 0, "cached": 4, "failed": 0}
    assert sorted(Classification.objects.values_list("track_id", flat=True)) == sorted(
        p.name for p in demo_songs
    )
