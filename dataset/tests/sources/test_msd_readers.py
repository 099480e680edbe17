"""The MSD readers against small files in the official schemas."""

import sqlite3

import pytest

from dataset.sources.lastfm_json import read_lastfm_json
from dataset.sources.msd_h5 import read_h5_folder
from dataset.sources.msd_sqlite import read_lastfm_tags_db, read_track_metadata_db
from dataset.sources.records import (
    GenreLabel,
    Repaired,
    Skipped,
    SourceError,
    TaggedTrack,
    TrackInfo,
)
from dataset.sources.text_files import read_label_file, read_unique_tracks
from dataset.tests.msd_files import (
    h5_name,
    lastfm_json_record,
    msd_id,
    write_lastfm_json_folder,
    write_lastfm_json_zip,
    write_lastfm_tags_db,
    write_msd_h5,
    write_track_metadata_db,
)

A, B, C = msd_id(1), msd_id(2), msd_id(3)


def records(items, kind):
    return [item for item in items if isinstance(item, kind)]


def test_lastfm_tags_db_groups_tags_by_track_in_rowid_order(tmp_path):
    path = write_lastfm_tags_db(
        tmp_path / "lastfm_tags.db",
        {A: [("rock", 100), ("90s", 33.3)], B: [("jazz", 100)], C: [("rock", 7)]},
    )
    tracks = list(read_lastfm_tags_db(path))
    assert tracks == [
        TaggedTrack(1, A, (("rock", 100.0), ("90s", 33.3))),
        TaggedTrack(2, B, (("jazz", 100.0),)),
        TaggedTrack(3, C, (("rock", 7.0),)),
    ]
    # Resuming at a ROWID skips the tracks before it.
    assert [t.msd_id for t in read_lastfm_tags_db(path, start=3)] == [C]


def test_lastfm_tags_db_bad_rows_are_skipped_with_a_reason(tmp_path):
    path = write_lastfm_tags_db(
        tmp_path / "lastfm_tags.db", {A: [("rock", 100)], "not-an-id": [("pop", 50)]}
    )
    db = sqlite3.connect(path)
    db.execute("INSERT INTO tid_tag VALUES (1, 1, 250)")  # weight out of range
    db.execute("INSERT INTO tid_tag VALUES (1, 99, 10)")  # no such tag
    db.execute("INSERT INTO tid_tag VALUES (77, 1, 10)")  # no such track
    db.commit()
    db.close()

    items = list(read_lastfm_tags_db(path))

    assert records(items, TaggedTrack) == [TaggedTrack(1, A, (("rock", 100.0),))]
    reasons = sorted(s.reason for s in records(items, Skipped))
    assert reasons == [
        "bad tag weight",
        "invalid track id",
        "no such tag",
        "no such track",
    ]


def test_a_file_that_is_not_the_right_database_is_refused(tmp_path):
    other = tmp_path / "other.db"
    sqlite3.connect(other).execute("CREATE TABLE t (x)").connection.close()
    with pytest.raises(SourceError, match=r"not a lastfm_tags\.db: no table tids"):
        list(read_lastfm_tags_db(other))
    text = tmp_path / "notes.txt"
    text.write_text("hello")
    with pytest.raises(SourceError, match="not an SQLite database"):
        list(read_lastfm_tags_db(text))
    with pytest.raises(SourceError, match=r"not a track_metadata\.db"):
        list(read_track_metadata_db(other))


def test_track_metadata_db_reads_songs_with_unknown_year_as_none(tmp_path):
    path = write_track_metadata_db(
        tmp_path / "track_metadata.db",
        [
            {"track_id": A, "title": "Song", "artist_name": "Band", "year": 1999},
            {"track_id": "garbage", "title": "x"},
            {"track_id": B, "title": "Other", "release": "LP", "year": 0},
        ],
    )
    items = list(read_track_metadata_db(path))
    assert records(items, TrackInfo) == [
        TrackInfo(1, A, "Song", "Band", "", 1999, 200.0),
        TrackInfo(3, B, "Other", "", "LP", None, 200.0),
    ]
    assert records(items, Skipped)[0].reason == "invalid track id"


def test_lastfm_json_folder_with_string_counts_and_tagless_tracks(tmp_path):
    root = write_lastfm_json_folder(
        tmp_path / "lastfm_subset",
        [
            lastfm_json_record(B, [("Hip-Hop", 100), ("rap", 60)], "MC", "Flow"),
            lastfm_json_record(A, [], "Nobody", "Untagged"),
        ],
    )
    (root / "0" / "broken.json").write_text("{not json")
    odd = lastfm_json_record(C, [("pop", 100)])
    odd["tags"].append(["weird", "lots"])
    write_lastfm_json_folder(root, [odd])

    items = list(read_lastfm_json(root))

    tracks = records(items, TaggedTrack)
    # Sorted path order: a folder's files, then its sub-folders.
    assert [t.msd_id for t in tracks] == [A, B, C]
    assert tracks[0].tags == ()
    assert tracks[0].title == "Untagged"
    assert tracks[1].tags == (("Hip-Hop", 100.0), ("rap", 60.0))
    assert tracks[1].artist == "MC"
    assert sorted(s.reason for s in records(items, Skipped)) == ["bad tag", "not JSON"]


def test_lastfm_json_zip_whole_and_cut_short(tmp_path):
    records_in = [
        lastfm_json_record(msd_id(n), [("rock", 100)], title=f"song {n}" * 40)
        for n in range(1, 6)
    ]
    path = write_lastfm_json_zip(tmp_path / "lastfm_train.zip", records_in)

    whole = list(read_lastfm_json(path))
    assert [t.msd_id for t in records(whole, TaggedTrack)] == [
        msd_id(n) for n in range(1, 6)
    ]
    assert [t.position for t in records(whole, TaggedTrack)] == [0, 1, 2, 3, 4]
    assert [t.msd_id for t in read_lastfm_json(path, start=3)] == [msd_id(4), msd_id(5)]

    data = path.read_bytes()
    cut = tmp_path / "partial.zip"
    cut.write_bytes(data[: int(len(data) * 0.55)])  # no central directory left
    partial = list(read_lastfm_json(cut))
    kept = records(partial, TaggedTrack)
    assert 1 <= len(kept) < 5
    assert [t.msd_id for t in kept] == [msd_id(n) for n in range(1, len(kept) + 1)]
    assert records(partial, Skipped)[-1].reason == "damaged zip member"


def test_streamed_zip_members_with_data_descriptors(tmp_path):
    """A zip written to a pipe has sizes after each member (flag bit 3)."""
    import io
    import zipfile

    class Unseekable(io.RawIOBase):
        def __init__(self):
            self.buffer = bytearray()

        def writable(self):
            return True

        def write(self, data):
            self.buffer += data
            return len(data)

    sink = Unseekable()
    with zipfile.ZipFile(sink, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for n in (1, 2):
            record = lastfm_json_record(msd_id(n), [("jazz", 90)])
            with archive.open(f"{msd_id(n)}.json", "w") as member:
                member.write(__import__("json").dumps(record).encode())
    path = tmp_path / "streamed.zip"
    path.write_bytes(bytes(sink.buffer))
    tracks = records(read_lastfm_json(path), TaggedTrack)
    assert [t.msd_id for t in tracks] == [msd_id(1), msd_id(2)]
    assert tracks[1].tags == (("jazz", 90.0),)


def test_h5_files_per_track_and_aggregate(tmp_path):
    root = tmp_path / "MillionSongSubset"
    write_msd_h5(
        root / h5_name(A),
        [
            {
                "track_id": A,
                "artist": "Casual",
                "title": "I Didn't Mean To",
                "release": "Fear Itself",
                "year": 1994,
                "terms": [("hip hop", 1.0), ("underground rap", 0.91)],
            }
        ],
    )
    write_msd_h5(
        root / "aggregate.h5",
        [
            {"track_id": B, "artist": "X", "title": "One", "terms": [("jazz", 0.8)]},
            {"track_id": C, "artist": "Y", "title": "Two", "terms": []},
        ],
    )
    (root / "broken.h5").write_bytes(b"not hdf5")

    items = list(read_h5_folder(root))

    songs = [i for i in items if not isinstance(i, Skipped)]
    # Sorted: the root's files (aggregate.h5, broken.h5), then 0/0/0/TR....h5.
    assert [s.info.msd_id for s in songs] == [B, C, A]
    assert [s.info.position for s in songs] == [0, 0, 2]
    first = songs[2]
    assert first.info == TrackInfo(
        2, A, "I Didn't Mean To", "Casual", "Fear Itself",
        1994, 215.5,
    )  # fmt: skip
    assert first.terms.tags == (("hip hop", 100.0), ("underground rap", 91.0))
    assert first.tempo == 120.0
    assert songs[0].terms.tags == (("jazz", 80.0),)
    assert songs[1].terms.tags == ()
    assert songs[0].info.year is None
    assert [s.reason for s in records(items, Skipped)] == ["unreadable HDF5 file"]


@pytest.mark.parametrize("header", [False, True])
def test_label_files_with_and_without_comment_headers(tmp_path, header):
    lines = [f"{A}\tPop_Rock", f"{B}\tJazz\tBlues", "", "garbage line", f"{C}\t"]
    if header:
        lines = ["# tagtraum industries incorporated", "# CD2C genre labels", *lines]
    path = tmp_path / "msd_tagtraum_cd2c.cls"
    path.write_text("\n".join(lines) + "\n")

    items = list(read_label_file(path))

    offset = 2 if header else 0
    assert records(items, GenreLabel) == [
        GenreLabel(1 + offset, A, "Pop_Rock"),
        GenreLabel(2 + offset, B, "Jazz", "Blues"),
    ]
    assert [s.reason for s in records(items, Skipped)] == [
        "not TRACKID<TAB>genre",
        "not TRACKID<TAB>genre",
    ]


def test_unique_tracks_with_a_header_and_invalid_utf8(tmp_path):
    path = tmp_path / "unique_tracks.txt"
    path.write_bytes(
        b"track_id<SEP>song_id<SEP>artist<SEP>title\n"
        + f"{A}<SEP>SOQMMHC12AB0180CBB<SEP>Faster Pussy cat<SEP>Silent Night\n".encode()
        + f"{B}<SEP>SOVFVAK12A8C1350D9<SEP>".encode()
        + "Beyoncé".encode("latin-1")
        + b"<SEP>Tanssi vaan\n"
        + b"too<SEP>few\n"
    )
    items = list(read_unique_tracks(path))
    infos = records(items, TrackInfo)
    assert [(i.msd_id, i.artist, i.title) for i in infos] == [
        (A, "Faster Pussy cat", "Silent Night"),
        (B, "Beyoncé", "Tanssi vaan"),
    ]
    assert [r.reason for r in records(items, Repaired)] == [
        "not UTF-8 (read as Latin-1)"
    ]
    assert [s.reason for s in records(items, Skipped)] == ["not 4 <SEP> fields"]
