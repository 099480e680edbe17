"""Writes of the dataset app, one module per job:

- ``bundled``: pyAudioAnalysis's bundled vectors (and the shared genre/label helpers);
- ``bulk``: COPY / bulk_create writes; ``runs``: resumable, checkpointed build runs;
- ``msd``, ``folder``, ``lastfm``: the imports; ``extract`` and ``features``: previews
  to feature vectors.
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
