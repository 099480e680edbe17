"""Exact nearest-neighbour search over a matrix of track embeddings (NumPy only).

A query costs one matrix-vector product over every row and a partial sort: at the
limit of :data:`MAX_EXACT_ROWS` rows of 64 float32 values that is 25.6 MB of index
and a few milliseconds per query on one core (``bench/similar_query.py``). Past it,
an approximate index (FAISS, or pgvector inside PostgreSQL) is the successor.

Cosine distance is ``1 - cos(a, b)``: rows are stored L2-normalised so the
similarity is a dot product. Euclidean distance is ``||a - b||``.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np

from classifier.ml.errors import ModelError

#: The most rows exact search serves (see the module docstring).
MAX_EXACT_ROWS = 100_000
METRICS = ("cosine", "euclidean")
#: Rows of zeros (a ReLU layer that is silent for a clip) have no direction.
_TINY = 1e-12


class IndexTooLargeError(ModelError):
    """More rows than exact search is meant to serve."""


@dataclass(frozen=True)
class Neighbour:
    """One search hit: the row's key and reference, and its distance."""

    key: str
    ref: str
    distance: float


class NeighbourIndex:
    """Rows of embeddings, each with a unique ``key`` (what deduplicates: one row
    per track) and a ``ref`` (where its details are: a dataset track, a result).

    Parameters
    ----------
    vectors : np.ndarray [shape=(n, d)]
    keys, refs : sequence of str [shape=(n,)]
        ``keys`` must be unique.
    metric : {"cosine", "euclidean"}
    max_rows : int
        Refuse more rows than this (:class:`IndexTooLargeError`).
    """

    def __init__(
        self,
        vectors: np.ndarray,
        keys: Sequence[str],
        refs: Sequence[str],
        *,
        metric: str = "cosine",
        max_rows: int = MAX_EXACT_ROWS,
    ) -> None:
        if metric not in METRICS:
            raise ValueError(f"metric must be one of {METRICS}, got {metric!r}")
        vectors = np.asarray(vectors, dtype=np.float32)
        if vectors.ndim != 2 or len(keys) != vectors.shape[0] != len(refs):
            raise ValueError(
                f"{vectors.shape} vectors for {len(keys)} keys, {len(refs)} refs"
            )
        positions = {key: i for i, key in enumerate(keys)}
        if len(positions) != len(keys):
            raise ValueError("keys must be unique (one row per track)")
        if vectors.shape[0] > max_rows:
            raise IndexTooLargeError(
                f"{vectors.shape[0]:,} tracks: exact search serves at most "
                f"{max_rows:,}; past that use an approximate index (FAISS or pgvector)"
            )
        self.metric = metric
        self.max_rows = max_rows
        self.vectors = _normalised(vectors) if metric == "cosine" else vectors
        self.keys = np.asarray(keys, dtype=object)
        self.refs = np.asarray(refs, dtype=object)
        # Squared norms once, for ||a-b||² = |a|² - 2a·b + |b|².
        self._sq = np.einsum("ij,ij->i", self.vectors, self.vectors)
        self._positions = positions  # row of each key

    def __len__(self) -> int:
        return self.vectors.shape[0]

    @property
    def dimensions(self) -> int:
        return self.vectors.shape[1]

    @property
    def nbytes(self) -> int:
        """Memory of the numeric part (vectors and norms)."""
        return self.vectors.nbytes + self._sq.nbytes

    def distances(self, query: np.ndarray) -> np.ndarray:
        """Distance from ``query`` [shape=(d,)] to every row [shape=(n,)], float32.

        The products run in ``einsum``'s own loop, on the calling thread: BLAS's
        threaded matrix-vector product was 10x slower on this 2-core machine when
        other processes held the cores (its threads wait for each other), and a web
        worker should use one core anyway.
        """
        q = np.asarray(query, dtype=np.float32).reshape(-1)
        if q.size != self.dimensions:
            raise ValueError(f"query of {q.size} values, index of {self.dimensions}")
        if self.metric == "cosine":
            return 1.0 - np.einsum("ij,j->i", self.vectors, _normalised(q[None, :])[0])
        products = np.einsum("ij,j->i", self.vectors, q)
        return np.sqrt(np.maximum(self._sq - 2.0 * products + float(q @ q), 0.0))

    def search(
        self, query: np.ndarray, *, k: int, exclude: Iterable[str] = ()
    ) -> list[Neighbour]:
        """The ``k`` nearest rows to ``query``, nearest first, skipping the keys in
        ``exclude``; ties in key order."""
        excluded = set(exclude)
        if k <= 0 or len(self) == 0:
            return []
        d = self.distances(query)
        # Enough candidates that the excluded keys cannot crowd out k others.
        take = min(len(self), k + len(excluded))
        candidates = np.argpartition(d, take - 1)[:take] if take < len(self) else None
        if candidates is None:
            candidates = np.arange(len(self))
        order = candidates[np.lexsort((self.keys[candidates], d[candidates]))]
        hits = [i for i in order if self.keys[i] not in excluded][:k]
        return [Neighbour(self.keys[i], self.refs[i], float(d[i])) for i in hits]

    def merged(
        self, vectors: np.ndarray, keys: Sequence[str], refs: Sequence[str]
    ) -> NeighbourIndex:
        """A new index with these rows added; a key already present takes the new
        row (the newest result of a track replaces the older one).

        Costs a copy of the rows (~10 ms at 100,000), not a rebuild.
        """
        if len(keys) == 0:
            return self
        added = np.asarray(vectors, dtype=np.float32).reshape(len(keys), -1)
        if len(set(keys)) != len(keys):
            raise ValueError("keys must be unique (one row per track)")
        if self.metric == "cosine":
            added = _normalised(added)
        replaced = [self._positions.get(key) for key in keys]
        new = [i for i, at in enumerate(replaced) if at is None]
        if len(self) + len(new) > self.max_rows:
            raise IndexTooLargeError(
                f"{len(self) + len(new):,} tracks: exact search serves at most "
                f"{self.max_rows:,}; past that use an approximate index "
                "(FAISS or pgvector)"
            )
        merged = object.__new__(NeighbourIndex)
        merged.metric, merged.max_rows = self.metric, self.max_rows
        merged.vectors = np.vstack([self.vectors, added[new]])
        merged.keys = np.concatenate([self.keys, np.asarray(keys, dtype=object)[new]])
        merged.refs = np.concatenate([self.refs, np.asarray(refs, dtype=object)[new]])
        for i, at in enumerate(replaced):
            if at is not None:
                merged.vectors[at] = added[i]
                merged.refs[at] = refs[i]
        merged._sq = np.einsum("ij,ij->i", merged.vectors, merged.vectors)
        merged._positions = dict(self._positions)
        merged._positions.update((keys[i], len(self) + n) for n, i in enumerate(new))
        return merged

    def to_bytes(self) -> bytes:
        """The index as ``.npz`` bytes (:meth:`from_bytes` reads them)."""
        buffer = io.BytesIO()
        np.savez(
            buffer,
            vectors=self.vectors,
            keys=np.asarray(self.keys, dtype=str),
            refs=np.asarray(self.refs, dtype=str),
            metric=np.asarray(self.metric),
        )
        return buffer.getvalue()

    @classmethod
    def from_bytes(
        cls, data: bytes, *, max_rows: int = MAX_EXACT_ROWS
    ) -> NeighbourIndex:
        with np.load(io.BytesIO(data), allow_pickle=False) as arrays:
            return cls(
                arrays["vectors"],
                arrays["keys"].tolist(),
                arrays["refs"].tolist(),
                metric=str(arrays["metric"]),
                max_rows=max_rows,
            )


def _normalised(X: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(X, axis=1, keepdims=True)
    return (X / np.maximum(norms, _TINY)).astype(np.float32)


def knn_agreement(
    queries: np.ndarray,
    query_labels: np.ndarray,
    base: np.ndarray,
    base_labels: np.ndarray,
    *,
    k: int,
    metric: str,
    same_set: bool = False,
) -> float:
    """Share of each query's ``k`` nearest ``base`` rows that have its label,
    averaged over the queries.

    ``same_set`` says ``queries`` is ``base`` itself: each row's own match is
    skipped.
    """
    index = NeighbourIndex(
        base,
        [str(i) for i in range(len(base))],
        [""] * len(base),
        metric=metric,
        max_rows=max(len(base), 1),
    )
    base_labels = np.asarray(base_labels)
    shares = []
    for i, (query, label) in enumerate(zip(queries, query_labels, strict=True)):
        hits = index.search(query, k=k, exclude=[str(i)] if same_set else ())
        found = base_labels[[int(h.key) for h in hits]]
        shares.append(float(np.mean(found == label)))
    return float(np.mean(shares))
