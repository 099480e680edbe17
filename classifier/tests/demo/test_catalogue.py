"""The demo catalogue: its specs, and the files a build writes, tags, skips, keeps."""

import hashlib
import io
import json
from collections import Counter
from dataclasses import replace

import av
import mutagen
import numpy as np
import pytest

from classifier.demo import catalogue
from classifier.demo.catalogue import (
    FORMATS,
    MANIFEST_NAME,
    SONGS,
    build_catalogue,
    read_tags,
)
from classifier.demo.styles import STYLES
from classifier.demo.synth import render_song

SHORT_S = 2.0
RATE = 44_100


def _one_per_format():
    return [next(s for s in SONGS if s.format == fmt) for fmt in FORMATS]


def _decode(path):
    """(seconds, rate, channels, samples [shape=(n, channels)], int16 or float)."""
    with av.open(io.BytesIO(path.read_bytes())) as container:
        stream = container.streams.audio[0]
        frames = [f.to_ndarray() for f in container.decode(stream)]
        rate, channels = stream.rate, stream.codec_context.channels
    planar = [
        f if f.shape[0] == channels else f.reshape(-1, channels).T for f in frames
    ]
    samples = np.concatenate(planar, axis=1).T
    return samples.shape[0] / rate, rate, channels, samples


def _sha(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def full_build(tmp_path_factory):
    out = tmp_path_factory.mktemp("catalogue")
    calls = []
    paths = build_catalogue(
        out, songs=_one_per_format(), progress=lambda *a: calls.append(a)
    )
    return out, paths, calls


def test_songs_cover_every_style_and_format():
    assert len(SONGS) == 36
    assert len({s.filename for s in SONGS}) == 36
    assert len({s.seed for s in SONGS}) == 36
    assert Counter(s.style for s in SONGS) == dict.fromkeys(STYLES, 6)
    for name, style in STYLES.items():
        songs = [s for s in SONGS if s.style == name]
        assert {s.format for s in songs} == set(FORMATS)
        assert all(
            style.tempo_range[0] <= s.tempo <= style.tempo_range[1] for s in songs
        )
        assert {s.tempo for s in songs} == {
            round(style.tempo_range[0] + (np.diff(style.tempo_range)[0]) * j / 5)
            for j in range(6)
        }
        assert all(s.key.endswith(style.mode) for s in songs)
        assert len({s.key for s in songs}) >= 3
    assert not any("/" in s.filename for s in SONGS)
    assert SONGS[0].filename == "Neon Tapir - Glass Elevator.mp3"


def test_full_build_tags_decodes_and_lasts_30_s(full_build):
    out, paths, calls = full_build
    specs = _one_per_format()
    assert paths == [out / s.filename for s in specs]
    assert calls == [(i, 4, p) for i, p in enumerate(paths, start=1)]
    assert sorted(p.name for p in out.iterdir()) == sorted(
        [MANIFEST_NAME, *(s.filename for s in specs)]
    )
    for spec, path in zip(specs, paths, strict=True):
        if spec.format != "wav":
            easy = mutagen.File(path, easy=True)
            assert {k: easy[k] for k in spec.tags()} == {
                k: [v] for k, v in spec.tags().items()
            }
        assert {k: read_tags(path)[k] for k in spec.tags()} == spec.tags()
        seconds, rate, channels, samples = _decode(path)
        assert (rate, channels) == (RATE, 2)
        assert seconds == pytest.approx(30.0, abs=0.06), spec.format
        scale = 32768 if samples.dtype == np.int16 else 1.0
        peak = np.abs(samples.astype(np.float64)).max() / scale
        assert 0.8 < peak < 0.99, spec.format  # -1 dBFS (0.891) plus codec ripple


def test_wav_holds_the_synthesised_samples(full_build):
    out, _, _ = full_build
    spec = next(s for s in SONGS if s.format == "wav")
    _, _, _, samples = _decode(out / spec.filename)
    song = render_song(spec.style, tempo=spec.tempo, key=spec.key, seed=spec.seed)
    np.testing.assert_array_equal(samples, np.round(song * 32767).astype(np.int16))


def test_build_is_deterministic_and_idempotent(tmp_path):
    songs = [replace(s, format="wav") for s in SONGS[:2]]
    first = build_catalogue(tmp_path / "a", songs=songs, duration_s=SHORT_S)
    second = build_catalogue(tmp_path / "b", songs=songs, duration_s=SHORT_S)
    assert [p.read_bytes() for p in first] == [p.read_bytes() for p in second]

    stamps = [p.stat().st_mtime_ns for p in first]
    again = build_catalogue(tmp_path / "a", songs=songs, duration_s=SHORT_S)
    assert again == first
    assert [p.stat().st_mtime_ns for p in first] == stamps

    manifest = json.loads((tmp_path / "a" / MANIFEST_NAME).read_text())
    assert manifest[songs[0].filename]["sha256"] == _sha(first[0])
    with first[0].open("ab") as handle:  # damaged: rebuilt; the other one is kept
        handle.write(b"junk")
    build_catalogue(tmp_path / "a", songs=songs, duration_s=SHORT_S)
    assert _sha(first[0]) == manifest[songs[0].filename]["sha256"]
    assert first[1].stat().st_mtime_ns == stamps[1]

    build_catalogue(tmp_path / "a", songs=songs, duration_s=SHORT_S, force=True)
    assert first[1].stat().st_mtime_ns != stamps[1]
    assert [p.read_bytes() for p in first] == [p.read_bytes() for p in second]


def test_changed_spec_is_rebuilt(tmp_path):
    song = replace(SONGS[0], format="wav")
    (path,) = build_catalogue(tmp_path, songs=[song], duration_s=SHORT_S)
    before = _sha(path)
    build_catalogue(tmp_path, songs=[replace(song, seed=7)], duration_s=SHORT_S)
    assert _sha(path) != before


def test_workers_write_the_same_files(tmp_path):
    songs = [replace(s, format="wav") for s in SONGS[:3]]
    serial = build_catalogue(tmp_path / "a", songs=songs, duration_s=SHORT_S)
    parallel = build_catalogue(
        tmp_path / "b", songs=songs, duration_s=SHORT_S, workers=2
    )
    assert [p.read_bytes() for p in serial] == [p.read_bytes() for p in parallel]


def test_killed_build_leaves_no_half_files(tmp_path, monkeypatch):
    def killed(path, spec):
        raise KeyboardInterrupt

    monkeypatch.setattr(catalogue, "tag_file", killed)
    with pytest.raises(KeyboardInterrupt):
        build_catalogue(tmp_path, songs=SONGS[:1], duration_s=SHORT_S)
    assert list(tmp_path.iterdir()) == []

    monkeypatch.undo()
    (tmp_path / ".left-by-a-kill.part").write_bytes(b"half")
    (path,) = build_catalogue(tmp_path, songs=SONGS[:1], duration_s=SHORT_S)
    assert sorted(p.name for p in tmp_path.iterdir()) == [MANIFEST_NAME, path.name]


def test_read_tags_falls_back_to_the_file_name(tmp_path):
    (path,) = build_catalogue(
        tmp_path, songs=[replace(SONGS[3], format="wav")], duration_s=SHORT_S
    )
    bare = tmp_path / "Some Band - Some Song.wav"
    bare.write_bytes(path.read_bytes()[: path.stat().st_size])
    mutagen.File(bare).delete()
    assert read_tags(bare) == {"artist": "Some Band", "title": "Some Song"}
