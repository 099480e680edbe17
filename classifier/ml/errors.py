"""Errors raised by the genre model's core; ``audiofiler`` maps them to statuses."""


class ModelError(Exception):
    """Base class of every error raised by ``classifier.ml``."""


class ExtractorMismatchError(ModelError, ValueError):
    """Features come from another extractor version than the model was trained on."""


class FeatureShapeError(ModelError, ValueError):
    """A feature matrix has the wrong number of dimensions or columns."""


class NonFiniteFeaturesError(ModelError, ValueError):
    """A feature matrix holds NaN or infinite values."""


class ArtifactError(ModelError):
    """A model artifact is missing, incomplete or of an unsupported format."""


class TrainingDataError(ModelError, ValueError):
    """Training data cannot be used: mismatched lengths, too few tracks per genre."""
