"""Visitors' votes on classifications, and the training examples they make.

A vote says the model was right (its top genre is the track's) or wrong, and which
genre the track is. Each vote makes the classified clip a training example: a Track
for what was classified, its feature vector (the one the model saw, kept by the
classification) and a Label of origin ``feedback`` for each genre the track's votes
name. Visitors who disagree leave the track with two labels, which
``training_matrix`` counts as a conflict and leaves out.

One vote per classification per visitor: a second vote replaces the first (a
misclick can be put right), so a visitor never counts twice.
"""

import hashlib
import logging
import uuid
from dataclasses import dataclass

from django.db import transaction

from audiofiler.exceptions import ServiceError
from classifier.models import Classification
from dataset.models import FeatureVector, Feedback, Genre, Label, Track
from dataset.selectors_feedback import classification_get, genre_resolve

logger = logging.getLogger(__name__)
#: Longest artist, title, album and provider id a Track holds.
NAME_MAX_LENGTH = Track._meta.get_field("title").max_length
PROVIDER_ID_MAX_LENGTH = Track._meta.get_field("provider_id").max_length


@dataclass(frozen=True)
class Vote:
    feedback: Feedback
    replaced: bool  # the visitor had voted on this classification before


def visitor_of(session_key: str) -> str:
    """The visitor id stored with a vote: a hash of the session key, not the key."""
    return hashlib.sha256(session_key.encode()).hexdigest()


@transaction.atomic
def feedback_give(
    *,
    classification_id: uuid.UUID,
    visitor: str,
    verdict: str,
    genre: str | None = None,
) -> Vote:
    """Record ``visitor``'s vote on a classification (replacing an earlier one).

    Parameters
    ----------
    verdict : {"right", "wrong"}
        "right": the model's top genre is the track's; "wrong": ``genre`` is.
    genre : str, optional
        For "wrong": one of the model's genres, a genre the dataset knows, or a
        name the genre vocabulary maps to one ("hip-hop" -> Rap).

    Raises
    ------
    ServiceError
        404 no such classification; 400 an unknown genre, or "wrong" naming the
        genre the model chose; 409 a result stored without its feature vector.
    """
    classification = classification_get(classification_id)
    predicted = classification.genres[0]["genre"]
    if verdict == Feedback.Verdict.RIGHT:
        name = predicted
    else:
        name = genre_resolve(
            genre or "", model_genres=classification.model_version.genres
        )
        if name == predicted:
            raise ServiceError(
                f"The model already said {predicted}. Press “Right” if it is "
                f"{predicted}, or pick the genre it really is.",
                code="same_genre",
                status_code=400,
            )
    if classification.vector is None:
        raise ServiceError(
            "This result was stored before results kept what the model heard, so it "
            "cannot teach the model. Classify the song again, then tell us.",
            code="no_vector",
            status_code=409,
        )
    track = _track_for(classification)
    feedback, created = Feedback.objects.update_or_create(
        classification=classification,
        visitor=visitor,
        defaults={
            "track": track,
            "genre": Genre.objects.get_or_create(name=name)[0],
            "verdict": verdict,
            "predicted": predicted,
        },
    )
    _feedback_labels_sync(track)
    logger.info(
        "feedback on %s: %s (%s, predicted %s)%s",
        classification.pk,
        name,
        verdict,
        predicted,
        "" if created else ", replacing the visitor's earlier vote",
    )
    return Vote(feedback=feedback, replaced=not created)


def _track_for(classification: Classification) -> Track:
    """The dataset's Track for what was classified, with its feature vector.

    A local file or an upload is keyed by the sha256 of its bytes (a file replaced
    under the same name is another track); a remote provider's track by its id.
    A vector already stored for the extractor version is kept.
    """
    info = classification.track or {}
    fields = {
        "provider": classification.provider,
        "artist": (info.get("artist") or "")[:NAME_MAX_LENGTH],
        "title": (info.get("title") or "")[:NAME_MAX_LENGTH],
        "album": (info.get("album") or "")[:NAME_MAX_LENGTH],
        "isrc": (info.get("isrc") or "")[:15],
        "duration_s": info.get("duration_s") or classification.duration_s,
    }
    digest = classification.content_sha256
    if classification.source == Classification.Source.UPLOAD:
        key = {"source": Track.Source.UPLOAD, "external_id": digest}
    elif digest:  # a file of the local library
        key = {"source": Track.Source.PROVIDER, "external_id": f"local:{digest}"}
    elif len(classification.track_id) > PROVIDER_ID_MAX_LENGTH:  # not seen in practice
        key = {"source": Track.Source.PROVIDER, "external_id": classification.track_key}
    else:
        key = {
            "provider": classification.provider,
            "provider_id": classification.track_id,
        }
        fields["source"] = Track.Source.PROVIDER
    fields = {name: value for name, value in fields.items() if name not in key}
    track, _ = Track.objects.get_or_create(**key, defaults=fields)
    FeatureVector.objects.get_or_create(
        track=track,
        extractor_version=classification.model_version.extractor_version,
        defaults={
            "data": bytes(classification.vector),
            "preview_provider": classification.provider,
            "duration_s": classification.duration_s,
        },
    )
    return track


def _feedback_labels_sync(track: Track) -> None:
    """The track's feedback labels: one per genre its votes name, no others."""
    wanted = set(
        Feedback.objects.filter(track=track).values_list("genre_id", flat=True)
    )
    labels = Label.objects.filter(track=track, origin=Label.Origin.FEEDBACK)
    labels.exclude(genre_id__in=wanted).delete()
    have = set(labels.values_list("genre_id", flat=True))
    Label.objects.bulk_create(
        [
            Label(track=track, genre_id=genre_id, origin=Label.Origin.FEEDBACK)
            for genre_id in sorted(wanted - have)
        ],
        ignore_conflicts=True,
    )
