"""Serving state: trained model versions and the classifications they made."""

import uuid

import numpy as np
from django.db import models
from django.db.models import Q


class ModelVersion(models.Model):
    """A trained network on disk (``path``: model.keras, weights.npz, metadata.json);
    its serving files are also in the database (``bundle``)."""

    version = models.CharField(max_length=64, unique=True)
    path = models.CharField(max_length=1024)
    genres = models.JSONField(default=list)
    extractor_version = models.CharField(max_length=64)
    metrics = models.JSONField(default=dict)
    active = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["active"], condition=Q(active=True), name="one_active_model"
            )
        ]

    def __str__(self) -> str:
        return self.version

    @property
    def headline_metrics(self) -> dict:
        """Cross-validated metrics where measured, else the held-out split's."""
        return self.metrics.get("cross_validation", self.metrics)


class ModelBundle(models.Model):
    """The serving files of a model version (``classifier.ml.bundle``), kept in the
    database so that every machine can load the model, whatever its own disk holds
    (a Heroku dyno's is wiped on every restart)."""

    model_version = models.OneToOneField(
        ModelVersion, on_delete=models.CASCADE, related_name="bundle"
    )
    data = models.BinaryField()
    sha256 = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"bundle of {self.model_version_id} ({len(self.data)} bytes)"


#: Longest provider name and track id the API accepts (and the columns hold).
PROVIDER_MAX_LENGTH = 16
TRACK_ID_MAX_LENGTH = 1024
#: How a classification's feature vector is stored (as the dataset stores vectors).
VECTOR_DTYPE = "<f4"


class Classification(models.Model):
    """One classification result; also the result cache (see ``track_key``)."""

    class Source(models.TextChoices):
        PROVIDER = "provider", "Provider"
        UPLOAD = "upload", "Upload"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    source = models.CharField(max_length=16, choices=Source.choices)
    provider = models.CharField(max_length=PROVIDER_MAX_LENGTH, blank=True, default="")
    track_id = models.CharField(max_length=TRACK_ID_MAX_LENGTH, blank=True, default="")
    # sha256 of "provider\0track_id": a fixed-width key to look results up by (a
    # 1024-character id would not fit in an index entry on every database).
    track_key = models.CharField(max_length=64, default="")
    # sha256 of the audio bytes classified, for uploads and local files: a replaced
    # file is a new key, so it never gets the old file's genres.
    content_sha256 = models.CharField(max_length=64, blank=True, default="")
    track = models.JSONField(default=dict)
    model_version = models.ForeignKey(ModelVersion, on_delete=models.PROTECT)
    genres = models.JSONField(default=list)
    timeline = models.JSONField(default=list)
    timings_ms = models.JSONField(default=dict)
    duration_s = models.FloatField(default=0.0)
    # The clip's feature vector (float32 little-endian, the model's extractor
    # version), kept so a visitor's correction can teach the next model; null for
    # results stored before it was kept.
    vector = models.BinaryField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["track_key", "model_version", "created_at"]),
            # Similar tracks look up the results stored since their index was built.
            models.Index(fields=["created_at"], name="classification_created"),
        ]

    def __str__(self) -> str:
        return f"{self.provider}:{self.track_id} by {self.model_version_id}"

    @property
    def vector_values(self) -> np.ndarray | None:
        """The stored feature vector [shape=(138,)], float32, or None."""
        if self.vector is None:
            return None
        return np.frombuffer(bytes(self.vector), dtype=VECTOR_DTYPE)

    @staticmethod
    def pack_vector(values: np.ndarray) -> bytes:
        return np.asarray(values, dtype=VECTOR_DTYPE).tobytes()


class FeaturePictures(models.Model):
    """What a classification's clip looked like to the extractor: its waveform,
    spectrogram, chromagram and MFCC image (``classifier.audio.pictures``), as the
    compact JSON the API sends (uint8 images in base64, with their scales)."""

    classification = models.OneToOneField(
        Classification,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="feature_pictures",
    )
    data = models.JSONField()
    # Time spent drawing them, on top of the classification's own stages.
    compute_ms = models.FloatField(default=0.0)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"pictures of {self.classification_id}"


class SimilarIndex(models.Model):
    """The nearest-neighbour index of a model version (``classifier.ml.neighbours``):
    every dataset track and earlier result, embedded by that model, as ``.npz``
    bytes. Kept in the database, as the model bundle is, so that every machine
    serves the same index whatever its own disk holds."""

    model_version = models.OneToOneField(
        ModelVersion, on_delete=models.CASCADE, related_name="similar_index"
    )
    data = models.BinaryField()
    rows = models.IntegerField()
    dimensions = models.IntegerField()
    metric = models.CharField(max_length=16)
    # Results stored after this are merged in at query time.
    built_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"similar index of {self.model_version_id} ({self.rows} tracks)"


class ClusterRun(models.Model):
    """One ``cluster_tracks`` run: k-means over a model's embeddings and its 2-D map.

    ``silhouette`` maps each k tried to its score; ``clusters`` describes each
    cluster (size, top labels and tags); ``points`` holds one entry per track (x, y,
    cluster, track details, audio URL).
    """

    model_version = models.ForeignKey(
        ModelVersion, on_delete=models.CASCADE, related_name="cluster_runs"
    )
    k = models.IntegerField()
    seed = models.IntegerField(default=0)
    silhouette = models.JSONField(default=dict)
    clusters = models.JSONField(default=list)
    points = models.JSONField(default=list)
    explained_variance = models.JSONField(default=list)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.k} clusters by {self.model_version_id}"
