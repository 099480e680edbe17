"""Search the configured providers at once, under one deadline, cached briefly."""

import hashlib
import logging
from concurrent.futures import Future, ThreadPoolExecutor, wait
from itertools import zip_longest

from django.conf import settings
from django.core.cache import cache

from audiofiler.cache_guard import cache_call
from audiofiler.exceptions import describe
from classifier.providers.base import Provider
from classifier.providers.budget import remaining, run_in_budget, time_budget
from classifier.providers.errors import ProviderError
from classifier.services.providers import provider_get, providers_get

logger = logging.getLogger(__name__)

TIMED_OUT = "It did not answer in time. Try again in a moment."
FAILED = "It failed unexpectedly. Try again later."


def track_search(*, query: str, provider: str | None = None, limit: int = 10) -> dict:
    """Merged search results of the configured providers (or of one).

    Every provider is asked at the same time and waited for until the search budget
    (``AUDIOFILER_SEARCH_BUDGET_S``, within the request's) runs out. A provider that
    fails or is late does not hide the others' results: a human message says why
    under ``errors``. Results interleave the providers, local first. Answers without
    errors are cached for ``AUDIOFILER_SEARCH_CACHE_S``.
    """
    sources = (
        providers_get() if provider is None else {provider: provider_get(provider)}
    )
    key = (
        "search:"
        + hashlib.sha256(
            f"{sorted(sources)}\0{query.casefold()}\0{limit}".encode()
        ).hexdigest()
    )
    if (found := _cache_get(key)) is not None:
        return found
    with time_budget(settings.AUDIOFILER_SEARCH_BUDGET_S):
        if provider is not None:  # one provider: its errors are the answer's
            per_provider = {provider: sources[provider].search(query, limit=limit)}
            errors = {}
        else:
            per_provider, errors = _search_all(sources, query, limit)
    lists = [[ref.to_dict() for ref in refs] for refs in per_provider.values()]
    merged = [ref for group in zip_longest(*lists) for ref in group if ref]
    found = {"query": query, "results": merged[:limit], "errors": errors}
    if not errors:
        _cache_set(key, found, settings.AUDIOFILER_SEARCH_CACHE_S)
    return found


def _search_all(
    sources: dict[str, Provider], query: str, limit: int
) -> tuple[dict[str, list], dict[str, str]]:
    """Each provider's hits (in ``sources`` order) and a message per failed one."""
    pool = ThreadPoolExecutor(max_workers=len(sources), thread_name_prefix="search")
    try:
        futures: dict[str, Future] = {
            name: pool.submit(run_in_budget(source.search), query, limit=limit)
            for name, source in sources.items()
        }
        wait(futures.values(), timeout=max(0.0, remaining() or 0.0))
    finally:
        pool.shutdown(wait=False, cancel_futures=True)  # late threads end on their own
    hits: dict[str, list] = {}
    errors: dict[str, str] = {}
    for name, future in futures.items():
        if not future.done():
            logger.warning("search: %s did not answer within the budget", name)
            errors[name] = TIMED_OUT
        elif (error := future.exception()) is not None:
            errors[name] = _message(name, error)
        else:
            hits[name] = future.result()
    return hits, errors


def _message(name: str, error: BaseException) -> str:
    described = describe(error) if isinstance(error, Exception) else None
    if described is None or not isinstance(error, ProviderError):
        logger.error("search: %s failed", name, exc_info=error)
        return FAILED
    logger.info("search: %s failed: %s", name, error)
    return described[2]


def _cache_get(key: str):
    return cache_call(
        lambda: cache.get(key),
        default=None,
        message="search cache unavailable: %s",
        log=logger,
    )


def _cache_set(key: str, value: dict, timeout_s: int) -> None:
    cache_call(
        lambda: cache.set(key, value, timeout_s),
        default=None,
        message="search cache unavailable: %s",
        log=logger,
    )
