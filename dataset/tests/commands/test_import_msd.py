"""import_msd end to end on small files in the official schemas."""

import io
import sqlite3

import pytest
from django.core.management import CommandError, call_command

from dataset.models import BuildRun, Label, Track, TrackTag
from dataset.tests.msd_files import (
    h5_name,
    lastfm_json_record,
    msd_id,
    write_lastfm_json_zip,
    write_lastfm_tags_db,
    write_msd_h5,
    write_track_metadata_db,
)

pytestmark = pytest.mark.django_db

ROCK, JAZZ, CONFLICT, WEAK, NOGENRE = (msd_id(n) for n in range(1, 6))
TAGS = {
    ROCK: [("Rock", 100), ("classic rock", 80), ("90s", 40)],
    JAZZ: [("jazz", 100), ("Smooth-Jazz", 30), ("rock", 20)],
    CONFLICT: [("hip-hop", 100), ("Pop", 95)],
    WEAK: [("blues", 30)],
    NOGENRE: [("seen live", 100)],
}


def snapshot():
    return (
        sorted(Track.objects.values_list("msd_id", "artist", "title", "album", "year")),
        sorted(
            TrackTag.objects.values_list("track__msd_id", "tag", "weight", "source")
        ),
        sorted(Label.objects.values_list("track__msd_id", "genre__name", "origin")),
    )


def run(**options):
    out = io.StringIO()
    call_command("import_msd", stdout=out, verbosity=0, **options)
    return out.getvalue()


def test_tags_metadata_and_labels_become_tracks_tags_and_labels(tmp_path):
    tags = write_lastfm_tags_db(tmp_path / "lastfm_tags.db", TAGS)
    metadata = write_track_metadata_db(
        tmp_path / "track_metadata.db",
        [
            {"track_id": ROCK, "title": "Anthem", "artist_name": "Band", "year": 1991},
            {"track_id": msd_id(99), "title": "Untagged", "artist_name": "Nobody"},
        ],
    )
    labels = tmp_path / "msd_tagtraum_cd2c.cls"
    labels.write_text(f"# tagtraum\n{msd_id(7)}\tReggae\n{msd_id(8)}\tVocal\nbad\n")

    out = run(
        tags=str(tags), metadata=str(metadata), labels=[str(labels)], chunk_size=2
    )

    assert Track.objects.count() == 6  # five tagged + one from the label file
    assert Track.objects.get(msd_id=ROCK).artist == "Band"
    assert not Track.objects.filter(msd_id=msd_id(99)).exists()  # metadata only
    assert TrackTag.objects.filter(source="lastfm").count() == 10
    assert TrackTag.objects.get(track__msd_id=JAZZ, tag="Smooth-Jazz").weight == 30
    assert sorted(Label.objects.values_list("track__msd_id", "genre__name")) == [
        (ROCK, "Rock"),
        (JAZZ, "Jazz"),
        (msd_id(7), "Reggae"),
    ]
    tag_run = BuildRun.objects.get(kind="import_msd:tags")
    assert tag_run.status == "done"
    assert tag_run.counts["genres"] == {
        "Jazz": {"kept": 1},
        "Rap": {"conflict": 1},
        "Rock": {"kept": 1},
        "Blues": {"below min weight": 1},
    }
    assert tag_run.counts["no genre tag"] == 1
    label_run = BuildRun.objects.get(kind="import_msd:labels")
    assert label_run.counts["unmapped"] == {"Vocal": 1}
    assert label_run.counts["skipped"] == {"not TRACKID<TAB>genre": 1}
    assert label_run.failures[0]["where"] == "line 4"
    assert "conflict" in out
    assert "Rock" in out

    before = snapshot()
    run(tags=str(tags), metadata=str(metadata), labels=[str(labels)])
    assert snapshot() == before  # a re-run changes nothing


def test_the_json_zip_and_h5_files_import_the_same_way(tmp_path):
    archive = write_lastfm_json_zip(
        tmp_path / "lastfm_subset.zip",
        [
            lastfm_json_record(ROCK, [("rock", 100)], "Band", "Anthem"),
            lastfm_json_record(JAZZ, [], "Trio", "Untagged"),
        ],
    )
    h5_root = tmp_path / "data"
    write_msd_h5(
        h5_root / h5_name(CONFLICT),
        [{"track_id": CONFLICT, "artist": "Casual", "title": "I Didn't Mean To",
          "year": 1994, "terms": [("hip hop", 1.0), ("rap", 0.9)]}],
    )  # fmt: skip

    run(tags=str(archive), h5=str(h5_root))

    rock = Track.objects.get(msd_id=ROCK)
    assert (rock.artist, rock.title) == ("Band", "Anthem")
    assert not Track.objects.filter(msd_id=JAZZ).exists()  # no tags, no track
    casual = Track.objects.get(msd_id=CONFLICT)
    assert (casual.artist, casual.year, casual.duration_s) == ("Casual", 1994, 215.5)
    assert sorted(casual.tags.values_list("tag", "weight", "source")) == [
        ("hip hop", 100.0, "msd_terms"),
        ("rap", 90.0, "msd_terms"),
    ]
    assert sorted(Label.objects.values_list("track__msd_id", "genre__name")) == [
        (ROCK, "Rock"),
        (CONFLICT, "Rap"),
    ]


def test_genre_subset_and_limit(tmp_path):
    tags = write_lastfm_tags_db(tmp_path / "lastfm_tags.db", TAGS)
    run(tags=str(tags), genres=["jazz", "Rap"], limit=3)
    assert Track.objects.count() == 3
    # Pop is not among the genres: the hip-hop track no longer conflicts.
    assert sorted(Label.objects.values_list("genre__name", flat=True)) == [
        "Jazz",
        "Rap",
    ]


def test_an_unfinished_run_resumes_at_its_checkpoint(tmp_path):
    path = write_lastfm_tags_db(tmp_path / "lastfm_tags.db", TAGS)
    run(tags=str(path), limit=2, chunk_size=1)
    assert Track.objects.count() == 2
    # Pretend the process was killed after its commits: the run is still "running".
    BuildRun.objects.filter(kind="import_msd:tags").update(status="running")
    db = sqlite3.connect(path)
    db.execute("DELETE FROM tid_tag WHERE tid <= 2")  # committed rows are not re-read
    db.commit()
    db.close()
    BuildRun.objects.filter(kind="import_msd:tags").update(
        arguments={**BuildRun.objects.get().arguments, "limit": None}
    )
    run(tags=str(path), chunk_size=1)

    runs = BuildRun.objects.filter(kind="import_msd:tags")
    assert runs.count() == 1
    assert runs.get().status == "done"
    assert runs.get().counts["tracks"] == 5
    assert Track.objects.count() == 5


def test_bad_input_gets_a_clear_error(tmp_path):
    with pytest.raises(CommandError, match="Give at least one"):
        run()
    with pytest.raises(CommandError, match=r"cannot read .*missing\.db"):
        run(metadata=str(tmp_path / "missing.db"))
    with pytest.raises(CommandError, match="genres not in the vocabulary: polka"):
        run(tags=str(tmp_path / "x.db"), genres=["Polka"])
    assert BuildRun.objects.filter(status="failed").count() == 1
