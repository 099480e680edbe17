"""The model lifecycle: register a trained artifact, activate it, load its predictor.

Registering also stores the artifact's serving files in the database
(``ModelBundle``): a machine whose disk lacks the directory (a web dyno after a
restart, another machine than the one that trained) writes them back from there under
``AUDIOFILER_MODELS_DIR/restored/`` before loading.
"""

import logging
from functools import lru_cache
from pathlib import Path

from django.conf import settings
from django.db import transaction

from audiofiler.exceptions import ServiceError
from classifier.ml.artifacts import METADATA_FILE, load_metadata
from classifier.ml.bundle import bundle_digest, pack_serving_files, unpack_serving_files
from classifier.ml.errors import ArtifactError
from classifier.ml.predictor import GenrePredictor
from classifier.models import ModelBundle, ModelVersion
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
def _predictor_load(pk: int, version: str, path: str) -> GenrePredictor:
    directory = _artifact_path(pk, version, path)
    logger.info("loading model %s from %s", version, directory)
    return GenrePredictor.from_directory(directory)


def predictor_get(model_version: ModelVersion) -> GenrePredictor:
    """The NumPy predictor of ``model_version``, loaded once per process."""
    return _predictor_load(model_version.pk, model_version.version, model_version.path)


def artifact_path(model_version: ModelVersion) -> Path:
    """A directory on this machine holding ``model_version``'s serving files: its
    own path, or the copy written back from the database.

    Raises
    ------
    ArtifactError
        Neither the directory nor a copy in the database exists.
    """
    return _artifact_path(model_version.pk, model_version.version, model_version.path)


def _artifact_path(pk: int, version: str, path_text: str) -> Path:
    path = Path(path_text)
    if (path / METADATA_FILE).exists():
        return path
    bundle = ModelBundle.objects.filter(model_version_id=pk).first()
    if bundle is None:
        raise ArtifactError(
            f"model {version}: no artifact at {path} and no copy in "
            "the database (register it again with `manage.py register_model`)"
        )
    restored = Path(settings.AUDIOFILER_MODELS_DIR) / "restored"
    restored /= f"{pk}-{bundle.sha256[:16]}"
    if not (restored / METADATA_FILE).exists():
        logger.info("writing model %s back from the database", version)
        unpack_serving_files(bytes(bundle.data), restored)
    return restored


def bundle_store(model_version: ModelVersion, directory: Path) -> ModelBundle:
    """Keep the serving files of ``directory`` in the database (replacing a copy)."""
    data = pack_serving_files(directory)
    bundle, _ = ModelBundle.objects.update_or_create(
        model_version=model_version,
        defaults={"data": data, "sha256": bundle_digest(data)},
    )
    return bundle


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
    bundle_store(model_version, Path(directory))
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
    on_disk = (Path(model_version.path) / METADATA_FILE).exists()
    if on_disk and not ModelBundle.objects.filter(model_version=model_version).exists():
        # A model registered before bundles existed: keep its files now.
        bundle_store(model_version, Path(model_version.path))
    GenrePredictor.from_directory(artifact_path(model_version))  # refuses a broken one
    ModelVersion.objects.filter(active=True).exclude(pk=model_version.pk).update(
        active=False
    )
    model_version.active = True
    model_version.save(update_fields=["active"])
    logger.info("activated model %s", version)
    # Its similar-tracks index, once the activation is committed (imported here:
    # that module builds on this one).
    from classifier.services.similar import similar_index_on_activate

    similar_index_on_activate(version)
    return model_version
