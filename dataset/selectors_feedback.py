"""Reads for visitors' votes: a visitor's vote, the genres a vote may name."""

from collections.abc import Sequence
from functools import lru_cache

from audiofiler.exceptions import ServiceError
from classifier.models import Classification
from dataset.models import Feedback, Genre
from dataset.sources.vocabulary import Vocabulary


@lru_cache(maxsize=1)
def _vocabulary() -> Vocabulary:
    return Vocabulary.load()


def classification_get(classification_id) -> Classification:
    """The classification a vote is about, with its model.

    Raises
    ------
    ServiceError
        404 ``not_found``.
    """
    try:
        return Classification.objects.select_related("model_version").get(
            pk=classification_id
        )
    except Classification.DoesNotExist:
        raise ServiceError(
            "There is no such result. Classify the song again, then tell us.",
            code="not_found",
            status_code=404,
        ) from None


def feedback_vote_get(*, classification_id, visitor: str) -> Feedback | None:
    """``visitor``'s vote on the classification, if they gave one."""
    return (
        Feedback.objects.filter(classification_id=classification_id, visitor=visitor)
        .select_related("genre")
        .first()
    )


def genre_choices(*, model_genres: Sequence[str]) -> dict[str, list[str]]:
    """What a vote may name: ``model`` (the model's genres) and ``other`` genres
    (the vocabulary's and the dataset's, sorted)."""
    known = set(_vocabulary().genres) | set(
        Genre.objects.values_list("name", flat=True)
    )
    return {
        "model": list(model_genres),
        "other": sorted(known - set(model_genres), key=str.lower),
    }


def genre_resolve(name: str, *, model_genres: Sequence[str]) -> str:
    """The genre a visitor means by ``name``.

    A model genre or a dataset genre by its name (any case), else the vocabulary's
    genre for it ("hip-hop" -> Rap, "bebop" -> Jazz).

    Raises
    ------
    ServiceError
        400 ``unknown_genre`` when nothing matches.
    """
    wanted = name.strip()
    for genre in model_genres:
        if genre.lower() == wanted.lower():
            return genre
    found = Genre.objects.filter(name__iexact=wanted).values_list("name", flat=True)
    if wanted and (dataset_genre := found.first()):
        return dataset_genre
    mapped = _vocabulary().genre_of(wanted) if wanted else None
    if mapped:
        return mapped
    raise ServiceError(
        f"We do not know the genre “{wanted[:64]}”. Pick one of the model's genres "
        f"({', '.join(model_genres)}) or a common genre name, such as Pop or Metal."
        if wanted
        else "Say which genre it is: pick one of the model's genres, or another one.",
        code="unknown_genre",
        status_code=400,
    )
