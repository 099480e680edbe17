"""Small files in the MSD's and Last.fm dataset's exact official layouts, for tests.

Schemas as the MSD authors create them (``Tasks_Demos/SQLite``, ``hdf5_getters.py``):
``lastfm_tags.db`` with ``tids``/``tags``/``tid_tag`` joined on ROWID and the same
indexes; ``track_metadata.db`` with its 14-column ``songs``; per-track HDF5 files with
the ``metadata``/``analysis``/``musicbrainz`` groups and compound ``songs`` tables.
"""

import json
import sqlite3
import zipfile
from collections.abc import Mapping, Sequence
from pathlib import Path

import numpy as np

LASTFM_SCHEMA = """
CREATE TABLE tids (tid TEXT);
CREATE TABLE tags (tag TEXT);
CREATE TABLE tid_tag (tid INT, tag INT, val FLOAT);
CREATE INDEX idx_tid_tag_tid ON tid_tag (tid);
CREATE INDEX idx_tid_tag_tag ON tid_tag (tag);
CREATE INDEX idx_tids_tid ON tids (tid);
CREATE INDEX idx_tags_tag ON tags (tag);
"""
METADATA_SCHEMA = """
CREATE TABLE songs (track_id text PRIMARY KEY, title text, song_id text,
    release text, artist_id text, artist_mbid text, artist_name text,
    duration real, artist_familiarity real, artist_hotttnesss real, year int,
    track_7digitalid int, shs_perf int, shs_work int);
"""

Tags = Mapping[str, Sequence[tuple[str, float]]]


def msd_id(n: int) -> str:
    """A well-formed MSD track id, distinct per ``n``."""
    return f"TR{n:016X}"


def write_lastfm_tags_db(path: Path, tracks: Tags) -> Path:
    """``lastfm_tags.db``: each tag string once in ``tags``, rows in ``tid_tag``."""
    db = sqlite3.connect(path)
    db.executescript(LASTFM_SCHEMA)
    tag_rowid: dict[str, int] = {}
    for track_id, pairs in tracks.items():
        tid = db.execute("INSERT INTO tids VALUES (?)", (track_id,)).lastrowid
        for tag, val in pairs:
            if tag not in tag_rowid:
                tag_rowid[tag] = db.execute(
                    "INSERT INTO tags VALUES (?)", (tag,)
                ).lastrowid
            db.execute(
                "INSERT INTO tid_tag VALUES (?, ?, ?)", (tid, tag_rowid[tag], val)
            )
    db.commit()
    db.close()
    return path


def write_track_metadata_db(path: Path, songs: Sequence[dict]) -> Path:
    """``track_metadata.db`` with one ``songs`` row per dict (missing fields null)."""
    db = sqlite3.connect(path)
    db.executescript(METADATA_SCHEMA)
    for n, song in enumerate(songs):
        db.execute(
            "INSERT INTO songs VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            (
                song["track_id"],
                song.get("title"),
                f"SO{n:016X}",
                song.get("release"),
                f"AR{n:016X}",
                "",
                song.get("artist_name"),
                song.get("duration", 200.0),
                0.5,
                0.4,
                song.get("year", 0),
                1000 + n,
                0,
                0,
            ),
        )
    db.commit()
    db.close()
    return path


def lastfm_json_record(track_id: str, tags, artist="An Artist", title="A Song"):
    """One file of the Last.fm dataset's JSON form (counts as strings, as shipped)."""
    return {
        "artist": artist,
        "timestamp": "2011-08-02 20:13:25.674526",
        "similars": [["TRCCOFQ128F4285A9E", 0.0170513]],
        "tags": [[tag, str(int(val))] for tag, val in tags],
        "track_id": track_id,
        "title": title,
    }


def json_name(track_id: str) -> str:
    """``A/B/C/TRABC....json``: the dataset's nested layout."""
    return f"{track_id[2]}/{track_id[3]}/{track_id[4]}/{track_id}.json"


def write_lastfm_json_folder(root: Path, records: Sequence[dict]) -> Path:
    for record in records:
        path = root / json_name(record["track_id"])
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(record))
    return root


def write_lastfm_json_zip(path: Path, records: Sequence[dict]) -> Path:
    """The JSON form zipped as ``lastfm_train/A/B/C/TR....json``, folders included."""
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("lastfm_train/", "")
        for record in sorted(records, key=lambda r: r["track_id"]):
            archive.writestr(
                "lastfm_train/" + json_name(record["track_id"]), json.dumps(record)
            )
    return path


def write_msd_h5(path: Path, songs: Sequence[dict]) -> Path:
    """An MSD HDF5 file with ``len(songs)`` rows (1: a per-track file)."""
    import h5py

    path.parent.mkdir(parents=True, exist_ok=True)
    meta_dtype = np.dtype(
        [
            ("artist_familiarity", "<f8"),
            ("artist_hotttnesss", "<f8"),
            ("artist_id", "S32"),
            ("artist_mbid", "S40"),
            ("artist_name", "S1024"),
            ("genre", "S1024"),
            ("idx_artist_terms", "<i4"),
            ("idx_similar_artists", "<i4"),
            ("release", "S1024"),
            ("song_hotttnesss", "<f8"),
            ("song_id", "S32"),
            ("title", "S1024"),
            ("track_7digitalid", "<i4"),
        ]
    )
    analysis_dtype = np.dtype(
        [
            ("analysis_sample_rate", "<i4"),
            ("audio_md5", "S32"),
            ("danceability", "<f8"),
            ("duration", "<f8"),
            ("key", "<i4"),
            ("loudness", "<f8"),
            ("mode", "<i4"),
            ("tempo", "<f8"),
            ("time_signature", "<i4"),
            ("track_id", "S32"),
        ]
    )
    mb_dtype = np.dtype([("idx_artist_mbtags", "<i4"), ("year", "<i4")])
    meta = np.zeros(len(songs), dtype=meta_dtype)
    analysis = np.zeros(len(songs), dtype=analysis_dtype)
    mb = np.zeros(len(songs), dtype=mb_dtype)
    terms, weights = [], []
    for i, song in enumerate(songs):
        meta[i]["artist_name"] = song["artist"].encode()
        meta[i]["title"] = song["title"].encode()
        meta[i]["release"] = song.get("release", "").encode()
        meta[i]["song_id"] = f"SO{i:016X}".encode()
        meta[i]["idx_artist_terms"] = len(terms)
        analysis[i]["track_id"] = song["track_id"].encode()
        analysis[i]["duration"] = song.get("duration", 215.5)
        analysis[i]["tempo"] = song.get("tempo", 120.0)
        analysis[i]["analysis_sample_rate"] = 22050
        mb[i]["year"] = song.get("year", 0)
        for term, weight in song.get("terms", ()):
            terms.append(term.encode())
            weights.append(weight)
    with h5py.File(path, "w") as h5:
        group = h5.create_group("metadata")
        group.create_dataset("songs", data=meta)
        group.create_dataset("artist_terms", data=np.array(terms, dtype="S256"))
        group.create_dataset("artist_terms_freq", data=np.array(weights, dtype="<f8"))
        group.create_dataset("artist_terms_weight", data=np.array(weights, dtype="<f8"))
        group.create_dataset("similar_artists", data=np.array([], dtype="S20"))
        h5.create_group("analysis").create_dataset("songs", data=analysis)
        h5.create_group("musicbrainz").create_dataset("songs", data=mb)
    return path


def h5_name(track_id: str) -> str:
    return f"{track_id[2]}/{track_id[3]}/{track_id[4]}/{track_id}.h5"
