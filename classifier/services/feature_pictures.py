"""A classification's feature pictures and its clip's traits against each genre.

The pictures were drawn when the clip was classified and stored with the result
(``FeaturePictures``). The profile is worked out here, from the stored feature
vector and the genre profiles the result's model recorded at training time; a model
trained before profiles were recorded still gets its pictures, with the profile
null and the reason said.

A service rather than a selector: loading the model may write its files back from
the database (``predictor_get``).
"""

import logging
import uuid

from audiofiler.exceptions import ServiceError
from classifier.ml.errors import ArtifactError
from classifier.ml.profiles import clip_profile
from classifier.models import Classification, FeaturePictures
from classifier.services.models import predictor_get

logger = logging.getLogger(__name__)


def classification_features(*, classification_id: uuid.UUID) -> dict:
    """``{"id", "model_version", "pictures", "timings_ms", "profile",
    "profile_unavailable"}`` of a classification.

    Raises
    ------
    ServiceError
        404 ``classification_not_found``; 409 ``no_pictures`` for a result stored
        without pictures (before they were drawn).
    """
    classification = (
        Classification.objects.select_related("model_version")
        .filter(pk=classification_id)
        .first()
    )
    if classification is None:
        raise ServiceError(
            "There is no such classification: it may have been made on another "
            "server, or removed. Classify the song again to see its pictures.",
            code="classification_not_found",
            status_code=404,
        )
    pictures = FeaturePictures.objects.filter(classification=classification).first()
    if pictures is None:
        raise ServiceError(
            "This result was stored before feature pictures were drawn, so there "
            "are none to show. A new classification of the song (by a newer model, "
            "or once this stored result expires) will have them.",
            code="no_pictures",
            status_code=409,
        )
    profile, reason = _profile(classification, sample_rate=pictures.data["sample_rate"])
    return {
        "id": classification.id,
        "model_version": classification.model_version.version,
        "pictures": pictures.data,
        "timings_ms": {"pictures": pictures.compute_ms},
        "profile": profile,
        "profile_unavailable": reason,
    }


def _profile(
    classification: Classification, *, sample_rate: int
) -> tuple[dict | None, str | None]:
    """The clip's profile, or None and why not, in words."""
    version = classification.model_version.version
    vector = classification.vector_values
    if vector is None:
        return None, (
            "This result was stored without the clip's feature values, so it cannot "
            "be compared with the genres."
        )
    try:
        predictor = predictor_get(classification.model_version)
    except ArtifactError as error:
        logger.warning("profile of %s: %s", classification.pk, error)
        return None, (
            f"The files of model {version} cannot be read here, so the clip cannot "
            "be compared with the genres it learned."
        )
    profiles = predictor.metadata.get("genre_profiles")
    if not profiles:
        return None, (
            f"Model {version} was trained before genres' typical values were "
            "recorded, so there is nothing to compare the clip with. A model trained "
            "now (`manage.py train_model --activate`) records them."
        )
    genres = [entry["genre"] for entry in classification.genres]
    return (
        clip_profile(
            vector,
            predictor.feature_names,
            profiles,
            genres=genres,
            sample_rate=sample_rate,
        ),
        None,
    )
