"""The training set: tracks, their tags and genre labels, and feature vectors."""

import numpy as np
from django.db import models
from django.db.models import Q


class Genre(models.Model):
    name = models.CharField(max_length=64, unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Track(models.Model):
    class Source(models.TextChoices):
        MSD = "msd", "Million Song Dataset"
        LASTFM = "lastfm", "Last.fm"
        FOLDER = "folder", "Labelled folder"
        BUNDLED = "bundled", "pyAudioAnalysis bundled set"
        PROVIDER = "provider", "Preview provider"
        UPLOAD = "upload", "Upload"

    source = models.CharField(max_length=16, choices=Source.choices)
    # The bundled set and uploads have no natural key: ``external_id`` gives one
    # (``knn_musical_genre_6:17``, an upload's sha256) so re-imports stay idempotent.
    external_id = models.CharField(max_length=255, blank=True, default="")
    msd_id = models.CharField(max_length=18, blank=True, default="")
    isrc = models.CharField(max_length=15, blank=True, default="")
    provider = models.CharField(max_length=16, blank=True, default="")
    provider_id = models.CharField(max_length=255, blank=True, default="")
    artist = models.CharField(max_length=512, blank=True, default="")
    title = models.CharField(max_length=512, blank=True, default="")
    album = models.CharField(max_length=512, blank=True, default="")
    year = models.IntegerField(null=True, blank=True)
    local_path = models.CharField(max_length=1024, blank=True, default="")
    duration_s = models.FloatField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["source", "external_id"],
                condition=~Q(external_id=""),
                name="track_unique_external_id",
            ),
            models.UniqueConstraint(
                fields=["msd_id"], condition=~Q(msd_id=""), name="track_unique_msd_id"
            ),
            models.UniqueConstraint(
                fields=["provider", "provider_id"],
                condition=~Q(provider_id=""),
                name="track_unique_provider_id",
            ),
        ]
        indexes = [models.Index(fields=["isrc"]), models.Index(fields=["artist"])]

    def __str__(self) -> str:
        return f"{self.artist} - {self.title}" if self.artist else self.title


class TrackTag(models.Model):
    """A tag of a track (Last.fm tag, Echo Nest artist term), weight 0-100.

    Millions of rows at MSD scale: the key (track, tag, source) is the primary key
    itself, so each row maintains one index, not three.
    """

    pk = models.CompositePrimaryKey("track_id", "tag", "source")
    track = models.ForeignKey(
        Track, on_delete=models.CASCADE, related_name="tags", db_index=False
    )
    tag = models.CharField(max_length=255)
    weight = models.FloatField(default=0.0)
    source = models.CharField(max_length=16, default="lastfm")

    def __str__(self) -> str:
        return f"{self.tag} ({self.weight:g})"


class Label(models.Model):
    class Origin(models.TextChoices):
        TAGS = "tags", "Tags"
        FOLDER = "folder", "Folder"
        FEEDBACK = "feedback", "Feedback"
        BUNDLED = "bundled", "Bundled"

    track = models.ForeignKey(Track, on_delete=models.CASCADE, related_name="labels")
    genre = models.ForeignKey(Genre, on_delete=models.PROTECT, related_name="labels")
    origin = models.CharField(max_length=16, choices=Origin.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["track", "genre", "origin"], name="label_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.genre} ({self.origin})"


class FeatureVector(models.Model):
    """The 138 values of one track for one extractor version, as float32 bytes.

    ``windows`` is how many 1 s analysis windows the clip gave (the vector is their
    mean); it is unknown (null) for vectors imported ready-made.
    """

    track = models.ForeignKey(Track, on_delete=models.CASCADE, related_name="features")
    extractor_version = models.CharField(max_length=64)
    data = models.BinaryField()
    preview_provider = models.CharField(max_length=16, blank=True, default="")
    windows = models.IntegerField(null=True, blank=True)
    duration_s = models.FloatField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["track", "extractor_version"], name="featurevector_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.extractor_version} vector of track {self.track_id}"

    @property
    def values(self) -> np.ndarray:
        return np.frombuffer(bytes(self.data), dtype="<f4")

    @staticmethod
    def pack(values: np.ndarray) -> bytes:
        return np.asarray(values, dtype="<f4").tobytes()


class Extraction(models.Model):
    """Where ``build_features`` stands with one track for one extractor version.

    ``done`` rows have a FeatureVector; ``no_preview`` and ``failed`` rows say why
    not. A track without a row has not been tried yet.
    """

    class Status(models.TextChoices):
        DONE = "done", "Done"
        NO_PREVIEW = "no_preview", "No preview"
        FAILED = "failed", "Failed"

    track = models.ForeignKey(
        Track, on_delete=models.CASCADE, related_name="extractions"
    )
    extractor_version = models.CharField(max_length=64)
    status = models.CharField(max_length=16, choices=Status.choices)
    reason = models.TextField(blank=True, default="")
    provider = models.CharField(max_length=16, blank=True, default="")
    attempts = models.IntegerField(default=1)
    run = models.ForeignKey(
        "BuildRun",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="extractions",
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["track", "extractor_version"], name="extraction_unique"
            )
        ]
        indexes = [models.Index(fields=["extractor_version", "status"])]

    def __str__(self) -> str:
        return f"track {self.track_id}: {self.status}"


class BuildRun(models.Model):
    class Status(models.TextChoices):
        RUNNING = "running", "Running"
        DONE = "done", "Done"
        FAILED = "failed", "Failed"

    kind = models.CharField(max_length=32)
    status = models.CharField(
        max_length=16, choices=Status.choices, default=Status.RUNNING
    )
    arguments = models.JSONField(default=dict)
    total = models.IntegerField(default=0)
    done = models.IntegerField(default=0)
    failed = models.IntegerField(default=0)
    counts = models.JSONField(default=dict)
    failures = models.JSONField(default=list)
    # Where a killed run picks up: written in the same transaction as the rows.
    checkpoint = models.JSONField(default=dict)
    message = models.TextField(blank=True, default="")
    started_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.kind} #{self.pk} ({self.status})"


class Feedback(models.Model):
    """A visitor's vote on a classification: "right", or "this is actually jazz".

    ``genre`` is what the track is, by the vote: the model's top genre for "right".
    One vote per classification per visitor (a second one replaces the first);
    ``visitor`` is a hash of the session key, never the key itself. The track's
    ``feedback`` labels are the genres its votes name.
    """

    class Verdict(models.TextChoices):
        RIGHT = "right", "Right"
        WRONG = "wrong", "Wrong"

    track = models.ForeignKey(Track, on_delete=models.CASCADE, related_name="feedback")
    genre = models.ForeignKey(Genre, on_delete=models.PROTECT)
    # dataset -> classifier only: the classifier app never depends on this one.
    classification = models.ForeignKey(
        "classifier.Classification",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="feedback",
    )
    visitor = models.CharField(max_length=64, blank=True, default="")
    verdict = models.CharField(
        max_length=8, choices=Verdict.choices, default=Verdict.WRONG
    )
    predicted = models.CharField(max_length=64, blank=True, default="")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["classification", "visitor"],
                condition=Q(classification__isnull=False),
                name="feedback_one_vote_per_visitor",
            )
        ]

    def __str__(self) -> str:
        return f"track {self.track_id} is {self.genre}"
