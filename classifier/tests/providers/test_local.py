"""The local library on a small tree of real, tagged audio files."""

import hashlib
import os

import mutagen
import numpy as np
import pytest

from classifier.audio.encode import encode_audio
from classifier.providers import local as local_module
from classifier.providers.errors import DownloadTooLarge, InvalidTrackId, TrackNotFound
from classifier.providers.local import LocalLibraryProvider

from .conftest import FakeClock

RATE = 22_050


@pytest.fixture(scope="module")
def clips() -> dict[str, bytes]:
    """0.25 s of a 440 Hz sine, encoded once per format."""
    t = np.arange(int(0.25 * RATE)) / RATE
    signal = 0.3 * np.sin(2 * np.pi * 440 * t)
    return {
        fmt: encode_audio(signal, RATE, fmt)
        for fmt in ("mp3", "m4a", "ogg", "flac", "wav")
    }


def write(path, data, **tags):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    if tags:
        audio = mutagen.File(path, easy=True)
        if audio.tags is None:
            audio.add_tags()
        for key, value in tags.items():
            audio[key] = value
        audio.save()
    return path


@pytest.fixture
def library(tmp_path, clips):
    root = tmp_path / "music"
    write(
        root / "Beyonce/halo.mp3",
        clips["mp3"],
        title="Halo",
        artist="Beyoncé",
        album="I Am... Sasha Fierce",
    )
    write(
        root / "Miles Davis/so_what.m4a",
        clips["m4a"],
        title="So What",
        artist="Miles Davis",
        album="Kind of Blue",
    )
    write(
        root / "Sigur Ros/hoppipolla.ogg",
        clips["ogg"],
        title="Hoppípolla",
        artist="Sigur Rós",
        album="Takk...",
    )
    write(
        root / "Miles Davis/blue_in_green.flac",
        clips["flac"],
        title="Blue in Green",
        artist="Miles Davis",
        album="Kind of Blue",
    )
    write(root / "Daft Punk - Around the World.mp3", clips["mp3"])  # untagged
    write(root / "field recording.wav", clips["wav"])  # untagged, no " - "
    (root / "notes.txt").write_text("not audio")
    (root / ".hidden.mp3").write_bytes(clips["mp3"])
    return root


@pytest.fixture
def clock():
    return FakeClock()


@pytest.fixture
def local(library, clock):
    return LocalLibraryProvider(
        library, refresh_interval_s=10.0, background_refresh=False, clock=clock
    )


def titles(refs):
    return [ref.title for ref in refs]


def test_indexes_audio_files_with_their_tags(local):
    assert len(local) == 6
    ref = local.resolve("Beyonce/halo.mp3")
    assert ref.to_dict() == {
        "provider": "local",
        "id": "Beyonce/halo.mp3",
        "title": "Halo",
        "artist": "Beyoncé",
        "album": "I Am... Sasha Fierce",
        "artwork_url": None,
        "duration_s": ref.duration_s,
        "isrc": None,
        "preview_url": None,
    }
    assert ref.duration_s == pytest.approx(0.25, abs=0.1)


def test_search_by_artist_sorted_by_title(local):
    assert titles(local.search("miles davis")) == ["Blue in Green", "So What"]


def test_search_by_title_words_in_any_order(local):
    assert titles(local.search("green blue")) == ["Blue in Green"]
    assert titles(local.search("what so miles")) == ["So What"]


@pytest.mark.parametrize("query", ["beyonce", "BEYONCÉ", "Beyoncé halo", "HALO"])
def test_search_ignores_case_and_accents(local, query):
    assert titles(local.search(query)) == ["Halo"]


def test_search_accents_in_tags(local):
    assert titles(local.search("hoppipolla sigur ros")) == ["Hoppípolla"]


def test_prefix_matches_rank_first(local):
    # "blu" starts the title "Blue in Green" (artist/title prefix) and only the album
    # of "So What" ("Kind of Blue"): both Miles Davis, title prefix first.
    assert titles(local.search("blu")) == ["Blue in Green", "So What"]


def test_substring_matches_count_too(local):
    assert titles(local.search("avis")) == ["Blue in Green", "So What"]


def test_every_word_must_match(local):
    assert local.search("miles halo") == []
    assert local.search("") == []
    assert local.search("   ") == []


def test_untagged_files_by_name(local):
    ref = local.search("around world")[0]
    assert (ref.artist, ref.title) == ("Daft Punk", "Around the World")
    ref = local.search("field")[0]
    assert (ref.id, ref.artist, ref.title) == (
        "field recording.wav",
        "",
        "field recording",
    )


def test_same_artist_and_title_twice(local, library, clips):
    write(library / "copy/halo.flac", clips["flac"], title="Halo", artist="Beyoncé")
    local.refresh()
    assert [ref.id for ref in local.search("halo")] == [
        "Beyonce/halo.mp3",
        "copy/halo.flac",
    ]


def test_limit(local):
    assert len(local.search("i", limit=2)) == 2


def test_refresh_after_adding_removing_and_modifying(local, library, clock, clips):
    assert local.search("coltrane") == []
    write(
        library / "Coltrane/naima.flac",
        clips["flac"],
        title="Naima",
        artist="John Coltrane",
    )
    (library / "Beyonce/halo.mp3").unlink()
    so_what = library / "Miles Davis/so_what.m4a"
    audio = mutagen.File(so_what, easy=True)
    audio["title"] = "So What (Live)"
    audio.save()
    os.utime(so_what, ns=(1, 1))  # a different mtime even on coarse clocks
    # not yet: the index is younger than refresh_interval_s
    assert local.search("coltrane") == []
    clock.now += 10.0
    assert titles(local.search("coltrane")) == ["Naima"]
    assert local.search("halo") == []
    assert titles(local.search("so what")) == ["So What (Live)"]


def test_background_refresh_answers_from_the_old_index_meanwhile(library, clock, clips):
    local = LocalLibraryProvider(library, refresh_interval_s=10.0, clock=clock)
    assert local.search("coltrane") == []  # first scan: synchronous
    write(library / "Coltrane/naima.flac", clips["flac"], title="Naima")
    clock.now += 10.0
    local.search("coltrane")  # stale: starts a rescan, answers from the old index
    local.wait_for_refresh(timeout_s=10)
    assert titles(local.search("naima")) == ["Naima"]


def test_incremental_refresh_rereads_only_changed_files(local, library, clips):
    assert local.refresh() == 6  # first scan reads everything
    assert local.refresh() == 0
    write(library / "new - song.mp3", clips["mp3"])
    os.utime(library / "Beyonce/halo.mp3", ns=(5, 5))
    assert local.refresh() == 2


def test_resolve_a_file_added_since_the_last_scan(local, library, clips):
    local.refresh()
    write(library / "Late - Arrival.ogg", clips["ogg"])
    assert local.resolve("Late - Arrival.ogg").title == "Arrival"


#: Every way a track id is looked up refuses the same ids.
LOOKUPS = pytest.mark.parametrize(
    "lookup", ["resolve", "resolve_with_digest", "locate"]
)


@pytest.mark.parametrize(
    "bad",
    [
        "../secret.mp3",
        "Beyonce/../../secret.mp3",
        "/etc/passwd",
        "./Beyonce/halo.mp3",
        "Beyonce\\halo.mp3",
        "",
        "a\x00.mp3",
    ],
)
@LOOKUPS
def test_path_traversal_is_refused(local, library, bad, clips, lookup):
    write(library.parent / "secret.mp3", clips["mp3"])
    with pytest.raises(InvalidTrackId):
        getattr(local, lookup)(bad)


@LOOKUPS
def test_symlink_out_of_the_root_is_refused(local, library, clips, lookup):
    outside = write(library.parent / "outside.mp3", clips["mp3"])
    (library / "link.mp3").symlink_to(outside)
    with pytest.raises(InvalidTrackId, match="outside the library"):
        getattr(local, lookup)("link.mp3")


@LOOKUPS
@pytest.mark.parametrize(
    "missing", ["notes.txt", "nope.mp3", "Beyonce", "x" * 300 + ".mp3"]
)
def test_missing_or_not_audio(local, missing, lookup):
    with pytest.raises(TrackNotFound):
        getattr(local, lookup)(missing)


def test_fetch_preview_reads_the_file(local, library):
    ref = local.resolve("Sigur Ros/hoppipolla.ogg")
    assert (
        local.fetch_preview(ref) == (library / "Sigur Ros/hoppipolla.ogg").read_bytes()
    )


def test_content_digest_is_read_once_while_the_file_is_unchanged(local, library):
    path = library / "Sigur Ros/hoppipolla.ogg"
    ref = local.resolve("Sigur Ros/hoppipolla.ogg")

    digests = [local.content_sha256(ref) for _ in range(3)]

    assert digests == [hashlib.sha256(path.read_bytes()).hexdigest()] * 3
    assert local.digest_reads == 1


def test_content_digest_is_read_again_when_the_file_changes(local, library, clips):
    path = library / "Sigur Ros/hoppipolla.ogg"
    ref = local.resolve("Sigur Ros/hoppipolla.ogg")
    before = local.content_sha256(ref)
    stat = path.stat()

    # Same size, another mtime (a file rewritten in place).
    path.write_bytes(bytes(reversed(path.read_bytes())))
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000))
    same_size = local.content_sha256(ref)
    # Another size (the mtime is set back: the size alone tells).
    path.write_bytes(clips["wav"])
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    other_size = local.content_sha256(ref)

    assert before != same_size != other_size
    assert other_size == hashlib.sha256(clips["wav"]).hexdigest()
    assert local.digest_reads == 3


def test_content_digests_remembered_are_bounded(local, monkeypatch):
    monkeypatch.setattr(local_module, "MAX_REMEMBERED_DIGESTS", 2)
    ids = ["Beyonce/halo.mp3", "Miles Davis/so_what.m4a", "field recording.wav"]

    for track_id in ids:
        local.content_sha256(local.resolve(track_id))
    local.content_sha256(local.resolve(ids[0]))  # forgotten: the oldest

    assert local.digest_reads == 4


def test_fetch_preview_size_cap(library):
    local = LocalLibraryProvider(library, max_bytes=100)
    with pytest.raises(DownloadTooLarge, match="larger than 100 bytes"):
        local.fetch_preview(local.resolve("field recording.wav"))


def test_an_unreadable_file_is_indexed_by_name(tmp_path):
    (tmp_path / "Broken Band - Noise.mp3").write_bytes(b"not really an mp3")
    local = LocalLibraryProvider(tmp_path)
    assert titles(local.search("broken")) == ["Noise"]


def test_resolve_with_digest_is_resolve_and_content_sha256(local, library):
    track_id = "Sigur Ros/hoppipolla.ogg"

    ref, digest = local.resolve_with_digest(track_id)

    assert ref == local.resolve(track_id)
    assert digest == hashlib.sha256((library / track_id).read_bytes()).hexdigest()
    assert local.resolve_with_digest(track_id)[1] == digest
    assert local.digest_reads == 1


def test_locate_gives_the_file_under_the_root_and_its_stat(local, library):
    path, stat = local.locate("Miles Davis/so_what.m4a")

    assert path == (library / "Miles Davis" / "so_what.m4a").resolve()
    assert stat.st_size == path.stat().st_size > 0
