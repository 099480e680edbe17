"""The model lifecycle: register a trained artifact, activate it, load its predictor."""

import logging
from functools import lru_cache
from pathlib import Path

from django.db import transaction

from audiofiler.exceptions import ServiceError
from classifier.ml.artifacts import load_metadata
from classifier.ml.predictor import GenrePredictor
from classifier.models import ModelVersion
from classifier.selectors import model_active_get

logger = logging.getLogger(__name__)


def no_model_error() -> ServiceError:
    return ServiceError(
        "No model is active: train one with `manage.py train_model --activate` "
        "(or run `make demo`).",
        code="no_model",
        status_code=503,
    )


@lru_cache(maxsize=4)
def _predictor_load(path: str, version: str) -> GenrePredictor:
    logger.info("loading model %s from %s", version, path)
    return GenrePredictor.from_directory(Path(path))


def predictor_get(model_version: ModelVersion) -> GenrePredictor:
    """The NumPy predictor of ``model_version``, loaded once per process."""
    return _predictor_load(model_version.path, model_version.version)


def active_predictor_get() -> tuple[ModelVersion, GenrePredictor]:
    model_version = model_active_get()
    if model_version is None:
        raise no_model_error()
    return model_version, predictor_get(model_version)


def predictor_cache_clear() -> None:
    _predictor_load.cache_clear()


@transaction.atomic
def model_register(*, directory: Path, version: str, activate: bool) -> ModelVersion:
    """Record the artifact in ``directory`` (written by ``save_artifact``)."""
    metadata = load_metadata(directory)
    model_version = ModelVersion.objects.create(
        version=version,
        path=str(Path(directory).resolve()),
        genres=list(metadata["genres"]),
        extractor_version=metadata["extractor_version"],
        metrics=metadata.get("metrics", {}),
    )
    if activate:
        model_activate(version=version)
        model_version.refresh_from_db()
    return model_version


@transaction.atomic
def model_activate(*, version: str) -> ModelVersion:
    """Make ``version`` the one model that serves; the others step down."""
    try:
        model_version = ModelVersion.objects.select_for_update().get(version=version)
    except ModelVersion.DoesNotExist:
        raise ServiceError(
            f"No model version {version!r}.", code="not_found", status_code=404
        ) from None
    GenrePredictor.from_directory(Path(model_version.path))  # refuses a broken one
    ModelVersion.objects.filter(active=True).exclude(pk=model_version.pk).update(
        active=False
    )
    model_version.active = True
    model_version.save(update_fields=["active"])
    logger.info("activated model %s", version)
    return model_version
