"""Reads of the classifier app."""

import hashlib
from datetime import datetime
from itertools import zip_longest

from django.conf import settings
from django.core.cache import cache
from django.db.models import QuerySet

from classifier.providers.errors import ProviderError
from classifier.services.providers import provider_get, providers_get

from .models import Classification, ModelVersion


def model_active_get() -> ModelVersion | None:
    return ModelVersion.objects.filter(active=True).first()


def model_list() -> QuerySet[ModelVersion]:
    return ModelVersion.objects.order_by("-created_at")


def classification_cached_get(
    *,
    track_key: str,
    model_version: ModelVersion,
    content_sha256: str | None = None,
    since: datetime | None = None,
) -> Classification | None:
    """The newest classification of this track by this model, if any.

    ``content_sha256`` also requires the same audio bytes; ``since`` a result made
    after that time.
    """
    found = Classification.objects.filter(
        track_key=track_key, model_version=model_version
    )
    if content_sha256 is not None:
        found = found.filter(content_sha256=content_sha256)
    if since is not None:
        found = found.filter(created_at__gte=since)
    return found.select_related("model_version").order_by("-created_at").first()


def track_search(*, query: str, provider: str | None = None, limit: int = 10) -> dict:
    """Merged search results of the configured providers (or of one), cached briefly.

    A provider that fails does not hide the others' results: its error is reported
    under ``errors``. Results interleave the providers, local first.
    """
    providers = providers_get()
    if provider is not None:
        providers = {provider: provider_get(provider)}
    key = (
        "search:"
        + hashlib.sha256(
            f"{sorted(providers)}\0{query.casefold()}\0{limit}".encode()
        ).hexdigest()
    )
    if (found := cache.get(key)) is not None:
        return found
    per_provider: list[list[dict]] = []
    errors: dict[str, str] = {}
    for name, source in providers.items():
        try:
            per_provider.append(
                [ref.to_dict() for ref in source.search(query, limit=limit)]
            )
        except ProviderError as error:
            if provider is not None:
                raise
            errors[name] = str(error)
    merged = [ref for group in zip_longest(*per_provider) for ref in group if ref]
    found = {"query": query, "results": merged[:limit], "errors": errors}
    if not errors:
        cache.set(key, found, settings.AUDIOFILER_SEARCH_CACHE_S)
    return found
