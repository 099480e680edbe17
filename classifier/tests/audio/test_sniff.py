"""The first-bytes check of the accepted formats (before FFmpeg reads a byte)."""

import pytest

from classifier.audio import NotAudioError, decode_audio
from classifier.audio.sniff import is_mpeg_audio_header, sniff_container
from classifier.tests.audio.files import encoded, muxed

#: An MPEG-1 Layer III frame header: 128 kbit/s, 44.1 kHz, no padding, stereo.
MP3_HEADER = bytes([0xFF, 0xFB, 0x90, 0x00])


@pytest.mark.parametrize(
    ("fmt", "expected"),
    [("mp3", "mp3"), ("wav", "wav"), ("flac", "flac"), ("ogg", "ogg"), ("m4a", "mp4")],
)
def test_files_our_encoder_writes_are_recognised(fmt, expected):
    assert sniff_container(encoded(fmt)) == expected


@pytest.mark.parametrize(
    ("muxer", "codec", "expected"),
    [
        ("aiff", "pcm_s16be", "aiff"),
        ("mov", "aac", "mp4"),
        ("webm", "libopus", "matroska"),
        ("matroska", "flac", "matroska"),
    ],
)
def test_other_accepted_containers_are_recognised(muxer, codec, expected):
    options = {"sample_rate": 48_000} if codec == "libopus" else {}

    assert sniff_container(muxed(muxer, codec, **options)) == expected


def test_an_mp3_without_a_tag_starts_with_a_frame_header():
    data = encoded("mp3")
    assert data[:3] == b"ID3"  # our encoder writes a tag: strip it for this test
    size = int.from_bytes(bytes(b & 0x7F for b in data[6:10]), "big")  # syncsafe
    bare = data[10 + size :]

    assert is_mpeg_audio_header(bare[:4])
    assert sniff_container(bare) == "mp3"
    assert sniff_container(bytes(100) + bare) == "mp3"  # zero padding first
    signal, _ = decode_audio(bytes(100) + bare)
    assert len(signal) > 0


@pytest.mark.parametrize(
    ("header", "valid"),
    [
        (MP3_HEADER, True),
        (bytes([0xFF, 0xF3, 0x90, 0x00]), True),  # MPEG-2 Layer III
        (bytes([0xFF, 0xFD, 0x90, 0x00]), True),  # MPEG-1 Layer II
        (bytes([0xFF, 0xEB, 0x90, 0x00]), False),  # version 01: reserved
        (bytes([0xFF, 0xF1, 0x50, 0x80]), False),  # layer 00: an ADTS AAC header
        (bytes([0xFF, 0xFB, 0xF0, 0x00]), False),  # bit rate index 1111
        (bytes([0xFF, 0xFB, 0x9C, 0x00]), False),  # sample rate index 11
        (bytes([0xFF, 0xFB, 0x90, 0x02]), False),  # emphasis 10: reserved
        (bytes([0xFE, 0xFB, 0x90, 0x00]), False),  # no sync
        (bytes([0xFF, 0xFB, 0x90]), False),  # too short
    ],
)
def test_mpeg_audio_frame_headers(header, valid):
    assert is_mpeg_audio_header(header) is valid


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"just some text in a file called song.mp3",
        "ünïcödé text".encode(),
        b"RIFF\x24\x00\x00\x00AVI LIST",
        b"FORM\x00\x00\x00\x08ILBM",
        b"\x89PNG\r\n\x1a\n" + bytes(20),
        b"PK\x03\x04" + bytes(30),
        bytes(5000),
        b"\xff\xfb",
    ],
)
def test_what_begins_like_no_accepted_format(data):
    with pytest.raises(NotAudioError, match="does not begin like any accepted"):
        sniff_container(data)
