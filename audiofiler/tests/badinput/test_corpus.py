"""The corpus generator: big enough, every category, the same bytes for a seed, and
a failing file can be written out again by name."""

import collections
import hashlib

from audiofiler.testing import corpus as corpus_module
from audiofiler.testing.corpus import (
    ACCEPTED,
    CATEGORIES,
    REFUSED,
    corpus_file,
    main,
)
from audiofiler.tests.badinput.conftest import SEED


def _digest(files) -> str:
    h = hashlib.sha256()
    for f in files:
        h.update(f.name.encode() + b"\0" + f.data + f.expect.encode())
    return h.hexdigest()


def test_the_corpus_has_500_files_or_more_in_every_category(corpus):
    counts = collections.Counter(f.category for f in corpus)

    assert len(corpus) >= 500
    assert set(counts) == set(CATEGORIES)
    assert len({f.name for f in corpus}) == len(corpus)
    assert {f.expect for f in corpus} >= {REFUSED, ACCEPTED}
    assert any(f.data == b"" for f in corpus)


def test_the_same_seed_gives_the_same_bytes(corpus):
    again = corpus_module._build.__wrapped__(SEED)  # not the cached one

    assert _digest(again) == _digest(corpus)


def test_a_file_is_written_out_again_by_its_name(corpus, tmp_path, capsys):
    f = next(f for f in corpus if f.name == "huge_length/wav/data-size-ffffffff")

    assert main(["--seed", str(SEED), "--only", f.name, "--out", str(tmp_path)]) == 0

    written = tmp_path / "huge_length/wav/data-size-ffffffff"
    assert written.read_bytes() == f.data == corpus_file(f.name, SEED).data
    assert f.regenerate_command(SEED) in f.describe(SEED)
    assert "wrote 1 file(s)" in capsys.readouterr().out
