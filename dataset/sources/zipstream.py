"""Read a zip archive front to back by its local file headers.

``zipfile`` starts from the central directory at the end of the archive: a zip cut
short (a partial download, as copies of the Last.fm dataset in the wild are) has
none and cannot be opened at all, and a whole one loads every member's entry into
memory first (839k of them in ``lastfm_train.zip``). Walking the local headers
instead reads one member at a time and keeps every member that arrived whole.
Members stored (method 0) or deflated (method 8) are read; zip64 sizes are
understood; a member written with a trailing data descriptor (sizes unknown up
front) is inflated until its deflate stream ends.
"""

import struct
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from typing import BinaryIO

LOCAL_HEADER = b"PK\x03\x04"
DATA_DESCRIPTOR = b"PK\x07\x08"
_HEADER = struct.Struct("<4sHHHHHIIIHH")  # 30 bytes
_FLAG_DESCRIPTOR = 0x08
_FLAG_UTF8 = 0x800
_ZIP64_EXTRA = 0x0001
_STORED, _DEFLATED = 0, 8
_CHUNK = 1 << 16


@dataclass(frozen=True, slots=True)
class Member:
    """One member: its name and bytes, or why it could not be read."""

    index: int
    name: str
    data: bytes | None
    error: str | None = None
    #: The archive ends inside this member: nothing follows it.
    truncated: bool = False


class _Reader:
    """A file with a push-back buffer (inflating reads past a member's end)."""

    def __init__(self, handle: BinaryIO) -> None:
        self.handle = handle
        self.pending = b""

    def read(self, n: int) -> bytes:
        out = self.pending[:n]
        self.pending = self.pending[n:]
        if len(out) < n:
            out += self.handle.read(n - len(out))
        return out

    def unread(self, data: bytes) -> None:
        self.pending = data + self.pending


def iter_members(handle: BinaryIO) -> Iterator[Member]:
    """Yield the archive's members in order; stop at the central directory.

    A member cut short is yielded with ``error`` and ends the walk (nothing after
    it can be found); a member with an unsupported method is yielded with ``error``
    and skipped.
    """
    reader = _Reader(handle)
    index = 0
    while True:
        header = reader.read(_HEADER.size)
        if header[:4] != LOCAL_HEADER[: len(header[:4])] or not header:
            return  # the central directory (or nothing) follows the last member
        if len(header) < _HEADER.size:
            yield _cut(index, "?")
            return
        (_, _, flags, method, _, _, _, csize, _, nlen, xlen) = _HEADER.unpack(header)
        raw_name = reader.read(nlen)
        extra = reader.read(xlen)
        if len(raw_name) < nlen or len(extra) < xlen:
            yield _cut(index, "?")
            return
        name = raw_name.decode("utf-8" if flags & _FLAG_UTF8 else "cp437")
        csize = _zip64_size(extra, csize)
        if flags & _FLAG_DESCRIPTOR:
            member = _read_streamed(reader, index, name, method)
        else:
            member = _read_sized(reader, index, name, method, csize)
        yield member
        if member.truncated:
            return
        index += 1


def _cut(index: int, name: str) -> Member:
    return Member(index, name, None, "the archive ends inside this member", True)


def _zip64_size(extra: bytes, csize: int) -> int:
    """The compressed size from a zip64 extra field when the header says 0xFFFFFFFF."""
    if csize != 0xFFFFFFFF:
        return csize
    offset = 0
    while offset + 4 <= len(extra):
        tag, size = struct.unpack_from("<HH", extra, offset)
        if tag == _ZIP64_EXTRA and size >= 16:
            return struct.unpack_from("<Q", extra, offset + 12)[0]
        offset += 4 + size
    return csize


def _read_sized(reader: _Reader, index: int, name: str, method: int, csize: int):
    payload = reader.read(csize)
    if len(payload) < csize:
        return _cut(index, name)
    if method == _STORED:
        return Member(index, name, payload)
    if method != _DEFLATED:
        return Member(index, name, None, f"compression method {method} unsupported")
    try:
        return Member(index, name, zlib.decompress(payload, -15))
    except zlib.error as error:
        return Member(index, name, None, f"corrupt deflate data: {error}")


def _read_streamed(reader: _Reader, index: int, name: str, method: int):
    if method != _DEFLATED:
        # Without sizes the end of a stored member cannot be found.
        return Member(index, name, None, "stored member with a data descriptor", True)
    inflater = zlib.decompressobj(-15)
    parts = []
    while not inflater.eof:
        chunk = reader.read(_CHUNK)
        if not chunk:
            return _cut(index, name)
        try:
            parts.append(inflater.decompress(chunk))
        except zlib.error as error:
            return Member(index, name, None, f"corrupt deflate data: {error}", True)
    reader.unread(inflater.unused_data)
    _skip_descriptor(reader)
    return Member(index, name, b"".join(parts))


def _skip_descriptor(reader: _Reader) -> None:
    """Step over ``[signature] crc32 csize usize`` (sizes of 4 or, zip64, 8 bytes)."""
    head = reader.read(4)
    if head != DATA_DESCRIPTOR:
        reader.unread(head)
    reader.read(4 + 8)  # crc32, then two 4-byte sizes
    probe = reader.read(4)
    if probe and probe[:2] != b"PK":
        reader.read(4)  # zip64: the sizes were 8 bytes each; 8 read, 8 more due
        probe = probe[4:]
    reader.unread(probe)
