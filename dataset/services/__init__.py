"""Writes of the dataset app, one module per job:

- ``bundled``: pyAudioAnalysis's bundled vectors (and the shared genre/label helpers);
- ``bulk``: COPY / bulk_create writes; ``runs``: checkpointed build runs and
  reconnects; ``imports``: a reader into a writer as one resumable run;
- ``msd``, ``folder``, ``lastfm``: the imports;
- ``extract`` (one track, no database), ``tracks`` (its rows), ``fanout`` (process
  pool, Celery) and ``features`` (build_features itself): previews to vectors.
"""

from dataset.services.bundled import (
    LabelledVector,
    genres_ensure,
    labelled_vectors_import,
    paa_genres_import,
)

__all__ = [
    "LabelledVector",
    "genres_ensure",
    "labelled_vectors_import",
    "paa_genres_import",
]
